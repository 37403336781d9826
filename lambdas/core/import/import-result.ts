import type { Connector, FileTask, ImportResult, ImportStatus, RowError } from '../model';
import type { Template } from '../templates/schema';
import { inlineRowErrorLimit } from './error-report';

/** Row counts of an import, carried across its parts. */
export interface ImportCounts {
  rowsRead: number;
  rowsImported: number;
  rowsIgnored: number;
  rowsRejected: number;
}

/** The template an import result records: its id, and its version once saved. */
export function templateFieldsOf(
  template: Pick<Template, 'templateId'> & { version?: number },
): Pick<ImportResult, 'templateId' | 'templateVersion'> {
  return {
    templateId: template.templateId,
    ...(template.version === undefined ? {} : { templateVersion: template.version }),
  };
}

/** The in-progress result a first claim writes. */
export function newImportResult(
  connector: Connector,
  task: FileTask,
  fileId: string,
  template: Pick<Template, 'templateId'> & { version?: number },
  now: Date,
): ImportResult {
  return {
    connectorId: connector.connectorId,
    fileId,
    bucket: task.bucket,
    key: task.key,
    etag: task.etag,
    size: task.size,
    status: 'in_progress',
    rowsRead: 0,
    rowsImported: 0,
    rowsIgnored: 0,
    rowsRejected: 0,
    bytesRead: 0,
    ...templateFieldsOf(template),
    startedAt: now.toISOString(),
    rowErrors: [],
  };
}

/** Succeeded with no rejected row; partially when some rows were imported too. */
export function statusOf(counts: ImportCounts): { status: ImportStatus; reasonCode?: string } {
  if (counts.rowsRejected === 0) return { status: 'succeeded' };
  if (counts.rowsImported > 0)
    return { status: 'partially_succeeded', reasonCode: 'rows_rejected' };
  return { status: 'failed', reasonCode: 'rows_rejected' };
}

/** Keeps the first row errors inline, as many as a result holds. */
export function appendInline(inline: RowError[], error: RowError): void {
  if (inline.length < inlineRowErrorLimit) inline.push(error);
}

/** Drops the bookkeeping of an import in progress from a finished result. */
export function withoutProgress(result: ImportResult): ImportResult {
  const { claimedBy: _owner, claimExpiresAt: _expiry, checkpoint: _checkpoint, ...rest } = result;
  return rest;
}
