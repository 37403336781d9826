import type { Context, ScheduledEvent, SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { ImportError } from '../../../lambdas/core/errors';
import type { SyncRequest } from '../../../lambdas/core/messages';
import type { Connector } from '../../../lambdas/core/model';
import type { ConnectorStore } from '../../../lambdas/core/ports';
import {
  createListerHandler,
  type ListerDeps,
  syncAllConnectorsNow,
} from '../../../lambdas/handlers/lister-handler';
import { MemoryQueue } from '../../fixtures/memory-ports';
import { connectorOf, harnessOf } from '../discovery/harness';

function listerOf(connectors: Connector[]) {
  const h = harnessOf();
  const store: ConnectorStore = {
    list: async () => connectors,
    get: async (id) => connectors.find((connector) => connector.connectorId === id),
    put: async () => {},
  };
  const syncQueue = new MemoryQueue<SyncRequest>();
  let flushed = 0;
  const deps: ListerDeps = {
    ...h.deps,
    connectors: store,
    syncQueue,
    flush: () => {
      flushed += 1;
    },
  };
  return { h, deps, syncQueue, flushed: () => flushed };
}

function contextWith(remainingMs: number): Context {
  return { getRemainingTimeInMillis: () => remainingMs } as Context;
}

const cycle = '2026-12-01T00:00:00Z';

function scheduled(): ScheduledEvent {
  return {
    version: '0',
    id: 'e1',
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '123456789012',
    time: cycle,
    region: 'eu-west-1',
    resources: [],
    detail: {},
  };
}

function sqsEvent(bodies: string[]): SQSEvent {
  return {
    Records: bodies.map((body, index) => ({
      messageId: `m${index}`,
      receiptHandle: `r${index}`,
      body,
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: '0',
        SenderId: 's',
        ApproximateFirstReceiveTimestamp: '0',
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:eu-west-1:123456789012:sync',
      awsRegion: 'eu-west-1',
    })),
  };
}

describe('lister handler, scheduled event', () => {
  it('requests one sync per active connector for the cycle of the event', async () => {
    const { deps, syncQueue, flushed } = listerOf([
      connectorOf({ connectorId: 'a' }),
      connectorOf({ connectorId: 'b', status: 'paused' }),
      connectorOf({ connectorId: 'c', status: 'pending' }),
      connectorOf({ connectorId: 'd' }),
    ]);

    await createListerHandler(deps)(scheduled(), contextWith(60_000));

    expect(syncQueue.sent).toEqual([
      { connectorId: 'a', cycle },
      { connectorId: 'd', cycle },
    ]);
    expect(flushed()).toBe(1);
  });

  it('publishes how many active connectors are in error with each cycle', async () => {
    const { h, deps } = listerOf([
      connectorOf({ connectorId: 'a' }),
      connectorOf({ connectorId: 'b' }),
      connectorOf({ connectorId: 'c', status: 'paused' }),
    ]);
    await h.deps.health.put({ connectorId: 'a', state: 'error', consecutiveFailures: 2 });
    await h.deps.health.put({ connectorId: 'b', state: 'healthy', consecutiveFailures: 0 });
    await h.deps.health.put({ connectorId: 'c', state: 'error', consecutiveFailures: 7 });

    await createListerHandler(deps)(scheduled(), contextWith(60_000));

    expect(h.metrics.points).toContainEqual({
      name: 'ConnectorsInError',
      unit: 'Count',
      value: 1,
      connectorId: undefined,
    });
  });

  it('fails the invocation when the sync queue refuses a request, so that EventBridge retries it', async () => {
    const { deps, syncQueue } = listerOf([connectorOf({ connectorId: 'a' })]);
    syncQueue.rejectIds = new Set(['a']);

    const thrown = await createListerHandler(deps)(scheduled(), contextWith(60_000)).catch(
      (error: unknown) => error,
    );

    expect(thrown).toBeInstanceOf(ImportError);
    expect(thrown).toMatchObject({
      code: 'transient',
      message: `The sync queue refused the requests of 1 connectors for cycle ${cycle}.`,
    });
  });
});

describe('lister handler, sync-queue event', () => {
  it('syncs each requested connector and reports no failures', async () => {
    const { h, deps } = listerOf([connectorOf()]);
    h.put('reports/a.csv', 'a');

    const response = await createListerHandler(deps)(
      sqsEvent([JSON.stringify({ connectorId: 'c1', cycle })]),
      contextWith(60_000),
    );

    expect(response).toEqual({ batchItemFailures: [] });
    expect(h.queuedKeys()).toEqual(['reports/a.csv']);
  });

  it('reports an unreadable request as a batch item failure and still syncs the others', async () => {
    const { h, deps } = listerOf([connectorOf()]);
    h.put('reports/a.csv', 'a');

    const response = await createListerHandler(deps)(
      sqsEvent(['{"connectorId":', JSON.stringify({ connectorId: 'c1', cycle })]),
      contextWith(60_000),
    );

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm0' }] });
    expect(h.queuedKeys()).toEqual(['reports/a.csv']);
  });

  it('skips a second request for a cycle that already synced', async () => {
    const { h, deps } = listerOf([connectorOf()]);
    h.put('reports/a.csv', 'a');
    const handler = createListerHandler(deps);
    await handler(sqsEvent([JSON.stringify({ connectorId: 'c1', cycle })]), contextWith(60_000));
    h.put('reports/b.csv', 'b');

    await handler(sqsEvent([JSON.stringify({ connectorId: 'c1', cycle })]), contextWith(60_000));

    expect(h.queuedKeys()).toEqual(['reports/a.csv']);
  });

  it('stops before the Lambda timeout, leaving the window where it was', async () => {
    const { h, deps } = listerOf([connectorOf()]);
    h.put('reports/a.csv', 'a');

    await createListerHandler(deps)(
      sqsEvent([JSON.stringify({ connectorId: 'c1', cycle })]),
      contextWith(0),
    );

    expect(h.queuedKeys()).toEqual([]);
    expect(h.discoveryState.states.get('c1')).toBeUndefined();
    expect(h.health.items.get('c1')?.lastError).toMatchObject({
      code: 'transient',
      message:
        'The sync ran out of time before it settled the first page of the listing; the next sync starts where this one started.',
    });
  });
});

describe('syncAllConnectorsNow', () => {
  it('syncs every active connector directly and returns their summaries', async () => {
    const { h, deps } = listerOf([
      connectorOf({ connectorId: 'a', folder: 'a/' }),
      connectorOf({ connectorId: 'b', folder: 'b/', status: 'paused' }),
    ]);
    h.put('a/x.csv', 'x');
    h.put('b/y.csv', 'y');

    const summaries = await syncAllConnectorsNow(deps);

    expect(summaries.map((s) => [s.connectorId, s.outcome, s.counts.queued])).toEqual([
      ['a', 'succeeded', 1],
    ]);
    expect(h.queuedKeys()).toEqual(['a/x.csv']);
  });
});
