import { describe, expect, it } from 'vitest';
import { requeueImport } from '../../../lambdas/core/connectors/reimport';
import { importFile } from '../../../lambdas/core/import/import-file';
import type { FileTask } from '../../../lambdas/core/model';
import { MemoryQueue } from '../../fixtures/memory-ports';
import { bucket, connector, createHarness, taskFor, templateOf } from '../import/harness';

describe('a retried import', () => {
  it('is imported again by the parser, where a plain redelivery is skipped as done', async () => {
    const strict = createHarness();
    const object = strict.objects.putObject(
      bucket,
      'in/orders.csv',
      'order_id,email\no-1,a@example.com\n',
    );
    const failed = await importFile(strict.deps(), connector, taskFor(object));
    const redelivered = await importFile(strict.deps(), connector, taskFor(object));
    const fileQueue = new MemoryQueue<FileTask>();

    await requeueImport(
      { results: strict.results, fileQueue, clock: strict.clock },
      connector,
      failed,
    );
    const lenient = {
      ...templateOf({
        fields: [
          { name: 'orderId', source: 'order_id', required: true },
          { name: 'email', source: 'email', type: 'email' },
        ],
      }),
      version: 4,
    };
    const retried = await importFile(
      { ...strict.deps(), template: lenient },
      connector,
      fileQueue.sent[0],
    );

    expect(failed).toMatchObject({ status: 'failed', reasonCode: 'missing_columns' });
    expect(redelivered).toEqual(failed);
    expect(failed.templateVersion).toBe(3);
    expect(retried).toMatchObject({
      status: 'succeeded',
      rowsRead: 1,
      rowsImported: 1,
      templateVersion: 4,
    });
    expect(retried.reasonCode).toBeUndefined();
    expect([...strict.records.records.values()].map((record) => record.recordKey)).toEqual(['o-1']);
    expect(await strict.results.get(connector.connectorId, failed.fileId)).toEqual(retried);
  });
});
