import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { syncConnectors } from '../../../lambdas/core/discovery/sync-all';
import type { ObjectStore } from '../../../lambdas/core/ports';
import { connectorOf, harnessOf } from './harness';

describe('syncConnectors', () => {
  it('lists at most the given number of connectors at a time, and a slow bucket holds up none of the others', async () => {
    const h = harnessOf();
    const ids = ['slow', 'b', 'c', 'd', 'e'];
    for (const id of ids) {
      h.put(`${id}/a.csv`, id);
    }
    let listing = 0;
    let mostAtOnce = 0;
    const finished: string[] = [];
    let releaseSlow = () => {};
    const othersDone = new Promise<void>((resolve) => {
      releaseSlow = resolve;
    });
    h.deps.objectStores = (connector): ObjectStore => ({
      getObject: (params) => h.objects.getObject(params),
      async *listObjects(params) {
        listing += 1;
        mostAtOnce = Math.max(mostAtOnce, listing);
        if (connector.connectorId === 'slow') {
          // Bounded, so that a sync that waited for it fails on the order, not by hanging.
          await Promise.race([othersDone, sleep(2_000)]);
        }
        yield* h.objects.listObjects(params);
        listing -= 1;
        finished.push(connector.connectorId);
        if (finished.length === ids.length - 1) {
          releaseSlow();
        }
      },
    });
    const connectors = ids.map((id) => connectorOf({ connectorId: id, folder: `${id}/` }));

    const summaries = await syncConnectors(h.deps, connectors, {
      deadline: h.deadline(),
      concurrency: 2,
    });

    expect(mostAtOnce).toBe(2);
    expect(finished).toEqual(['b', 'c', 'd', 'e', 'slow']);
    expect(summaries.map((summary) => [summary.connectorId, summary.outcome])).toEqual(
      ids.map((id) => [id, 'succeeded']),
    );
  });
});
