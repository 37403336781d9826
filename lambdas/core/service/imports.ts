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

/** Results read per connector when looking an import up by key or id prefix. */
const lookupLimit = 10_000;

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

/** Import results, newest first, filtered by connector and status. Throws `InvalidInputError` for an unknown status. */
export async function listImports(deps: ServiceDeps, query: ImportQuery): Promise<ImportView[]> {
  if (query.status && !importStatuses.includes(query.status as ImportStatus)) {
    throw new InvalidInputError(
      `--status "${query.status}" is not one of ${importStatuses.join(', ')}.`,
    );
  }
  const connectors = query.connector
    ? [await findConnector(deps.connectors, query.connector)]
    : await deps.connectors.list();
  const results = await Promise.all(
    connectors.map((connector) => deps.results.listByConnector(connector.connectorId, query.limit)),
  );
  return results
    .flat()
    .filter((result) => !query.status || result.status === query.status)
    .sort((a, b) => (b.finishedAt ?? b.startedAt).localeCompare(a.finishedAt ?? a.startedAt))
    .slice(0, query.limit)
    .map((result) => viewOf(deps, result));
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
 * file id prefix alone. Throws `NotFoundError`, or `ConflictError` when a
 * prefix matches several imports.
 */
export async function resolveImport(
  deps: ServiceDeps,
  importId: string,
): Promise<{ connector?: Connector; result: ImportResult }> {
  const colon = importId.indexOf(':');
  const connectors =
    colon > 0
      ? [await findConnector(deps.connectors, importId.slice(0, colon))]
      : await deps.connectors.list();
  const reference = colon > 0 ? importId.slice(colon + 1) : importId;
  if (reference === '') {
    throw new InvalidInputError(
      `Import id "${importId}" names no file: use <connector>:<file id or object key>.`,
    );
  }

  const matches: { connector: Connector; result: ImportResult }[] = [];
  for (const connector of connectors) {
    const exact = await deps.results.get(connector.connectorId, reference);
    const found = exact
      ? [exact]
      : matchIn(await deps.results.listByConnector(connector.connectorId, lookupLimit), reference);
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
