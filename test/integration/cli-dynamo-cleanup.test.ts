import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoConnectorCleanup } from '../../lambdas/adapters/dynamo-connector-cleanup';
import { DynamoRecordSink } from '../../lambdas/adapters/dynamo-record-sink';
import { createRuntime, type Runtime } from '../../lambdas/adapters/runtime';
import type { Connector, ImportedRecord } from '../../lambdas/core/model';
import { provisionLocalDeployment } from '../../lambdas/local/provision';
import { type LocalServers, startLocalServers } from '../../lambdas/local/servers';

function connector(connectorId: string): Connector {
  return {
    connectorId,
    name: connectorId,
    accountId: '123456789012',
    bucket: 'acme-exports',
    region: 'eu-west-1',
    folder: '',
    templateId: 'payments',
    externalId: 'x',
    roleArn: `arn:aws:iam::123456789012:role/s3-import-${connectorId}`,
    status: 'active',
    createdAt: '2026-12-01T00:00:00.000Z',
    updatedAt: '2026-12-01T00:00:00.000Z',
  };
}

function records(connectorId: string, count: number, recordType = 'payment'): ImportedRecord[] {
  return Array.from({ length: count }, (_, index) => ({
    connectorId,
    recordType,
    recordKey: `r-${index}`,
    fileId: 'f',
    row: index + 2,
    data: { index },
  }));
}

async function seedDiscovery(runtime: Runtime, connectorId: string, ledgerEntries: number) {
  await runtime.discoveryState.putState({
    connectorId,
    lastCompleteListingStart: '2026-12-01T00:00:00.000Z',
    updatedAt: '2026-12-01T00:00:00.000Z',
  });
  await runtime.discoveryState.markQueued(
    connectorId,
    Array.from({ length: ledgerEntries }, (_, index) => ({
      fileId: `file-${index}`,
      etag: '"e"',
      lastModified: '2026-12-01T00:00:00.000Z',
      expiresAt: 4_000_000_000,
    })),
  );
  await runtime.health.put({ connectorId, state: 'healthy', consecutiveFailures: 0 });
}

describe('DynamoConnectorCleanup on the local DynamoDB', () => {
  let servers: LocalServers;
  let runtime: Runtime;
  let cleanup: DynamoConnectorCleanup;

  beforeAll(async () => {
    servers = await startLocalServers({ s3Port: 0, dynamoDbPort: 0 });
    runtime = createRuntime(await provisionLocalDeployment(servers.endpoints));
    cleanup = new DynamoConnectorCleanup(runtime.clients.dynamo, runtime.config);
  });

  afterAll(async () => {
    runtime?.destroy();
    await servers?.stop();
  });

  it('clears the listing state and ledger for a new baseline and keeps the health', async () => {
    await seedDiscovery(runtime, 'c1', 30);
    await seedDiscovery(runtime, 'c2', 2);

    const deleted = await cleanup.forgetDiscovery('c1', 'baseline');

    expect(deleted).toBe(31);
    expect(await runtime.discoveryState.getState('c1')).toBeUndefined();
    expect(await runtime.discoveryState.findQueued('c1', ['file-0', 'file-29'])).toEqual(new Set());
    expect(await runtime.health.get('c1')).toMatchObject({ state: 'healthy' });
    expect(await runtime.discoveryState.findQueued('c2', ['file-0', 'file-1'])).toEqual(
      new Set(['file-0', 'file-1']),
    );
  });

  it('removes every discovery item of a deleted connector, the health and lease included', async () => {
    await seedDiscovery(runtime, 'c3', 3);
    await runtime.discoveryState.acquireLease(
      'c3',
      'me',
      new Date(Date.now() + 60_000),
      new Date(),
    );

    const deleted = await cleanup.forgetDiscovery('c3', 'all');

    expect(deleted).toBe(6);
    expect(await runtime.health.get('c3')).toBeUndefined();
    expect(await runtime.discoveryState.acquireLease('c3', 'other', new Date(), new Date())).toBe(
      true,
    );
  });

  it('purges the records of one connector across record types and deletes the connector', async () => {
    const sink = new DynamoRecordSink(runtime.clients.dynamo, runtime.config.recordsTable);
    await sink.write([...records('c4', 60), ...records('c4', 5, 'refund'), ...records('c5', 7)]);
    await runtime.connectors.put(connector('c4'));

    const purged = await cleanup.purgeRecords('c4');
    await cleanup.deleteConnector('c4');

    expect(purged).toBe(65);
    expect(await cleanup.purgeRecords('c5')).toBe(7);
    expect(await runtime.connectors.get('c4')).toBeUndefined();
  });
});
