import { TransientError } from '../errors';
import type { Connector, ImportResult } from '../model';
import type { FileQueue, ImportResultStore } from '../ports';

/** `claimedBy` of a result a user asked to import again; the parser takes it over at once. */
export const retryClaimHolder = 'retry-requested';

/** True for a result waiting for its retry to be picked up by a parser. */
export function isRetryRequested(result: ImportResult): boolean {
  return result.status === 'in_progress' && result.claimedBy === retryClaimHolder;
}

/**
 * The result a retry leaves behind: in progress with a claim that has already
 * lapsed, so the parser's claim takes it over (a final result would be skipped
 * as imported), with counts, errors and reason cleared so the new import starts clean.
 */
export function retryPlaceholder(
  result: ImportResult,
  connector: Connector,
  now: Date,
): ImportResult {
  return {
    connectorId: result.connectorId,
    fileId: result.fileId,
    bucket: result.bucket,
    key: result.key,
    etag: result.etag,
    size: result.size,
    status: 'in_progress',
    rowsRead: 0,
    rowsImported: 0,
    rowsIgnored: 0,
    rowsRejected: 0,
    bytesRead: 0,
    templateId: connector.templateId,
    startedAt: now.toISOString(),
    rowErrors: [],
    claimedBy: retryClaimHolder,
    claimExpiresAt: new Date(0).toISOString(),
  };
}

/**
 * Imports one file version again: marks its result for retry, then queues it.
 * The mark comes first: queued first, a fast parser could find the old final
 * result and skip the file. Throws `TransientError` when the queue refuses it
 * (the result stays marked, and retrying again is allowed).
 */
export async function requeueImport(
  deps: { results: ImportResultStore; fileQueue: FileQueue; clock: { now(): Date } },
  connector: Connector,
  result: ImportResult,
): Promise<ImportResult> {
  const placeholder = retryPlaceholder(result, connector, deps.clock.now());
  await deps.results.put(placeholder);
  const { failedIds } = await deps.fileQueue.send([
    {
      id: 'retry',
      body: {
        connectorId: connector.connectorId,
        bucket: result.bucket,
        key: result.key,
        etag: result.etag,
        size: result.size,
        lastModified: result.startedAt,
      },
    },
  ]);
  if (failedIds.length > 0) {
    throw new TransientError(
      `The file queue refused the retry of ${result.key}; run the retry again in a moment.`,
    );
  }
  return placeholder;
}

/** Statuses whose files `--reimport` imports again: the ones that read rows. */
const reimportedStatuses = new Set(['succeeded', 'partially_succeeded', 'failed']);

/**
 * Queues again every file of the connector that ended with rows read or a
 * failure, for a new template to apply to them. Returns how many were queued.
 */
export async function requeueConnectorImports(
  deps: { results: ImportResultStore; fileQueue: FileQueue; clock: { now(): Date } },
  connector: Connector,
): Promise<number> {
  // Limitation: at most 10,000 import results per connector are considered (one listing call).
  const results = await deps.results.listByConnector(connector.connectorId, 10_000);
  let queued = 0;
  for (const result of results) {
    const inScope = result.bucket === connector.bucket && result.key.startsWith(connector.folder);
    if (reimportedStatuses.has(result.status) && inScope) {
      await requeueImport(deps, connector, result);
      queued += 1;
    }
  }
  return queued;
}
