import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlatformClients, type PlatformClients } from '../../lambdas/adapters/aws-clients';
import { DynamoTemplateStore } from '../../lambdas/adapters/dynamo-template-store';
import { InvalidInputError } from '../../lambdas/core/errors';
import type { TemplateInput } from '../../lambdas/core/templates/schema';
import { provisionLocalDeployment } from '../../lambdas/local/provision';
import { type LocalServers, startLocalServers } from '../../lambdas/local/servers';

function input(templateId: string, name = 'Orders'): TemplateInput {
  return {
    templateId,
    name,
    recordType: 'order',
    format: 'csv',
    fields: [
      { name: 'id', source: 'ID', type: 'integer', required: true },
      { name: 'amount', source: 'Amount', type: 'decimal', decimalSeparator: ',', default: '0' },
    ],
    primaryKey: ['id'],
    conditions: [{ action: 'ignore', source: 'ID', operator: 'equals', value: 'TOTAL' }],
  };
}

describe('DynamoTemplateStore on the local DynamoDB server', () => {
  let servers: LocalServers;
  let clients: PlatformClients;
  let tableName: string;
  const clock = { now: () => new Date('2026-12-01T10:00:00.000Z') };

  beforeAll(async () => {
    servers = await startLocalServers({ s3Port: 0, dynamoDbPort: 0 });
    const config = await provisionLocalDeployment(servers.endpoints);
    clients = createPlatformClients(config);
    tableName = config.templatesTable;
  });

  afterAll(async () => {
    clients?.dynamo.destroy();
    await servers?.stop();
  });

  it('stores increasing versions and reads the newest or a given one', async () => {
    const store = new DynamoTemplateStore(clients.dynamo, tableName, clock);

    const first = await store.save(input('versions', 'First'));
    const second = await store.save(input('versions', 'Second'));

    expect([first.version, second.version]).toEqual([1, 2]);
    expect(await store.get('versions')).toEqual(second);
    expect(await store.get('versions', 1)).toEqual(first);
    expect(await store.get('versions', 9)).toBeUndefined();
    expect(await store.get('never-saved')).toBeUndefined();
  });

  it('round-trips every setting, normalised as validation left it', async () => {
    const store = new DynamoTemplateStore(clients.dynamo, tableName, clock);

    const saved = await store.save(input('round-trip'));

    expect(await store.get('round-trip', 1)).toEqual({
      templateId: 'round-trip',
      name: 'Orders',
      recordType: 'order',
      format: 'csv',
      headerRow: 1,
      csv: { delimiter: ',', quote: '"', escape: '"', encoding: 'utf-8' },
      fields: [
        { name: 'id', source: 'ID', type: 'integer', required: true },
        {
          name: 'amount',
          source: 'Amount',
          type: 'decimal',
          required: false,
          decimalSeparator: ',',
          default: '0',
        },
      ],
      primaryKey: ['id'],
      conditions: [{ action: 'ignore', source: 'ID', operator: 'equals', value: 'TOTAL' }],
      version: 1,
      createdAt: '2026-12-01T10:00:00.000Z',
    });
    expect(saved.version).toBe(1);
  });

  it('gives concurrent saves distinct versions without overwriting any', async () => {
    const store = new DynamoTemplateStore(clients.dynamo, tableName, clock);

    const saved = await Promise.all(
      Array.from({ length: 5 }, (_, index) => store.save(input('concurrent', `Save ${index}`))),
    );

    const versions = saved.map((template) => template.version).sort();
    expect(versions).toEqual([1, 2, 3, 4, 5]);
    for (const template of saved) {
      expect((await store.get('concurrent', template.version))?.name).toBe(template.name);
    }
  });

  it('lists the newest version of each template', async () => {
    const store = new DynamoTemplateStore(clients.dynamo, tableName, clock);
    await store.save(input('list-a'));
    await store.save(input('list-a', 'Newer'));

    const listed = await store.list();

    expect(listed.find((template) => template.templateId === 'list-a')).toMatchObject({
      version: 2,
      name: 'Newer',
    });
    expect(new Set(listed.map((template) => template.templateId)).size).toBe(listed.length);
  });

  it('refuses an invalid template before writing anything', async () => {
    const store = new DynamoTemplateStore(clients.dynamo, tableName, clock);

    const saving = store.save({ ...input('invalid'), primaryKey: ['ID'] });

    await expect(saving).rejects.toBeInstanceOf(InvalidInputError);
    await expect(saving).rejects.toThrow(
      'Template "invalid" has 1 problem: primaryKey[0]: "ID" is not a field of this template; fields: id, amount.',
    );
    expect(await store.get('invalid')).toBeUndefined();
  });
});
