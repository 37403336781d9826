import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { syncConnector } from '../../../lambdas/core/discovery/sync-connector';
import type { ListPage, ObjectStore } from '../../../lambdas/core/ports';
import { connectorOf, harnessOf, minute, tenFiles } from './harness';

type Harness = ReturnType<typeof harnessOf>;

/**
 * Real milliseconds to the deadline. The harness clock stands still, so only
 * the abort at the deadline can stop these syncs, never the check between pages.
 */
const deadlineInMs = 300;
/** What a stopped sync may take beyond its deadline: settling, saving, the health. */
const marginMs = 700;

/**
 * Serves `pages` pages, then a request that never answers: it rejects when its
 * signal aborts, as the SDK does, or, with `noticesAbort` false, never settles.
 */
function stallingAfter(h: Harness, pages: number, noticesAbort = true) {
  const seen = { requests: 0, aborted: false };
  const store: ObjectStore = {
    getObject: (params) => h.objects.getObject(params),
    async *listObjects(params): AsyncIterable<ListPage> {
      const { signal } = params;
      for await (const page of h.objects.listObjects(params)) {
        seen.requests += 1;
        if (seen.requests > pages) {
          await new Promise<never>((_, reject) => {
            signal?.addEventListener('abort', () => {
              seen.aborted = true;
              if (noticesAbort) {
                reject(Object.assign(new Error('Request aborted'), { name: 'AbortError' }));
              }
            });
          });
        }
        yield page;
      }
    },
  };
  return { store, seen };
}

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; elapsedMs: number }> {
  const started = performance.now();
  const result = await work();
  return { result, elapsedMs: performance.now() - started };
}

function deadlineSoon(h: Harness): Date {
  return new Date(h.clock.now().getTime() + deadlineInMs);
}

describe('syncConnector: a listing request still in flight at the deadline', () => {
  it.each([
    ['aborts it', true],
    ['stops without waiting for a store that ignores the abort', false],
  ])(
    '%s, saves its place like a stop between pages, and the next run resumes',
    async (_name, noticesAbort) => {
      const h = harnessOf();
      const keys = tenFiles(h);
      const stalling = stallingAfter(h, 2, noticesAbort);
      h.deps.objectStores = () => stalling.store;
      const firstStart = h.objects.serverTime.toISOString();

      const { result: first, elapsedMs } = await timed(() =>
        syncConnector(h.deps, connectorOf(), { deadline: deadlineSoon(h) }),
      );
      const paused = await h.health.get('c1');
      const queuedByFirst = h.queuedKeys();
      const markedByFirst = h.discoveryState.ledger.size;
      h.deps.objectStores = () => h.objects;
      h.advance(5 * minute);
      const second = await syncConnector(h.deps, connectorOf(), { deadline: h.deadline() });

      expect(elapsedMs).toBeGreaterThanOrEqual(deadlineInMs - 50);
      expect(elapsedMs).toBeLessThan(deadlineInMs + marginMs);
      expect(stalling.seen.aborted).toBe(true);
      expect(first).toMatchObject({
        outcome: 'interrupted',
        progressSaved: true,
        counts: { listed: 4, queued: 4 },
      });
      expect(first.error).toBeUndefined();
      // Nothing past the two pages settled: the third, never answered, marked nothing.
      expect(queuedByFirst).toEqual(keys.slice(0, 4));
      expect(markedByFirst).toBe(4);
      expect(h.discoveryState.states.get('c1')?.resume).toBeUndefined();
      expect(paused).toMatchObject({
        state: 'healthy',
        consecutiveFailures: 0,
        listingInProgressSince: firstStart,
      });
      expect(paused?.lastError).toBeUndefined();
      expect(h.metrics.total('SyncsFailed')).toBe(0);
      expect(second).toMatchObject({
        outcome: 'succeeded',
        objectsInScope: 10,
        counts: { listed: 6, queued: 6 },
      });
      expect(h.queuedKeys()).toEqual(keys);
      expect(h.discoveryState.states.get('c1')?.lastCompleteListingStart).toBe(firstStart);
    },
  );

  it('stops at the deadline when the first request never answers, saving nothing, as a deadline before the first page does', async () => {
    const h = harnessOf();
    const keys = tenFiles(h);
    const stalling = stallingAfter(h, 0);
    h.deps.objectStores = () => stalling.store;

    const { result: first, elapsedMs } = await timed(() =>
      syncConnector(h.deps, connectorOf(), { deadline: deadlineSoon(h) }),
    );
    const stateAfterFirst = h.discoveryState.states.get('c1');
    h.deps.objectStores = () => h.objects;
    h.advance(5 * minute);
    const second = await syncConnector(h.deps, connectorOf(), { deadline: h.deadline() });

    expect(elapsedMs).toBeLessThan(deadlineInMs + marginMs);
    expect(first).toMatchObject({
      outcome: 'interrupted',
      counts: { queued: 0 },
      error: {
        code: 'transient',
        message:
          'The sync ran out of time before it settled the first page of the listing; the next sync starts where this one started.',
      },
    });
    expect(first.progressSaved).toBeUndefined();
    expect(stateAfterFirst).toBeUndefined();
    expect(stalling.seen.aborted).toBe(true);
    expect(second.outcome).toBe('succeeded');
    expect(h.queuedKeys()).toEqual(keys);
  });

  it('passes no abort to a listing that finishes before the deadline', async () => {
    const h = harnessOf();
    const keys = tenFiles(h);
    const signals: (AbortSignal | undefined)[] = [];
    const recording: ObjectStore = {
      getObject: (params) => h.objects.getObject(params),
      listObjects(params) {
        signals.push(params.signal);
        return h.objects.listObjects(params);
      },
    };
    h.deps.objectStores = () => recording;

    const summary = await syncConnector(h.deps, connectorOf(), { deadline: deadlineSoon(h) });
    await new Promise((resolve) => setTimeout(resolve, deadlineInMs + 50));

    expect(summary.outcome).toBe('succeeded');
    expect(h.queuedKeys()).toEqual(keys);
    expect(signals).toHaveLength(1);
    // The deadline's timer was cleared with the listing: it never fired afterwards.
    expect(signals[0]?.aborted).toBe(false);
  });
});
