import { FileFailure, TransientError } from '../errors';
import { readCellBatches, rowErrorOf } from '../formats/read-rows';
import type { CellSourceItem, ResumePosition } from '../formats/types';
import type {
  Connector,
  FileTask,
  ImportCheckpoint,
  ImportedRecord,
  ImportResult,
  RowError,
} from '../model';
import { countOf } from '../plural';
import { type CellMapper, type CompiledTemplate, findMissingColumns } from '../templates/compile';
import { ErrorReportBuilder, errorReportKey } from './error-report';
import { defaultCheckpointReserveMs, type ImportDeps } from './import-deps';
import { compile, missingColumnsFailure, readOptionsFor } from './import-plan';
import { appendInline, statusOf, withoutProgress } from './import-result';

/** One invocation's share of a file's import. */
export interface ImportPart {
  deps: ImportDeps;
  connector: Connector;
  task: FileTask;
  fileId: string;
  /** The claimed result: fresh, or with the checkpoint of an earlier part. */
  started: ImportResult;
  /** The result as far as this part got; kept current so a failure can record it. */
  progress?: ImportResult;
  report?: ErrorReportBuilder;
  /** The last result this part stored (its checkpoint), when it stored one. */
  stored?: ImportResult;
}

/** What a checkpoint stores beyond the counts, to resume the read. */
interface StoredCheckpoint extends ImportCheckpoint {
  resume?: ResumePosition;
  reportKeys?: string[];
}

/** Saves this part's error report, if it has one, and returns every report key so far. */
export async function saveReport(
  part: ImportPart,
  firstRow: number,
  keys: string[],
): Promise<string[]> {
  if (!part.report || part.report.count === 0) return keys;
  const key = errorReportKey(part.connector.connectorId, part.fileId, firstRow);
  const stored = await part.deps.reports.put(key, part.report.toCsv(), 'text/csv; charset=utf-8');
  return [...keys, stored];
}

/**
 * Reads, maps and writes the rows of one part: from the start, or from the
 * claimed result's checkpoint. Returns the final result, or an in-progress
 * result with a new checkpoint when the time budget runs low.
 */
export async function runImportPart(part: ImportPart): Promise<ImportResult> {
  const { deps, task, connector, fileId } = part;
  if (task.size > deps.limits.maxFileBytes) {
    throw new FileFailure(
      'file_too_large',
      `The file is ${task.size} bytes; the limit is ${deps.limits.maxFileBytes} bytes.`,
      { details: { size: task.size, maxFileBytes: deps.limits.maxFileBytes } },
    );
  }
  const checkpoint = part.started.checkpoint as StoredCheckpoint | undefined;
  const resume = checkpoint?.resume?.seekable ? checkpoint.resume : undefined;
  const options = readOptionsFor(deps, task.key, resume);
  const compiled = compile(deps.template);
  const startByte = resume?.startOffset ?? 0;
  // Limitation: a source that cannot seek (gzip, a JSON document, a multi-byte
  // iconv encoding) is read again from the start on a continuation, skipping the
  // rows already imported: no duplicate records, but the parsing is paid twice.
  const skipBefore = resume ? 0 : (checkpoint?.nextRowNumber ?? 0);
  const firstRow = checkpoint?.nextRowNumber ?? 1;
  const reportKeys = checkpoint?.reportKeys ?? [];
  // At most half of this part's budget is held back, so a short budget still makes progress.
  const reserveMs = Math.min(
    deps.limits.checkpointReserveMs ?? defaultCheckpointReserveMs,
    deps.remainingTimeMs() / 2,
  );

  const progress: ImportResult = {
    ...part.started,
    rowsRead: checkpoint?.rowsRead ?? 0,
    rowsImported: checkpoint?.rowsImported ?? 0,
    rowsIgnored: checkpoint?.rowsIgnored ?? 0,
    rowsRejected: checkpoint?.rowsRejected ?? 0,
    bytesRead: startByte,
    rowErrors: [...part.started.rowErrors],
  };
  part.progress = progress;
  part.report = new ErrorReportBuilder();
  const bytes = await deps.objectStore.getObject({
    bucket: task.bucket,
    key: task.key,
    etag: task.etag,
    startByte,
  });
  const mapping: BatchMapping = {
    compiled,
    mapCells: undefined,
    namesColumns: options.headerRow > 0 && (options.format === 'csv' || options.format === 'tsv'),
    skipBefore,
    connectorId: connector.connectorId,
    fileId,
    progress,
    report: part.report,
  };
  let boundColumns: string[] | undefined;
  for await (const batch of readCellBatches(bytes, options)) {
    // A resumed read has its columns from the checkpoint, with no header item.
    const { columns } = batch.position;
    if (columns !== undefined && columns !== boundColumns) {
      mapping.mapCells = compiled.bindColumns(columns);
      boundColumns = columns;
    }
    const records = mapBatch(batch.items, mapping);
    if (records.length > 0) {
      await deps.records.write(records);
      progress.rowsImported += records.length;
    }
    progress.bytesRead = startByte + batch.bytesRead;
    if (!batch.endsInFailure && deps.remainingTimeMs() < reserveMs) {
      return await saveCheckpoint(part, batch.position, firstRow, reportKeys);
    }
  }

  const keys = await saveReport(part, firstRow, reportKeys);
  const { status, reasonCode } = statusOf(progress);
  const result: ImportResult = {
    ...withoutProgress(progress),
    status,
    ...(reasonCode
      ? {
          reasonCode,
          reasonMessage: `${countOf(progress.rowsRejected, 'row was', 'rows were')} rejected; see the row errors.`,
        }
      : {}),
    finishedAt: deps.clock.now().toISOString(),
    ...(keys.length > 0 ? { errorReportKey: keys[0] } : {}),
    ...(keys.length > 1 ? { errorReportKeys: keys } : {}),
  };
  await deps.results.put(result);
  recordMetrics(part, result);
  return result;
}

/** What mapping the items of a batch needs besides the items. */
interface BatchMapping {
  compiled: CompiledTemplate;
  /** The mapper of the current header's cells, once there is a header. */
  mapCells: CellMapper | undefined;
  /** The header names the columns (CSV or TSV with a header row), so it must hold the required ones. */
  namesColumns: boolean;
  /** Rows before this one were imported by an earlier part. */
  skipBefore: number;
  connectorId: string;
  fileId: string;
  progress: ImportResult;
  report: ErrorReportBuilder;
}

function rejectRow(mapping: BatchMapping, error: RowError): void {
  appendInline(mapping.progress.rowErrors, error);
  mapping.report.add(error);
}

/**
 * The records of a batch's rows, counting the rows read, ignored and
 * rejected into the progress. Apart from the import's loop so that the code
 * run for every row stays small.
 */
function mapBatch(items: readonly CellSourceItem[], mapping: BatchMapping): ImportedRecord[] {
  const { compiled, progress } = mapping;
  const records: ImportedRecord[] = [];
  for (const item of items) {
    if (item.kind === 'header') {
      const missing = mapping.namesColumns ? findMissingColumns(compiled, item.columns) : [];
      if (missing.length > 0) throw missingColumnsFailure(compiled, item.columns, missing);
      continue;
    }
    if (item.row < mapping.skipBefore) continue;
    progress.rowsRead += 1;
    if (item.kind === 'row_error') {
      progress.rowsRejected += 1;
      rejectRow(mapping, rowErrorOf(item));
      continue;
    }
    const outcome =
      item.kind === 'cells'
        ? (mapping.mapCells as CellMapper)(item.cells, item.row)
        : compiled.mapRow(item.values, item.row);
    if (outcome.kind === 'ignored') {
      progress.rowsIgnored += 1;
    } else if (outcome.kind === 'rejected') {
      progress.rowsRejected += 1;
      for (const error of outcome.errors) rejectRow(mapping, error);
    } else {
      records.push({
        connectorId: mapping.connectorId,
        recordType: outcome.recordType,
        recordKey: outcome.recordKey ?? `${mapping.fileId}#${item.row}`,
        fileId: mapping.fileId,
        row: item.row,
        data: outcome.data,
      });
    }
  }
  return records;
}

async function saveCheckpoint(
  part: ImportPart,
  position: ResumePosition,
  firstRow: number,
  reportKeys: string[],
): Promise<ImportResult> {
  const { deps, task } = part;
  const progress = part.progress as ImportResult;
  const keys = await saveReport(part, firstRow, reportKeys);
  const checkpoint: StoredCheckpoint = {
    byteOffset: position.seekable ? position.startOffset : 0,
    rowsRead: progress.rowsRead,
    rowsImported: progress.rowsImported,
    rowsIgnored: progress.rowsIgnored,
    rowsRejected: progress.rowsRejected,
    nextRowNumber: position.nextRow,
    resume: position,
    reportKeys: keys,
  };
  const result: ImportResult = {
    ...progress,
    checkpoint,
    // Released: the continuation may claim the file as soon as it arrives.
    claimExpiresAt: deps.clock.now().toISOString(),
  };
  await deps.results.put(result);
  part.stored = result;
  const sent = await deps.continuation.send([
    { id: 'continuation', body: { ...task, checkpoint } },
  ]);
  if (sent.failedIds.length > 0) {
    // The stored checkpoint stays: the redelivered message resumes from it.
    throw new TransientError(
      `The continuation of file ${part.fileId} was not queued; the redelivered message resumes from the saved checkpoint.`,
    );
  }
  deps.metrics.add('ImportContinuations', 'Count', 1, part.connector.connectorId);
  return result;
}

function recordMetrics(part: ImportPart, result: ImportResult): void {
  const { metrics } = part.deps;
  const connectorId = part.connector.connectorId;
  metrics.add(
    result.status === 'failed' ? 'FilesFailed' : 'FilesImported',
    'Count',
    1,
    connectorId,
  );
  metrics.add('RowsImported', 'Count', result.rowsImported, connectorId);
  metrics.add('RowsRejected', 'Count', result.rowsRejected, connectorId);
  metrics.add('BytesRead', 'Bytes', result.bytesRead, connectorId);
}
