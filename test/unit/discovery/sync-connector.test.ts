import { describe, expect, it } from 'vitest';
import { syncConnector } from '../../../lambdas/core/discovery/sync-connector';
import { fileIdOf } from '../../../lambdas/core/file-id';
import { connectorOf, day, harnessOf, hour, minute } from './harness';

describe('syncConnector: what is queued', () => {
  it('queues files modified within the initial window and counts older ones as ignored', async () => {
    const h = harnessOf({ initialSyncDays: 90 });
    h.put('reports/recent.csv', 'a', new Date(h.clock.now().getTime() - 89 * day));
    h.put('reports/old.csv', 'b', new Date(h.clock.now().getTime() - 91 * day));

    const summary = await syncConnector(h.deps, connectorOf(), { deadline: h.deadline() });

    expect(h.queuedKeys()).toEqual(['reports/recent.csv']);
    expect(summary.outcome).toBe('succeeded');
    expect(summary.counts).toMatchObject({ inScope: 2, new: 1, queued: 1, ignoredTooOld: 1 });
  });

  it('lists only the folder, its nested folders included, and skips folder placeholders', async () => {
    const h = harnessOf();
    h.put('reports/a.csv', 'a');
    h.put('reports/2026/12/b.csv', 'b');
    h.put('reports/2026/', '');
    h.put('reports-old/c.csv', 'c');
    h.put('reports.csv', 'd');

    const summary = await syncConnector(h.deps, connectorOf({ folder: 'reports/' }), {
      deadline: h.deadline(),
    });

    expect(h.queuedKeys().sort()).toEqual(['reports/2026/12/b.csv', 'reports/a.csv']);
    expect(summary.counts).toMatchObject({ listed: 3, inScope: 2 });
  });

  it('queues nothing on a second sync when nothing changed', async () => {
    const h = harnessOf();
    h.put('reports/a.csv', 'a');
    await syncConnector(h.deps, connectorOf(), { deadline: h.deadline() });
    h.advance(5 * minute);

    const summary = await syncConnector(h.deps, connectorOf(), { deadline: h.deadline() });

    expect(h.queuedKeys()).toEqual(['reports/a.csv']);
    expect(summary.counts).toMatchObject({ inScope: 1, new: 0, queued: 0 });
  });

  it('queues a file sharing its LastModified second with one queued by the previous sync', async () => {
    const h = harnessOf();
    const second = h.clock.now();
    h.put('reports/b.csv', 'b', second);
    await syncConnector(h.deps, connectorOf(), { deadline: h.deadline() });
    h.put('reports/a.csv', 'a', second);
    h.put('reports/c.csv', 'c', second);
    h.advance(5 * minute);

    await syncConnector(h.deps, connectorOf(), { deadline: h.deadline() });

    expect(h.queuedKeys()).toEqual(['reports/b.csv', 'reports/a.csv', 'reports/c.csv']);
  });

  it('queues a late file whose LastModified is older than the previous listing, within the lookback', async () => {
    const h = harnessOf({ lookbackMs: 6 * hour });
    await syncConnector(h.deps, connectorOf(), { deadline: h.deadline() });
    h.advance(5 * minute);
    await syncConnector(h.deps, connectorOf(), { deadline: h.deadline() });
    h.put('reports/multipart.csv', 'm', new Date(h.clock.now().getTime() - 5 * hour));
    h.advance(5 * minute);

    const summary = await syncConnector(h.deps, connectorOf(), { deadline: h.deadline() });

    expect(h.queuedKeys()).toEqual(['reports/multipart.csv']);
    expect(summary.counts.queued).toBe(1);
  });

  it('honours a configured lookback: a file 30 hours late is queued with 48 hours, missed with the default 24', async () => {
    const syncsWith = async (options: { lookbackMs?: number }) => {
      const h = harnessOf(options);
      await syncConnector(h.deps, connectorOf(), { deadline: h.deadline() });
      h.advance(5 * minute);
      h.put('reports/late-multipart.csv', 'm', new Date(h.clock.now().getTime() - 30 * hour));
      h.advance(5 * minute);
      const summary = await syncConnector(h.deps, connectorOf(), { deadline: h.deadline() });
      return { summary, queued: h.queuedKeys() };
    };

    const wide = await syncsWith({ lookbackMs: 48 * hour });
    const standard = await syncsWith({});

    expect(wide.queued).toEqual(['reports/late-multipart.csv']);
    expect(wide.summary.windowStart).toBe('2026-11-29T00:00:00.000Z');
    expect(standard.queued).toEqual([]);
    expect(standard.summary.windowStart).toBe('2026-11-30T00:00:00.000Z');
  });

  it('still catches a late file after days without any new file, and never re-queues old ones as their ledger entries expire', async () => {
    const h = harnessOf({ lookbackMs: 6 * hour, ledgerRetentionMs: 2 * day });
    h.put('reports/first.csv', 'first');
    await syncConnector(h.deps, connectorOf(), { deadline: h.deadline() });
    for (let sync = 0; sync < 10 * 24; sync += 1) {
      h.advance(hour);
      h.discoveryState.expire(h.clock.now());
      await syncConnector(h.deps, connectorOf(), { deadline: h.deadline() });
    }
    h.put('reports/late.csv', 'late', new Date(h.clock.now().getTime() - 5 * hour));
    h.advance(5 * minute);

    await syncConnector(h.deps, connectorOf(), { deadline: h.deadline() });

    expect(h.queuedKeys()).toEqual(['reports/first.csv', 'reports/late.csv']);
  });

  it('queues an object overwritten with new content, but not one overwritten with the same bytes', async () => {
    const h = harnessOf();
    h.put('reports/changed.csv', 'v1');
    h.put('reports/same.csv', 'same');
    await syncConnector(h.deps, connectorOf(), { deadline: h.deadline() });
    h.advance(minute);
    const changed = h.put('reports/changed.csv', 'v2');
    h.put('reports/same.csv', 'same');
    h.advance(5 * minute);

    await syncConnector(h.deps, connectorOf(), { deadline: h.deadline() });

    expect(h.fileQueue.sent.map((task) => [task.key, task.etag])).toEqual([
      ['reports/changed.csv', expect.any(String)],
      ['reports/same.csv', expect.any(String)],
      ['reports/changed.csv', changed.etag],
    ]);
  });

  it('queues a key deleted and re-created with new content', async () => {
    const h = harnessOf();
    h.put('reports/a.csv', 'v1');
    await syncConnector(h.deps, connectorOf(), { deadline: h.deadline() });
    h.objects.deleteObject('customer-bucket', 'reports/a.csv');
    h.advance(5 * minute);
    await syncConnector(h.deps, connectorOf(), { deadline: h.deadline() });
    h.put('reports/a.csv', 'v2');
    h.advance(5 * minute);

    await syncConnector(h.deps, connectorOf(), { deadline: h.deadline() });

    expect(h.queuedKeys()).toEqual(['reports/a.csv', 'reports/a.csv']);
  });

  it('uses S3 clock for the window, not the lister clock', async () => {
    const h = harnessOf({ initialSyncDays: 1 });
    h.put('reports/a.csv', 'a', new Date(h.clock.now().getTime() - 12 * hour));
    h.clock.advance(3 * day);

    const summary = await syncConnector(h.deps, connectorOf(), {
      deadline: new Date(h.clock.now().getTime() + minute),
    });

    expect(h.queuedKeys()).toEqual(['reports/a.csv']);
    expect(summary.listingStart).toBe(h.objects.serverTime.toISOString());
  });

  it('queues each task with the listed key, ETag, size and LastModified', async () => {
    const h = harnessOf();
    const object = h.put('reports/a b+c%20ü.csv', 'abc');

    await syncConnector(h.deps, connectorOf(), { deadline: h.deadline() });

    expect(h.fileQueue.sent).toEqual([
      {
        connectorId: 'c1',
        bucket: 'customer-bucket',
        key: 'reports/a b+c%20ü.csv',
        etag: object.etag,
        size: 3,
        lastModified: object.lastModified.toISOString(),
      },
    ]);
  });
});

describe('syncConnector: files reported instead of queued', () => {
  it('reports a file over the size limit once as failed with file_too_large', async () => {
    const h = harnessOf({ maxFileBytes: 4 });
    const big = h.put('reports/big.csv', '12345');
    await syncConnector(h.deps, connectorOf(), { deadline: h.deadline() });
    h.advance(5 * minute);

    const second = await syncConnector(h.deps, connectorOf(), { deadline: h.deadline() });

    const result = await h.importResults.get('c1', fileIdOf(big.key, big.etag));
    expect(h.queuedKeys()).toEqual([]);
    expect(result).toMatchObject({
      status: 'failed',
      reasonCode: 'file_too_large',
      reasonMessage:
        'The file is 5 bytes (0.00 GiB); files up to 4 bytes (0.00 GiB) are imported. Split it into smaller files.',
    });
    expect(h.importResults.results.size).toBe(1);
    expect(second.counts.tooLarge).toBe(0);
  });

  it('reports a file the template cannot read as skipped with unsupported_format, and again when its ETag changes', async () => {
    const h = harnessOf();
    h.put('reports/photo.png', 'v1');
    await syncConnector(h.deps, connectorOf(), { deadline: h.deadline() });
    h.advance(minute);
    const changed = h.put('reports/photo.png', 'v2');
    h.advance(5 * minute);

    await syncConnector(h.deps, connectorOf(), { deadline: h.deadline() });

    const results = [...h.importResults.results.values()];
    expect(results.map((r) => [r.status, r.reasonCode])).toEqual([
      ['skipped', 'unsupported_format'],
      ['skipped', 'unsupported_format'],
    ]);
    expect(results[1].etag).toBe(changed.etag);
    expect(results[0].reasonMessage).toBe(
      'Template orders (format "csv") cannot import this file\'s type; it takes csv files, .txt, .dat or no extension.',
    );
    expect(h.queuedKeys()).toEqual([]);
  });
});
