import { fixFor, fixForRecordedError } from '../connectors/fixes';
import type { ConnectorHealth, HealthError, SyncCounts } from '../discovery/ports';
import type { Connector, ConnectorStatus, ImportResult } from '../model';
import type { Template } from '../templates/schema';
import type { ServiceDeps } from './deps';
import { resultsReadPerConnector } from './imports';

/** Files and rows over a period, from the import results. */
export interface ImportTotals {
  filesImported: number;
  filesFailed: number;
  filesSkipped: number;
  rowsImported: number;
  rowsRejected: number;
}

/** One connector in the status table. */
export interface StatusRow {
  connectorId: string;
  name: string;
  /** The lifecycle, or `error` while syncs or the last verification fail (paused stays paused). */
  status: ConnectorStatus;
  bucket: string;
  folder: string;
  templateId: string;
  lastSyncAt?: string;
  lastSuccessAt?: string;
  lastCounts?: SyncCounts;
  last24Hours: ImportTotals;
  consecutiveFailures: number;
  /** Set while the connector is in error. */
  lastError?: HealthError;
  /** What to do about the error or the warning. */
  fix?: string;
  /** A problem that is not (yet) an error: no files in the folder, a missing template, a large folder. */
  warning?: string;
}

const dayMs = 24 * 60 * 60 * 1000;

/**
 * The status a person sees, everywhere it is shown (`status`, `connectors
 * list` and `show`, the API): the lifecycle, or `error` while the last sync or
 * verification failed. A paused connector stays paused, whatever its health.
 */
export function displayStatusOf(
  connector: Connector,
  health: ConnectorHealth | undefined,
): ConnectorStatus {
  const isBroken = health?.state === 'error' && connector.status !== 'paused';
  return isBroken ? 'error' : connector.status;
}

const order: Record<ConnectorStatus, number> = { error: 0, pending: 1, active: 2, paused: 3 };

function totalsSince(results: ImportResult[], since: string): ImportTotals {
  const totals = {
    filesImported: 0,
    filesFailed: 0,
    filesSkipped: 0,
    rowsImported: 0,
    rowsRejected: 0,
  };
  for (const result of results) {
    if (result.status === 'in_progress' || (result.finishedAt ?? '') < since) continue;
    if (result.status === 'failed') totals.filesFailed += 1;
    else if (result.status === 'skipped') totals.filesSkipped += 1;
    else totals.filesImported += 1;
    totals.rowsImported += result.rowsImported;
    totals.rowsRejected += result.rowsRejected;
  }
  return totals;
}

function warningOf(
  connector: Connector,
  health: ConnectorHealth | undefined,
  hasTemplate: boolean,
): { warning?: string; fix?: string } {
  if (!hasTemplate) {
    return {
      warning: `template "${connector.templateId}" does not exist`,
      fix: fixFor('template_not_found', connector),
    };
  }
  if (connector.status === 'pending') {
    return {
      warning: 'not verified yet',
      fix: `Run "s3-import connectors verify ${connector.name}" once the customer created the role.`,
    };
  }
  if (health?.state === 'healthy' && health.lastCounts?.inScope === 0) {
    return {
      warning: `no files in s3://${connector.bucket}/${connector.folder}`,
      fix: `If files were expected, check the folder: "s3-import connectors update ${connector.name} --folder PATH".`,
    };
  }
  if (health?.largeBucketWarning) {
    return {
      warning: `${health.largeBucketWarning.objectsInScope} files in scope, over the ${health.largeBucketWarning.threshold} the lister is sized for`,
      fix: 'Narrow the connector to a folder, or ask the customer to archive old files elsewhere.',
    };
  }
  return {};
}

/**
 * Every connector with its health and the last 24 hours of imports, broken
 * ones first (error, then pending, active, paused), by name within each.
 */
export async function connectorStatuses(deps: ServiceDeps): Promise<StatusRow[]> {
  const connectors = await deps.connectors.list();
  const since = new Date(deps.clock.now().getTime() - dayMs).toISOString();
  const templateIds = [...new Set(connectors.map((connector) => connector.templateId))];
  const templates = new Map<string, Template | undefined>(
    await Promise.all(templateIds.map(async (id) => [id, await deps.templates.get(id)] as const)),
  );

  const rows = await Promise.all(
    connectors.map(async (connector): Promise<StatusRow> => {
      const [health, results] = await Promise.all([
        deps.health.get(connector.connectorId),
        deps.results.listByConnector(connector.connectorId, resultsReadPerConnector),
      ]);
      const status = displayStatusOf(connector, health);
      const isBroken = status === 'error';
      const template = templates.get(connector.templateId);
      const note = warningOf(connector, health, template !== undefined);
      return {
        connectorId: connector.connectorId,
        name: connector.name,
        status,
        bucket: connector.bucket,
        folder: connector.folder,
        templateId: connector.templateId,
        lastSyncAt: health?.lastSyncFinishedAt,
        lastSuccessAt: health?.lastSuccessfulSyncAt,
        lastCounts: health?.lastCounts,
        last24Hours: totalsSince(results, since),
        consecutiveFailures: health?.consecutiveFailures ?? 0,
        ...(isBroken && health?.lastError
          ? {
              lastError: health.lastError,
              fix: fixForRecordedError(health.lastError, connector, template),
            }
          : {}),
        ...(note.warning ? { warning: note.warning } : {}),
        ...(!isBroken && note.fix ? { fix: note.fix } : {}),
      };
    }),
  );
  return rows.sort((a, b) => order[a.status] - order[b.status] || a.name.localeCompare(b.name));
}
