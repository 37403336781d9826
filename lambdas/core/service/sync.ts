import { findConnector } from '../connectors/connector-service';
import { syncConnectors } from '../discovery/sync-all';
import type { SyncSummary } from '../discovery/sync-connector';
import { InvalidInputError } from '../errors';
import type { Connector } from '../model';
import type { ServiceDeps } from './deps';

/** How long `syncNow` lets each connector list before it stops between pages. */
const syncBudgetMs = 5 * 60_000;

/** Throws `InvalidInputError`, with the fix, for a connector that does not sync (paused, pending). */
export function refuseUnlessActive(connector: Connector): void {
  if (connector.status === 'active') return;
  throw new InvalidInputError(
    `Connector "${connector.name}" is ${connector.status}; only active connectors sync. ${
      connector.status === 'paused'
        ? `Resume it with "s3-import connectors resume ${connector.name}".`
        : `Verify it with "s3-import connectors verify ${connector.name}".`
    }`,
  );
}

/**
 * Runs discovery now, in this process: one connector (which must be active),
 * or every active one. Each summary carries its connector's counts or error;
 * one connector's failure never stops the others.
 */
export async function syncNow(
  deps: ServiceDeps,
  options: { connector?: string } = {},
): Promise<SyncSummary[]> {
  const connectors = options.connector
    ? [await findConnector(deps.connectors, options.connector)]
    : await deps.connectors.list();
  if (options.connector) refuseUnlessActive(connectors[0]);
  const deadline = new Date(deps.clock.now().getTime() + syncBudgetMs);
  return syncConnectors(deps.sync, connectors, { deadline });
}
