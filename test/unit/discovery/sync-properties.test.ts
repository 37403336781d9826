import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type SyncSummary, syncConnector } from '../../../lambdas/core/discovery/sync-connector';
import { fileIdOf } from '../../../lambdas/core/file-id';
import type { FileTask } from '../../../lambdas/core/model';
import type { ListPage, ObjectStore } from '../../../lambdas/core/ports';
import { bucket, connectorOf, harnessOf, hour, minute, templateOf } from './harness';

const lookbackMs = 6 * hour;
const keys = [
  'reports/a.csv',
  'reports/b.csv',
  'reports/n/c.json',
  'reports/d.csv',
  'reports/e.png',
  'other/x.csv',
];
const contents = ['v1', 'v2', 'v3'];

type CrashPoint = 'none' | 'list' | 'send' | 'refuse' | 'ledger' | 'state' | 'deadline';

type Op =
  | { kind: 'upload'; key: string; content: string; ageMs: number }
  | { kind: 'delete'; key: string }
  | { kind: 'tick'; ms: number }
  | { kind: 'sync'; crash: CrashPoint; nth: number };

const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('upload' as const),
    key: fc.constantFrom(...keys),
    content: fc.constantFrom(...contents),
    // Mostly fresh uploads; some late ones inside the lookback; a few far outside it.
    ageMs: fc.oneof(
      fc.constant(0),
      fc.integer({ min: 1, max: lookbackMs - 10 * minute }),
      fc.integer({ min: 2 * lookbackMs, max: 3 * lookbackMs }),
    ),
  }),
  fc.record({ kind: fc.constant('delete' as const), key: fc.constantFrom(...keys) }),
  fc.record({ kind: fc.constant('tick' as const), ms: fc.integer({ min: 0, max: 2 * hour }) }),
  fc.record({
    kind: fc.constant('sync' as const),
    crash: fc.constantFrom<CrashPoint>(
      'none',
      'none',
      'none',
      'list',
      'send',
      'refuse',
      'ledger',
      'state',
      'deadline',
    ),
    nth: fc.integer({ min: 1, max: 3 }),
  }),
);

interface Outcome {
  sent: FileTask[];
  /** File ids whose ledger write was lost after the queue accepted them. */
  mayRepeat: Set<string>;
  /** Per complete listing: the versions it showed inside its window from start to end. */
  required: Set<string>;
  /** Per sync: its summary, what it sent, and the window the model expects it to use. */
  summaries: { summary: SyncSummary; sent: FileTask[]; windowStart: number }[];
}

const initialWindowMs = 90 * 24 * hour;

function faultyStore(inner: ObjectStore, failAfterPages: number): ObjectStore {
  return {
    getObject: (params) => inner.getObject(params),
    async *listObjects(params): AsyncIterable<ListPage> {
      let pages = 0;
      for await (const page of inner.listObjects(params)) {
        if (pages === failAfterPages) {
          throw new Error('lister killed while listing');
        }
        pages += 1;
        yield page;
      }
    },
  };
}

/** Passes the deadline (moving the lister's clock) after yielding `pages` pages. */
function timingOutStore(inner: ObjectStore, pages: number, passDeadline: () => void): ObjectStore {
  return {
    getObject: (params) => inner.getObject(params),
    async *listObjects(params): AsyncIterable<ListPage> {
      let yielded = 0;
      for await (const page of inner.listObjects(params)) {
        yield page;
        yielded += 1;
        if (yielded === pages) {
          passDeadline();
        }
      }
    },
  };
}

async function play(ops: Op[], withCrashes: boolean): Promise<Outcome> {
  const h = harnessOf({ lookbackMs });
  h.objects.pageSize = 2;
  h.templates.templates.set('orders', templateOf({ format: 'auto' }));
  const connector = connectorOf({ folder: 'reports/' });
  const outcome: Outcome = {
    sent: h.fileQueue.sent,
    mayRepeat: new Set(),
    required: new Set(),
    summaries: [],
  };
  const send = h.fileQueue.send.bind(h.fileQueue);
  const markQueued = h.discoveryState.markQueued.bind(h.discoveryState);
  const putState = h.discoveryState.putState.bind(h.discoveryState);

  // The model's own window: it moves only with listings that completed, by S3's
  // clock, to the start of their first part when they ran over several syncs.
  let lastCompleteStart: number | undefined;
  let resumeStart: number | undefined;
  let seenThroughout = new Set<string>();

  const runSync = async (crash: CrashPoint, nth: number) => {
    const resumed = resumeStart !== undefined;
    const listingStart = resumeStart ?? h.objects.serverTime.getTime();
    const windowStart =
      lastCompleteStart === undefined
        ? listingStart - initialWindowMs
        : lastCompleteStart - lookbackMs;
    let calls = 0;
    const hit = () => {
      calls += 1;
      return calls === nth;
    };
    const before = h.fileQueue.sent.length;
    // What this sync can see inside its window; a listing in several parts is
    // bound to queue only what stayed unchanged through all of them.
    const visible = new Set(
      [...(h.objects.buckets.get(bucket)?.values() ?? [])]
        .filter((o) => o.key.startsWith(connector.folder) && !o.key.endsWith('.png'))
        .filter((o) => o.lastModified.getTime() >= windowStart)
        .map((o) => fileIdOf(o.key, o.etag)),
    );
    seenThroughout = resumed
      ? new Set([...seenThroughout].filter((id) => visible.has(id)))
      : visible;
    h.deps.objectStores = () =>
      crash === 'list'
        ? faultyStore(h.objects, nth - 1)
        : crash === 'deadline'
          ? timingOutStore(h.objects, nth, () => h.clock.advance(11 * minute))
          : h.objects;
    h.fileQueue.send = async (entries) => {
      if (crash === 'send' && hit()) {
        throw new Error('lister killed before sending');
      }
      if (crash === 'refuse' && hit()) {
        const result = await send(entries.slice(1));
        return { failedIds: [...result.failedIds, entries[0].id] };
      }
      return send(entries);
    };
    h.discoveryState.markQueued = async (connectorId, entries) => {
      if (crash === 'ledger' && hit()) {
        for (const entry of entries) {
          outcome.mayRepeat.add(entry.fileId);
        }
        throw new Error('lister killed between send and ledger write');
      }
      return markQueued(connectorId, entries);
    };
    h.discoveryState.putState = async (state) => {
      if (crash === 'state' && hit()) {
        throw new Error('lister killed before writing state');
      }
      return putState(state);
    };

    const summary = await syncConnector(h.deps, connector, { deadline: h.deadline() });

    outcome.summaries.push({ summary, sent: h.fileQueue.sent.slice(before), windowStart });
    if (summary.outcome === 'interrupted' && summary.progressSaved) {
      resumeStart = listingStart;
    }
    if (summary.outcome === 'succeeded') {
      lastCompleteStart = listingStart;
      resumeStart = undefined;
      for (const id of seenThroughout) {
        outcome.required.add(id);
      }
    }
  };

  for (const op of ops) {
    if (op.kind === 'upload') {
      h.put(op.key, op.content, new Date(h.clock.now().getTime() - op.ageMs));
    } else if (op.kind === 'delete') {
      h.objects.deleteObject(bucket, op.key);
    } else if (op.kind === 'tick') {
      h.advance(op.ms);
    } else {
      await runSync(withCrashes ? op.crash : 'none', op.nth);
      h.advance(1000);
    }
  }
  // Two clean syncs: the first may finish a resumed listing, the second lists everything.
  await runSync('none', 1);
  h.advance(1000);
  await runSync('none', 1);
  return outcome;
}

function idsOf(tasks: FileTask[]): string[] {
  return tasks.map((task) => fileIdOf(task.key, task.etag));
}

describe('discovery over random histories', () => {
  it('without crashes, queues every version seen inside the window exactly once and nothing else', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArbitrary, { maxLength: 40 }), async (ops) => {
        const outcome = await play(ops, false);

        const sent = idsOf(outcome.sent);
        expect(new Set(sent).size).toBe(sent.length);
        for (const id of outcome.required) {
          expect(sent).toContain(id);
        }
        for (const { sent: tasks, windowStart } of outcome.summaries) {
          for (const task of tasks) {
            expect(task.key.startsWith('reports/')).toBe(true);
            expect(task.key.endsWith('.png')).toBe(false);
            expect(Date.parse(task.lastModified)).toBeGreaterThanOrEqual(windowStart);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('with crashes at any step, misses nothing and repeats only versions whose ledger write was lost, so a claim imports each once', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArbitrary, { maxLength: 40 }), async (ops) => {
        const outcome = await play(ops, true);

        const sent = idsOf(outcome.sent);
        const imported = new Set(sent);
        for (const id of outcome.required) {
          expect(imported.has(id)).toBe(true);
        }
        const repeated = sent.filter((id, index) => sent.indexOf(id) !== index);
        for (const id of repeated) {
          expect(outcome.mayRepeat.has(id)).toBe(true);
        }
        for (const { sent: tasks, windowStart } of outcome.summaries) {
          for (const task of tasks) {
            expect(Date.parse(task.lastModified)).toBeGreaterThanOrEqual(windowStart);
          }
        }
      }),
      {
        numRuns: 300,
        examples: [
          // An old file on the page a timed-out listing had fetched but not settled.
          [
            [
              { kind: 'upload', key: 'reports/d.csv', content: 'v1', ageMs: 13 * hour },
              { kind: 'upload', key: 'reports/a.csv', content: 'v1', ageMs: 0 },
              { kind: 'upload', key: 'reports/b.csv', content: 'v1', ageMs: 0 },
              { kind: 'sync', crash: 'deadline', nth: 1 },
            ],
          ],
        ],
      },
    );
  });
});
