import { findConnector } from '../connectors/connector-service';
import { isRetryRequested, requeueImport } from '../connectors/reimport';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors';
import type { Connector, ImportResult, ImportStatus } from '../model';
import type { ServiceDeps } from './deps';

/** An import result with the id a user types to show or retry it. */
export type ImportView = ImportResult & {
  /** `<connectorId>:<fileId>`; see `resolveImport` for the shorter forms accepted. */
  importId: string;
  /** Where the full error report is, when rows were rejected. */
  errorReportUri?: string;
};

export const importStatuses: ImportStatus[] = [
  'in_progress',
  'succeeded',
  'partially_succeeded',
  'failed',
  'skipped',
];

/**
 * Results read per connector to list imports, look one up by key or id
 * prefix, or total the last 24 hours.
 */
// Limitation: a connector with more results than this has the rest left out of lookups.
export const resultsReadPerConnector = 10_000;

export interface ImportQuery {
  connector?: string;
  status?: string;
  limit: number;
}

function viewOf(deps: ServiceDeps, result: ImportResult): ImportView {
  const reportKey = result.errorReportKey;
  return {
    ...result,
    importId: `${result.connectorId}:${result.fileId}`,
    ...(reportKey ? { errorReportUri: `s3://${deps.resultsBucket}/${reportKey}` } : {}),
  };
}

/** The newest imports matching a query, and what the limit and the read cap left out. */
export interface ImportList {
  imports: ImportView[];
  /** How many results matched the filters before `limit` cut them. */
  matched: number;
  /** Connectors with more results than `resultsReadPerConnector`: the rest were not read. */
  capReachedFor: string[];
}

/** A connector a user names, or the id of a deleted one whose results are still stored. */
interface ConnectorScope {
  connectorId: string;
  connector?: Connector;
}

async function scopeOf(deps: ServiceDeps, reference: string): Promise<ConnectorScope> {
  try {
    const connector = await findConnector(deps.connectors, reference);
    return { connectorId: connector.connectorId, connector };
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    // Import results outlive their connector, as history kept for audit.
    const kept = await deps.results.listByConnector(reference, 1);
    if (kept.length === 0) throw error;
    return { connectorId: reference };
  }
}

async function scopesOf(deps: ServiceDeps, reference?: string): Promise<ConnectorScope[]> {
  if (reference) return [await scopeOf(deps, reference)];
  // Limitation: with no connector named, a deleted connector's results are left out; its id reaches them.
  const connectors = await deps.connectors.list();
  return connectors.map((connector) => ({ connectorId: connector.connectorId, connector }));
}

/**
 * The newest `limit` import results matching the connector and status: every
 * stored result of each connector (up to `resultsReadPerConnector`) is read,
 * then filtered, sorted newest first and cut. `--connector` also takes the id
 * of a deleted connector. Throws `InvalidInputError` for an unknown status.
 */
export async function listImports(deps: ServiceDeps, query: ImportQuery): Promise<ImportList> {
  if (query.status && !importStatuses.includes(query.status as ImportStatus)) {
    throw new InvalidInputError(
      `--status "${query.status}" is not one of ${importStatuses.join(', ')}.`,
    );
  }
  const scopes = await scopesOf(deps, query.connector);

  // One more than the cap tells a connector at the cap from one just under it.
  const perConnector = await Promise.all(
    scopes.map(async ({ connectorId }) => {
      const read = await deps.results.listByConnector(connectorId, resultsReadPerConnector + 1);
      return { connectorId, results: read.slice(0, resultsReadPerConnector), read: read.length };
    }),
  );
  const matching = perConnector
    .flatMap(({ results }) => results)
    .filter((result) => !query.status || result.status === query.status)
    .sort((a, b) => (b.finishedAt ?? b.startedAt).localeCompare(a.finishedAt ?? a.startedAt));

  return {
    imports: matching.slice(0, query.limit).map((result) => viewOf(deps, result)),
    matched: matching.length,
    capReachedFor: perConnector
      .filter(({ read }) => read > resultsReadPerConnector)
      .map(({ connectorId }) => connectorId),
  };
}

function matchIn(results: ImportResult[], reference: string): ImportResult[] {
  const byKey = results.filter((result) => result.key === reference);
  if (byKey.length > 0) {
    // The newest version of that key: what a user means by a file name.
    return [byKey.sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0]];
  }
  if (!/^[0-9a-f]{8,64}$/.test(reference)) return [];
  return results.filter((result) => result.fileId.startsWith(reference));
}

/**
 * Finds one import by what a user types: `<connector id or name>:<file id>`
 * (as `imports list --json` shows it), `<connector>:<object key>` (the newest
 * version of that key), `<connector>:<file id prefix of 8+ hex digits>`, or a
 * file id prefix alone; a deleted connector's id works too (no `connector`
 * then). Throws `NotFoundError`, or `ConflictError` when a prefix matches
 * several imports.
 */
export async function resolveImport(
  deps: ServiceDeps,
  importId: string,
): Promise<{ connector?: Connector; result: ImportResult }> {
  const colon = importId.indexOf(':');
  const scopes = await scopesOf(deps, colon > 0 ? importId.slice(0, colon) : undefined);
  const reference = colon > 0 ? importId.slice(colon + 1) : importId;
  if (reference === '') {
    throw new InvalidInputError(
      `Import id "${importId}" names no file: use <connector>:<file id or object key>.`,
    );
  }

  const matches: { connector?: Connector; result: ImportResult }[] = [];
  for (const { connectorId, connector } of scopes) {
    const exact = await deps.results.get(connectorId, reference);
    const found = exact
      ? [exact]
      : matchIn(
          await deps.results.listByConnector(connectorId, resultsReadPerConnector),
          reference,
        );
    matches.push(...found.map((result) => ({ connector, result })));
  }
  if (matches.length === 0) {
    throw new NotFoundError(
      `No import matches "${importId}"; "s3-import imports list --json" shows each import's importId.`,
    );
  }
  if (matches.length > 1) {
    throw new ConflictError(
      `"${importId}" matches ${matches.length} imports (${matches
        .slice(0, 3)
        .map(({ result }) => `${result.connectorId}:${result.fileId.slice(0, 12)}`)
        .join(', ')}${matches.length > 3 ? ', ...' : ''}); give more digits of the file id.`,
    );
  }
  return matches[0];
}

/** One import with its counts, row errors and error report location. */
export async function getImport(deps: ServiceDeps, importId: string): Promise<ImportView> {
  return viewOf(deps, (await resolveImport(deps, importId)).result);
}

/**
 * Queues a failed file version again. Its result is reset first, so the
 * parser imports it instead of skipping it as done. Throws `InvalidInputError`
 * for an import that did not fail or is outside the connector's folder now.
 */
export async function retryImport(deps: ServiceDeps, importId: string): Promise<ImportView> {
  const { connector, result } = await resolveImport(deps, importId);
  if (result.status !== 'failed' && !isRetryRequested(result)) {
    throw new InvalidInputError(
      `Import ${result.connectorId}:${result.fileId.slice(0, 12)} (${result.key}) is ${result.status}; only failed imports can be retried. A file changed since is imported again by the next sync on its own.`,
    );
  }
  if (!connector) {
    throw new NotFoundError(`The connector of import "${importId}" no longer exists.`);
  }
  if (result.bucket !== connector.bucket || !result.key.startsWith(connector.folder)) {
    throw new InvalidInputError(
      `${result.key} is outside connector "${connector.name}"'s current scope s3://${connector.bucket}/${connector.folder}; it cannot be imported again.`,
    );
  }
  return viewOf(deps, await requeueImport(deps, connector, result));
}
