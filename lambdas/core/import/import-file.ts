import { randomUUID } from 'node:crypto';
import { FileFailure, ImportError, TransientError } from '../errors';
import { fileIdOf, keyHashOf } from '../file-id';
import type { Connector, FileTask, ImportResult } from '../model';
import type { ImportDeps } from './import-deps';
import { type ImportPart, runImportPart, saveReport } from './import-part';
import { newImportResult, templateFieldsOf, withoutProgress } from './import-result';

/** A claim outlives the invocation by this much, so a slow final write still holds it. */
const claimGraceMs = 30_000;

/** No claim lasts longer than a Lambda can run, whatever time budget a caller reports. */
const maxClaimMs = 15 * 60_000;

function logFields(connector: Connector, task: FileTask, fileId: string) {
  return {
    connector_id: connector.connectorId,
    file_id: fileId,
    object_key_hash: keyHashOf(task.key),
    etag: task.etag,
  };
}

/**
 * Imports one object version and returns its import result. Exactly-once in
 * effect: a version with a final result is not read again, a claim keeps two
 * invocations from importing it at once, records have deterministic keys, and
 * a crashed import is taken over once its claim lapses.
 *
 * Deterministic failures (FileFailure) end with a failed result; transient
 * ones (TransientError and anything unexpected) are rethrown for the queue to
 * retry. Near the end of the time budget the import saves a checkpoint,
 * queues a continuation and returns the in-progress result.
 */
export async function importFile(
  deps: ImportDeps,
  connector: Connector,
  task: FileTask,
): Promise<ImportResult> {
  const fileId = fileIdOf(task.key, task.etag);
  const fields = logFields(connector, task, fileId);
  const now = deps.clock.now();
  const claimedBy = deps.invocationId ?? randomUUID();
  const claimExpiresAt = new Date(
    now.getTime() + Math.min(Math.max(0, deps.remainingTimeMs()), maxClaimMs) + claimGraceMs,
  ).toISOString();

  const initial = newImportResult(connector, task, fileId, deps.template, now);
  const claim = await deps.results.claim(initial, { claimedBy, claimExpiresAt }, now);
  if (claim.kind === 'finished') {
    deps.logger.info('file already imported', { ...fields, status: claim.result.status });
    return claim.result;
  }
  if (claim.kind === 'busy') {
    throw new TransientError(
      `File ${fileId} is being imported by another invocation until ${claim.result.claimExpiresAt}; it will be retried.`,
    );
  }

  // The template in use now, also over a retry's placeholder, which cannot know its version.
  const started = { ...claim.result, ...templateFieldsOf(deps.template) };
  const part: ImportPart = { deps, connector, task, fileId, started };
  try {
    const result = await runImportPart(part);
    deps.logger.info(result.status === 'in_progress' ? 'file checkpointed' : 'file imported', {
      ...fields,
      status: result.status,
      rows_imported: result.rowsImported,
      rows_rejected: result.rowsRejected,
      bytes_read: result.bytesRead,
    });
    return result;
  } catch (error) {
    if (error instanceof FileFailure) {
      return await failFile(part, error, fields);
    }
    await releaseClaim(deps, part.stored ?? claim.result, fields);
    deps.logger.error('file import interrupted', {
      ...fields,
      error_code: error instanceof ImportError ? error.code : 'internal_error',
      error,
    });
    throw error;
  }
}

// Limitation: records written before a failure found mid-file (malformed data,
// bad bytes, a record too large, an object changed while read) stay in the
// records table; the failed result says how many were imported.
async function failFile(
  part: ImportPart,
  failure: FileFailure,
  fields: Record<string, unknown>,
): Promise<ImportResult> {
  const { deps } = part;
  const progress = part.progress ?? part.started;
  const checkpoint = part.started.checkpoint as { reportKeys?: string[] } | undefined;
  const keys = await saveReport(
    part,
    part.started.checkpoint?.nextRowNumber ?? 1,
    checkpoint?.reportKeys ?? [],
  );
  const result: ImportResult = {
    ...withoutProgress(progress),
    status: 'failed',
    reasonCode: failure.code,
    reasonMessage: failure.message,
    finishedAt: deps.clock.now().toISOString(),
    ...(keys.length > 0 ? { errorReportKey: keys[0] } : {}),
    ...(keys.length > 1 ? { errorReportKeys: keys } : {}),
  };
  await deps.results.put(result);
  deps.metrics.add('FilesFailed', 'Count', 1, part.connector.connectorId);
  deps.logger.warn('file rejected', { ...fields, error_code: failure.code });
  return result;
}

/** Lets a retry take the file over at once instead of waiting for the claim to lapse. */
async function releaseClaim(
  deps: ImportDeps,
  claimed: ImportResult,
  fields: Record<string, unknown>,
): Promise<void> {
  try {
    await deps.results.put({ ...claimed, claimExpiresAt: deps.clock.now().toISOString() });
  } catch (error) {
    deps.logger.warn('claim not released', { ...fields, error });
  }
}

export type { ImportDeps, ImportLimits } from './import-deps';
