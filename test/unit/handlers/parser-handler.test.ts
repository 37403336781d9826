import { describe, expect, it, vi } from 'vitest';
import { TransientError } from '../../../lambdas/core/errors';
import { fileIdOf } from '../../../lambdas/core/file-id';
import type { Connector, FileTask } from '../../../lambdas/core/model';
import type { ConnectorStore, LogFields } from '../../../lambdas/core/ports';
import { MemoryTemplateStore } from '../../../lambdas/core/templates/memory-template-store';
import { createParserHandler, type ParserDeps } from '../../../lambdas/handlers/parser-handler';
import { lambdaContextOf, sqsEventOf } from '../../fixtures/sqs-events';
import {
  bucket,
  connector,
  createHarness,
  ordersCsv,
  taskFor,
  templateOf,
} from '../import/harness';

function connectorsOf(...connectors: Connector[]): ConnectorStore {
  return {
    list: async () => connectors,
    get: async (id) => connectors.find((candidate) => candidate.connectorId === id),
    put: async () => {},
  };
}

async function setup() {
  const harness = createHarness();
  const templates = new MemoryTemplateStore(harness.clock);
  const { version: _v, createdAt: _c, ...input } = templateOf();
  await templates.save(input);
  const logged: { message: string; fields?: LogFields }[] = [];
  const record = (message: string, fields?: LogFields) => logged.push({ message, fields });
  const objectStores = vi.fn(() => harness.objects);
  const deps: ParserDeps = {
    ...harness.deps(),
    connectors: connectorsOf(connector),
    templates,
    objectStores,
    logger: { debug: record, info: record, warn: record, error: record },
  };
  return { harness, deps, logged, objectStores };
}

const plenty = () => 600_000;

describe('the parser handler', () => {
  it('imports each file message with the connector’s object store and template', async () => {
    const { harness, deps, objectStores } = await setup();
    const object = harness.objects.putObject(bucket, 'in/orders.csv', ordersCsv(4));

    const response = await createParserHandler(deps)(
      sqsEventOf([JSON.stringify(taskFor(object))]),
      lambdaContextOf(plenty),
    );

    expect(response).toEqual({ batchItemFailures: [] });
    expect(objectStores).toHaveBeenCalledWith(connector);
    expect(await harness.results.get('acme', fileIdOf(object.key, object.etag))).toMatchObject({
      status: 'succeeded',
      rowsImported: 4,
      templateVersion: 1,
    });
  });

  it('reports only the message that failed transiently as a batch item failure', async () => {
    const { harness, deps } = await setup();
    const good = harness.objects.putObject(bucket, 'in/good.csv', ordersCsv(2));
    const bad = harness.objects.putObject(bucket, 'in/bad.csv', ordersCsv(3));
    const write = harness.records.write.bind(harness.records);
    harness.records.write = async (records) => {
      if (records.length === 3) throw new TransientError('DynamoDB throttled the write.');
      return write(records);
    };

    const response = await createParserHandler(deps)(
      sqsEventOf([JSON.stringify(taskFor(bad)), JSON.stringify(taskFor(good))]),
      lambdaContextOf(plenty),
    );

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    expect((await harness.results.get('acme', fileIdOf(good.key, good.etag)))?.status).toBe(
      'succeeded',
    );
  });

  it('drops a message that can never parse, logging its id instead of retrying it', async () => {
    const { deps, logged } = await setup();

    const response = await createParserHandler(deps)(
      sqsEventOf(['{"connectorId":']),
      lambdaContextOf(plenty),
    );

    expect(response).toEqual({ batchItemFailures: [] });
    expect(logged).toContainEqual({
      message: 'file message dropped',
      fields: {
        message_id: 'm-1',
        error_code: 'invalid_input',
        reason: 'The file message is not JSON.',
      },
    });
  });

  it('refuses a message naming a key outside the connector’s folder', async () => {
    const { harness, deps, logged } = await setup();
    const outside = harness.objects.putObject(bucket, 'private/salaries.csv', ordersCsv(1));

    const response = await createParserHandler(deps)(
      sqsEventOf([JSON.stringify(taskFor(outside))]),
      lambdaContextOf(plenty),
    );

    expect(response).toEqual({ batchItemFailures: [] });
    expect(harness.results.results.size).toBe(0);
    expect(logged.map((entry) => entry.message)).toContain('file message refused');
  });

  it('records a failed result naming the connector and the fix when its template does not exist', async () => {
    const { harness, deps } = await setup();
    const object = harness.objects.putObject(bucket, 'in/orders.csv', ordersCsv(1));
    const orphan = { ...connector, templateId: 'gone' };

    await createParserHandler({ ...deps, connectors: connectorsOf(orphan) })(
      sqsEventOf([JSON.stringify(taskFor(object))]),
      lambdaContextOf(plenty),
    );

    expect(await harness.results.get('acme', fileIdOf(object.key, object.etag))).toMatchObject({
      status: 'failed',
      reasonCode: 'template_not_found',
      reasonMessage: `Template "gone" of connector "Acme" does not exist. Give the connector an existing template ("s3-import connectors update Acme --template ID") or create this one ("s3-import templates create"), then import the file again with "s3-import imports retry acme:${fileIdOf(object.key, object.etag)}".`,
    });
  });

  it('checkpoints when the invocation runs out of time and finishes with the same template version', async () => {
    const { harness, deps } = await setup();
    const object = harness.objects.putObject(bucket, 'in/orders.csv', ordersCsv(30_000));
    let remaining = 600_000;
    const handler = createParserHandler(deps);

    await handler(
      sqsEventOf([JSON.stringify(taskFor(object))]),
      lambdaContextOf(() => (remaining -= 200_000)),
    );
    const continuation = harness.continuation.sent[0] as FileTask;
    const {
      version: _v,
      createdAt: _c,
      ...changed
    } = templateOf({
      fields: [{ name: 'orderRef', source: 'order_id', required: true }],
      primaryKey: ['orderRef'],
    });
    await deps.templates.save(changed);
    await handler(sqsEventOf([JSON.stringify(continuation)]), lambdaContextOf(plenty, 'request-2'));

    expect(continuation.checkpoint?.nextRowNumber).toBeGreaterThan(2);
    expect(await harness.results.get('acme', fileIdOf(object.key, object.etag))).toMatchObject({
      status: 'succeeded',
      rowsImported: 30_000,
      templateVersion: 1,
    });
    expect(harness.records.records.get('acme#order#o-30000')?.data).toHaveProperty(
      'orderId',
      'o-30000',
    );
  });
});
