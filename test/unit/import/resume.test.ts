import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { TransientError } from '../../../lambdas/core/errors';
import { importFile } from '../../../lambdas/core/import/import-file';
import type { FileTask, ImportResult } from '../../../lambdas/core/model';
import { bucket, connector, createHarness, ordersCsv, taskFor } from './harness';

/** What must not depend on how many parts an import took. */
function outcomeOf(result: ImportResult) {
  const {
    startedAt: _s,
    finishedAt: _f,
    errorReportKey: _k,
    errorReportKeys: _ks,
    ...rest
  } = result;
  return rest;
}

/** Enough rows for several 256 KiB read chunks, with some rejected. */
const csv = ordersCsv(30_000, 997);

async function importInOneGo(key: string, body: string | Uint8Array) {
  const harness = createHarness();
  const object = harness.objects.putObject(bucket, key, body);
  const result = await importFile(harness.deps(), connector, taskFor(object));
  return { result, records: harness.records.records };
}

describe('resuming an import', () => {
  it.each([
    ['an uncompressed file, from its byte offset', 'in/orders.csv', csv],
    [
      'a gzip file, by reading it again and skipping rows',
      'in/orders.csv.gz',
      new Uint8Array(gzipSync(csv)),
    ],
  ])('continues %s with the same result as an import in one go', async (_name, key, body) => {
    const oneGo = await importInOneGo(key, body);
    const harness = createHarness();
    const object = harness.objects.putObject(bucket, key, body);
    let calls = 0;
    const lowAfterTwoBatches = () => (++calls > 2 ? 1_000 : 900_000);

    const first = await importFile(
      harness.deps({ remainingTimeMs: lowAfterTwoBatches }),
      connector,
      taskFor(object),
    );
    const continuation = harness.continuation.sent[0] as FileTask;
    const final = await importFile(harness.deps(), connector, continuation);

    expect(first.status).toBe('in_progress');
    expect(first.checkpoint?.nextRowNumber).toBeGreaterThan(2);
    expect(continuation.checkpoint).toEqual(first.checkpoint);
    expect(harness.continuation.sent).toHaveLength(1);
    expect(oneGo.result.rowsRejected).toBe(30);
    expect(outcomeOf(final)).toEqual(outcomeOf(oneGo.result));
    expect(harness.records.records).toEqual(oneGo.records);
    expect(final.errorReportKeys).toHaveLength(2);
  });

  it('lets a retry take over a crashed import once its claim lapses, with one result', async () => {
    const oneGo = await importInOneGo('in/orders.csv', csv);
    const harness = createHarness();
    const object = harness.objects.putObject(bucket, 'in/orders.csv', csv);
    const write = harness.records.write.bind(harness.records);
    let writes = 0;
    harness.records.write = async (records) => {
      writes += 1;
      if (writes > 2) return new Promise<void>(() => {}); // the invocation dies here
      return write(records);
    };
    void importFile(harness.deps({ invocationId: 'dead' }), connector, taskFor(object));
    await new Promise((resolve) => setTimeout(resolve, 50));
    harness.records.write = write;

    const tooEarly = await importFile(harness.deps(), connector, taskFor(object)).catch(
      (error) => error,
    );
    harness.clock.current = new Date(harness.clock.current.getTime() + 931_000);
    const retried = await importFile(harness.deps(), connector, taskFor(object));

    expect(tooEarly).toBeInstanceOf(TransientError);
    expect(outcomeOf(retried)).toEqual(outcomeOf(oneGo.result));
    expect(harness.records.records).toEqual(oneGo.records);
    expect(harness.results.results.size).toBe(1);
  });

  it('keeps the checkpoint for a redelivery when the continuation cannot be queued', async () => {
    const harness = createHarness();
    const object = harness.objects.putObject(bucket, 'in/orders.csv', csv);
    harness.continuation.rejectIds.add('continuation');
    let calls = 0;
    const deps = harness.deps({ remainingTimeMs: () => (++calls > 2 ? 1_000 : 900_000) });

    const error = await importFile(deps, connector, taskFor(object)).catch((caught) => caught);
    const stored = [...harness.results.results.values()][0];
    const redelivered = await importFile(harness.deps(), connector, taskFor(object));

    expect(error).toBeInstanceOf(TransientError);
    expect(error.message).toContain(
      'was not queued; the redelivered message resumes from the saved checkpoint.',
    );
    expect(stored.checkpoint?.nextRowNumber).toBeGreaterThan(2);
    expect(redelivered).toMatchObject({ status: 'partially_succeeded', rowsRead: 30_000 });
  });

  it('spends at least half of a budget shorter than the reserve before checkpointing', async () => {
    const harness = createHarness();
    const object = harness.objects.putObject(bucket, 'in/orders.csv', csv);

    const result = await importFile(
      harness.deps({ remainingTimeMs: () => 50_000 }),
      connector,
      taskFor(object),
    );

    expect(result).toMatchObject({ status: 'partially_succeeded', rowsRead: 30_000 });
    expect(harness.continuation.sent).toEqual([]);
  });
});
