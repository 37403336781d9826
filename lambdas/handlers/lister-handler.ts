import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, ScheduledEvent, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import pLimit from 'p-limit';
import { dueConnectors, fanOutSyncRequests, syncConnectors } from '../core/discovery/sync-all';
import { type SyncDeps, type SyncSummary, syncConnector } from '../core/discovery/sync-connector';
import { ImportError } from '../core/errors';
import { parseSyncRequest, type SyncRequest } from '../core/messages';
import type { Connector } from '../core/model';
import type { ConnectorStore, WorkQueue } from '../core/ports';

/** What the lister needs: the sync's ports plus the connectors and the sync queue. */
export interface ListerDeps extends SyncDeps {
  connectors: ConnectorStore;
  syncQueue: WorkQueue<SyncRequest>;
  /** Connectors listed at once by `syncAllConnectorsNow`. @default 4 */
  concurrency?: number;
  /** Called once at the end of every invocation, e.g. to publish buffered metrics. */
  flush?: () => void;
}

/**
 * Time kept back from the Lambda's remaining time: the page in hand must
 * finish and the health be written before the runtime stops the function.
 */
const safetyMarginMs = 15_000;

function deadlineOf(deps: ListerDeps, remainingMs: number): Date {
  const usable = Math.max(remainingMs - safetyMarginMs, remainingMs / 2);
  return new Date(deps.clock.now().getTime() + usable);
}

function isSqsEvent(event: ScheduledEvent | SQSEvent): event is SQSEvent {
  return Array.isArray((event as SQSEvent).Records);
}

/**
 * Syncs every active connector now, a few at a time, without the sync queue:
 * what the local runner and the CLI call. The deadline defaults to five minutes
 * from now; each connector's failure is in its summary.
 */
export async function syncAllConnectorsNow(
  deps: ListerDeps,
  options: { deadline?: Date; concurrency?: number } = {},
): Promise<SyncSummary[]> {
  const connectors = await deps.connectors.list();
  const deadline = options.deadline ?? new Date(deps.clock.now().getTime() + 5 * 60_000);
  return syncConnectors(deps, connectors, {
    deadline,
    concurrency: options.concurrency ?? deps.concurrency,
  });
}

/** Active connectors whose last sync failed, for the dashboard's sync health. */
async function countConnectorsInError(deps: ListerDeps, connectors: Connector[]): Promise<number> {
  const limit = pLimit(16);
  const states = await Promise.all(
    dueConnectors(connectors).map((connector) =>
      limit(async () => (await deps.health.get(connector.connectorId))?.state),
    ),
  );
  return states.filter((state) => state === 'error').length;
}

async function fanOut(deps: ListerDeps, event: ScheduledEvent): Promise<void> {
  const connectors = await deps.connectors.list();
  const { requested, failedConnectorIds } = await fanOutSyncRequests(
    connectors,
    event.time,
    deps.syncQueue,
  );
  const inError = await countConnectorsInError(deps, connectors);
  deps.metrics.add('ConnectorsInError', 'Count', inError);
  deps.logger.info('syncs requested', {
    cycle: event.time,
    connectors: connectors.length,
    connectors_in_error: inError,
    syncs_requested: requested,
  });
  if (failedConnectorIds.length > 0) {
    deps.logger.error('sync requests refused', { cycle: event.time, refused: failedConnectorIds });
    // EventBridge retries a failed invocation; connectors already synced this cycle are skipped.
    throw new ImportError(
      'transient',
      `The sync queue refused the requests of ${failedConnectorIds.length} connectors for cycle ${event.time}.`,
    );
  }
}

async function syncRequested(deps: ListerDeps, record: SQSRecord, context: Context) {
  let request: SyncRequest;
  try {
    request = parseSyncRequest(record.body);
  } catch (error) {
    // Failed back to the queue: after its retries it lands in the dead-letter queue for a look.
    deps.logger.warn('sync request rejected', {
      message_id: record.messageId,
      error_code: (error as ImportError).code,
    });
    throw error;
  }
  const connector = await deps.connectors.get(request.connectorId);
  if (!connector) {
    deps.logger.warn('sync skipped, connector not found', { connector_id: request.connectorId });
    return;
  }
  const summary = await syncConnector(deps, connector, {
    deadline: deadlineOf(deps, context.getRemainingTimeInMillis()),
    cycle: request.cycle,
  });
  if (summary.outcome.startsWith('skipped')) {
    deps.logger.info('sync skipped', {
      connector_id: connector.connectorId,
      reason: summary.outcome,
    });
  }
}

/**
 * The lister Lambda's handler. On the schedule's event it hands each active
 * connector to its own invocation through the sync queue (one request per
 * connector per cycle, the cycle being the event's time); on sync-queue events
 * it syncs each requested connector within the invocation's remaining time.
 * A request that cannot be read or whose sync could not record its outcome is
 * reported as a batch item failure and retried by the queue; a connector's own
 * failures are in its health, not retried before the next cycle.
 */
export function createListerHandler(deps: ListerDeps) {
  const processor = new BatchProcessor(EventType.SQS);
  return async (
    event: ScheduledEvent | SQSEvent,
    context: Context,
  ): Promise<SQSBatchResponse | undefined> => {
    try {
      if (isSqsEvent(event)) {
        return await processPartialResponse(
          event,
          (record: SQSRecord) => syncRequested(deps, record, context),
          processor,
          { context, throwOnFullBatchFailure: false },
        );
      }
      await fanOut(deps, event);
      return undefined;
    } finally {
      deps.flush?.();
    }
  };
}
