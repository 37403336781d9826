import { describe, expect, it } from 'vitest';
import { syncConnectors } from '../../../lambdas/core/discovery/sync-all';
import { syncConnector } from '../../../lambdas/core/discovery/sync-connector';
import { ConnectorError } from '../../../lambdas/core/errors';
import type { ListPage, ObjectStore } from '../../../lambdas/core/ports';
import { connectorOf, harnessOf, minute, tenFiles } from './harness';

type Harness = ReturnType<typeof harnessOf>;

/** An object store that fails once after yielding `pages` pages. */
function failingAfterPages(h: Harness, pages: number, error: Error): ObjectStore {
  let failed = false;
  return {
    getObject: (params) => h.objects.getObject(params),
    async *listObjects(params): AsyncIterable<ListPage> {
      let yielded = 0;
      for await (const page of h.objects.listObjects(params)) {
        if (!failed && yielded === pages) {
          failed = true;
          throw error;
        }
        yielded += 1;
        yield page;
      }
    },
  };
}

/** Serves the harness bucket, one minute of the lister's clock passing per page. */
function slowStore(h: Harness): ObjectStore {
  return {
    getObject: (params) => h.objects.getObject(params),
    async *listObjects(params) {
      for await (const page of h.objects.listObjects(params)) {
        yield page;
        h.clock.advance(minute);
      }
    },
  };
}

async function syncTwice(h: Harness) {
  const first = await syncConnector(h.deps, connectorOf(), { deadline: h.deadline() });
  h.advance(5 * minute);
  const second = await syncConnector(h.deps, connectorOf(), { deadline: h.deadline() });
  return { first, second };
}

describe('syncConnector after a crash', () => {
  it('moves nothing when the listing fails on page 3, and the next run queues the rest exactly once', async () => {
    const h = harnessOf();
    const keys = tenFiles(h);
    const store = failingAfterPages(h, 2, new ConnectorError('access_denied', 'denied'));
    h.deps.objectStores = () => store;

    const { first, second } = await syncTwice(h);

    expect(first.outcome).toBe('failed');
    expect(h.queuedKeys()).toEqual(keys);
    expect(second.counts).toMatchObject({ new: 6, queued: 6 });
    expect(h.discoveryState.states.get('c1')?.lastCompleteListingStart).toBe(second.listingStart);
  });

  it('queues what was missed when the queue fails mid-listing', async () => {
    const h = harnessOf();
    const keys = tenFiles(h);
    const send = h.fileQueue.send.bind(h.fileQueue);
    let calls = 0;
    h.fileQueue.send = async (entries) => {
      calls += 1;
      if (calls === 2) {
        throw new Error('connection reset');
      }
      return send(entries);
    };

    const { first } = await syncTwice(h);

    expect(first.error?.code).toBe('internal_error');
    expect(h.queuedKeys()).toEqual(keys);
  });

  it('queues a batch twice at most when the run dies between the send and the ledger write, and a claim by file id imports each once', async () => {
    const h = harnessOf();
    const keys = tenFiles(h);
    const markQueued = h.discoveryState.markQueued.bind(h.discoveryState);
    let calls = 0;
    h.discoveryState.markQueued = async (connectorId, entries) => {
      calls += 1;
      if (calls === 3) {
        throw new Error('killed');
      }
      return markQueued(connectorId, entries);
    };

    await syncTwice(h);

    const claimed = new Set(h.fileQueue.sent.map((task) => `${task.key}#${task.etag}`));
    expect(h.queuedKeys()).toEqual([...keys.slice(0, 6), ...keys.slice(4)]);
    expect(claimed.size).toBe(keys.length);
  });

  it('queues nothing twice when the run dies before writing its state', async () => {
    const h = harnessOf();
    const keys = tenFiles(h);
    const putState = h.discoveryState.putState.bind(h.discoveryState);
    let calls = 0;
    h.discoveryState.putState = async (state) => {
      calls += 1;
      if (calls === 1) {
        throw new Error('killed');
      }
      return putState(state);
    };

    const { first, second } = await syncTwice(h);

    expect(first.outcome).toBe('failed');
    expect(second.outcome).toBe('succeeded');
    expect(h.queuedKeys()).toEqual(keys);
  });

  it('does not mark files the queue refused, keeps the window, and queues them next run', async () => {
    const h = harnessOf();
    const keys = tenFiles(h);
    h.fileQueue.rejectIds = new Set(['placeholder']);
    const send = h.fileQueue.send.bind(h.fileQueue);
    let refused = false;
    h.fileQueue.send = async (entries) => {
      if (!refused) {
        refused = true;
        const result = await send(entries.slice(1));
        return { failedIds: [...result.failedIds, entries[0].id] };
      }
      return send(entries);
    };

    const { first, second } = await syncTwice(h);

    expect(first.outcome).toBe('failed');
    expect(first.error).toEqual({
      code: 'transient',
      message:
        'The file queue refused 1 of 10 new files after retries; the next sync queues them again.',
    });
    expect(h.discoveryState.states.get('c1')?.lastCompleteListingStart).toBe(second.listingStart);
    expect([...h.queuedKeys()].sort()).toEqual(keys);
    expect(second.counts.queued).toBe(1);
  });

  it('stops at the deadline between pages, saves its place without moving the window, and the next run goes on from there', async () => {
    const h = harnessOf();
    const keys = tenFiles(h);
    h.deps.objectStores = () => slowStore(h);
    const firstStart = h.objects.serverTime.toISOString();

    const first = await syncConnector(h.deps, connectorOf(), {
      deadline: new Date(h.clock.now().getTime() + 2 * minute),
    });
    const paused = await h.health.get('c1');
    h.advance(5 * minute);
    const second = await syncConnector(h.deps, connectorOf(), { deadline: h.deadline() });

    expect(first).toMatchObject({
      outcome: 'interrupted',
      progressSaved: true,
      counts: { queued: 4 },
    });
    expect(first.error).toBeUndefined();
    expect(paused).toMatchObject({ state: 'healthy', listingInProgressSince: firstStart });
    expect(h.discoveryState.states.get('c1')?.lastCompleteListingStart).toBe(firstStart);
    expect(second).toMatchObject({
      outcome: 'succeeded',
      objectsInScope: 10,
      counts: { listed: 6 },
    });
    expect((await h.health.get('c1'))?.listingInProgressSince).toBeUndefined();
    expect(h.queuedKeys()).toEqual(keys);
  });

  it('saves no place when the queue refused a file before the deadline, so the next run lists it again', async () => {
    const h = harnessOf();
    const keys = tenFiles(h);
    h.deps.objectStores = () => slowStore(h);
    const send = h.fileQueue.send.bind(h.fileQueue);
    let refused = false;
    h.fileQueue.send = async (entries) => {
      if (!refused) {
        refused = true;
        await send(entries.slice(1));
        return { failedIds: [entries[0].id] };
      }
      return send(entries);
    };

    const first = await syncConnector(h.deps, connectorOf(), {
      deadline: new Date(h.clock.now().getTime() + 2 * minute),
    });
    h.deps.objectStores = () => h.objects;
    h.advance(5 * minute);
    await syncConnector(h.deps, connectorOf(), { deadline: h.deadline() });

    expect(first).toMatchObject({
      outcome: 'interrupted',
      error: {
        code: 'transient',
        message:
          'The sync ran out of time after the file queue refused 1 new files; the next sync starts where this one started and queues them again.',
      },
    });
    expect(first.progressSaved).toBeUndefined();
    expect([...h.queuedKeys()].sort()).toEqual(keys);
  });

  it("keeps the first part's window when it resumes an initial listing", async () => {
    const h = harnessOf({ initialSyncDays: 1 });
    tenFiles(h);
    h.put('reports/z-old.csv', 'old', new Date(h.clock.now().getTime() - 20 * 60 * minute));
    h.deps.objectStores = () => slowStore(h);
    await syncConnector(h.deps, connectorOf(), {
      deadline: new Date(h.clock.now().getTime() + 2 * minute),
    });
    h.advance(10 * 60 * minute);

    const second = await syncConnector(h.deps, connectorOf(), { deadline: h.deadline() });

    expect(second.windowStart).toBe('2026-11-30T00:00:00.000Z');
    expect(h.queuedKeys()).toContain('reports/z-old.csv');
  });

  it('starts over when the saved place belongs to another folder', async () => {
    const h = harnessOf();
    const keys = tenFiles(h);
    await h.discoveryState.putState({
      connectorId: 'c1',
      resume: {
        listingStart: h.clock.now().toISOString(),
        afterKey: 'reports/f9.csv',
        folder: 'old/',
        inScope: 5,
      },
      updatedAt: h.clock.now().toISOString(),
    });

    const summary = await syncConnector(h.deps, connectorOf(), { deadline: h.deadline() });

    expect(summary.objectsInScope).toBe(10);
    expect(h.queuedKeys()).toEqual(keys);
  });
});

describe('syncConnector: runs and health', () => {
  it('skips a connector whose lease another run holds, listing nothing', async () => {
    const h = harnessOf();
    h.put('reports/a.csv', 'a');
    await h.discoveryState.acquireLease('c1', 'other-run', h.deadline(), h.clock.now());

    const summary = await syncConnector(h.deps, connectorOf(), { deadline: h.deadline() });

    expect(summary.outcome).toBe('skipped_lease_held');
    expect(h.queuedKeys()).toEqual([]);
    expect(h.health.items.size).toBe(0);
  });

  it('skips a cycle that already synced', async () => {
    const h = harnessOf();
    await syncConnector(h.deps, connectorOf(), {
      deadline: h.deadline(),
      cycle: '2026-12-01T00:00:00Z',
    });
    h.put('reports/a.csv', 'a');

    const again = await syncConnector(h.deps, connectorOf(), {
      deadline: h.deadline(),
      cycle: '2026-12-01T00:00:00Z',
    });

    expect(again.outcome).toBe('skipped_cycle_done');
    expect(h.queuedKeys()).toEqual([]);
  });

  it('marks health with template_not_found when the template is gone', async () => {
    const h = harnessOf();
    h.templates.templates.clear();

    const summary = await syncConnector(h.deps, connectorOf(), { deadline: h.deadline() });

    expect(summary.error).toEqual({
      code: 'template_not_found',
      message:
        'Connector "Orders" uses template "orders", which does not exist. Choose an existing template with "s3-import connectors update Orders --template ID", or create this one with "s3-import templates create".',
    });
    expect(h.health.items.get('c1')).toMatchObject({
      state: 'error',
      consecutiveFailures: 1,
      lastError: { code: 'template_not_found' },
    });
  });

  it('counts consecutive failures of one connector while others sync, and returns to healthy on recovery', async () => {
    const h = harnessOf();
    h.put('reports/a.csv', 'a');
    h.put('other/b.csv', 'b');
    const broken = connectorOf({ connectorId: 'broken', folder: 'reports/' });
    const fine = connectorOf({ connectorId: 'fine', folder: 'other/' });
    let brokenFails = true;
    h.deps.objectStores = (connector) =>
      connector.connectorId === 'broken' && brokenFails
        ? failingAfterPages(h, 0, new ConnectorError('role_not_assumable', 'trust policy'))
        : h.objects;

    await syncConnectors(h.deps, [broken, fine], { deadline: h.deadline() });
    h.advance(5 * minute);
    await syncConnectors(h.deps, [broken, fine], { deadline: h.deadline() });
    const failing = await h.health.get('broken');
    brokenFails = false;
    h.advance(5 * minute);
    await syncConnectors(h.deps, [broken, fine], { deadline: h.deadline() });

    expect(failing).toMatchObject({
      state: 'error',
      consecutiveFailures: 2,
      lastError: { code: 'role_not_assumable', message: 'trust policy' },
    });
    expect(await h.health.get('broken')).toMatchObject({
      state: 'healthy',
      consecutiveFailures: 0,
    });
    expect((await h.health.get('fine'))?.consecutiveFailures).toBe(0);
    expect(h.queuedKeys().sort()).toEqual(['other/b.csv', 'reports/a.csv']);
    expect(h.metrics.total('SyncsFailed')).toBe(2);
    const streak = h.metrics.points.filter((point) => point.name === 'ConsecutiveFailures');
    expect(streak.map((point) => point.value)).toEqual([1, 2]);
  });

  it('warns on health and in metrics when the folder holds more files than the threshold', async () => {
    const h = harnessOf({ largeBucketThreshold: 3 });
    for (const key of ['a', 'b', 'c', 'd']) {
      h.put(`reports/${key}.csv`, key);
    }

    await syncConnector(h.deps, connectorOf(), { deadline: h.deadline() });

    expect(h.health.items.get('c1')?.largeBucketWarning).toEqual({
      objectsInScope: 4,
      threshold: 3,
      at: h.clock.now().toISOString(),
    });
    expect(h.metrics.total('LargeBucketWarning')).toBe(1);
  });

  it('looks nothing up in the ledger when every file is older than the window', async () => {
    const h = harnessOf();
    tenFiles(h);
    await syncConnector(h.deps, connectorOf(), { deadline: h.deadline() });
    h.advance(3 * 24 * 60 * minute);
    await syncConnector(h.deps, connectorOf(), { deadline: h.deadline() });
    const before = h.discoveryState.findQueuedCalls;
    h.advance(5 * minute);

    await syncConnector(h.deps, connectorOf(), { deadline: h.deadline() });

    expect(h.discoveryState.findQueuedCalls - before).toBe(0);
  });

  it('skips a paused connector', async () => {
    const h = harnessOf();
    h.put('reports/a.csv', 'a');

    const summary = await syncConnector(h.deps, connectorOf({ status: 'paused' }), {
      deadline: h.deadline(),
    });

    expect(summary.outcome).toBe('skipped_not_active');
    expect(h.queuedKeys()).toEqual([]);
  });
});
