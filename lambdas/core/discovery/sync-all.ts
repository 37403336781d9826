import pLimit from 'p-limit';
import type { SyncRequest } from '../messages';
import type { Connector } from '../model';
import type { WorkQueue } from '../ports';
import { type SyncDeps, type SyncSummary, syncConnector } from './sync-connector';

export interface SyncAllOptions {
  /** On the lister's clock: every connector's sync stops before it. */
  deadline: Date;
  /** How many connectors list at the same time. @default 4 */
  concurrency?: number;
  cycle?: string;
}

/** Connectors the schedule syncs: active ones (not pending, paused or in error). */
export function dueConnectors(connectors: Connector[]): Connector[] {
  return connectors.filter((connector) => connector.status === 'active');
}

/**
 * Syncs every active connector now, a bounded number at a time, each under its
 * own lease and deadline; one connector's failure is in its summary and never
 * stops the others. For the local runner and the CLI, which skip the sync queue.
 */
export async function syncConnectors(
  deps: SyncDeps,
  connectors: Connector[],
  options: SyncAllOptions,
): Promise<SyncSummary[]> {
  const limit = pLimit(options.concurrency ?? 4);
  return Promise.all(
    dueConnectors(connectors).map((connector) =>
      limit(() =>
        syncConnector(deps, connector, { deadline: options.deadline, cycle: options.cycle }),
      ),
    ),
  );
}

/**
 * Hands each due connector to its own lister through the sync queue, one
 * message per connector for this cycle. Returns the connectors the queue refused
 * after retries; the next cycle asks for them again.
 */
export async function fanOutSyncRequests(
  connectors: Connector[],
  cycle: string,
  syncQueue: WorkQueue<SyncRequest>,
): Promise<{ requested: number; failedConnectorIds: string[] }> {
  const due = dueConnectors(connectors);
  const { failedIds } = await syncQueue.send(
    due.map((connector) => ({
      id: connector.connectorId,
      body: { connectorId: connector.connectorId, cycle },
    })),
  );
  return { requested: due.length - failedIds.length, failedConnectorIds: failedIds };
}
