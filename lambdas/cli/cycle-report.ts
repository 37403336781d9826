import type { ImportResult } from '../core/model';
import { countOf } from '../core/plural';
import type { ConnectorCycleReport, CycleReport } from '../local/pipeline';
import { renderTable, seconds } from './output';

/** Row errors shown under a cycle; the rest are in each file's error report. */
const rowErrorsShown = 10;

export interface CycleTotals {
  filesImported: number;
  filesFailed: number;
  filesSkipped: number;
  rowsImported: number;
  rowsRejected: number;
}

export function totalsOf(report: CycleReport): CycleTotals {
  const totals = {
    filesImported: 0,
    filesFailed: 0,
    filesSkipped: 0,
    rowsImported: 0,
    rowsRejected: 0,
  };
  for (const { imports } of report.connectors) {
    for (const result of imports) {
      if (result.status === 'succeeded' || result.status === 'partially_succeeded') {
        totals.filesImported += 1;
      } else if (result.status === 'failed') {
        totals.filesFailed += 1;
      } else if (result.status === 'skipped') {
        totals.filesSkipped += 1;
      }
      totals.rowsImported += result.rowsImported;
      totals.rowsRejected += result.rowsRejected;
    }
  }
  return totals;
}

/** One line per import result: status, file, row counts and reason. */
export function importsTable(imports: readonly ImportResult[]): string {
  return renderTable(
    ['STATUS', 'FILE', 'ROWS', 'IMPORTED', 'REJECTED', 'REASON'],
    imports.map((result) => [
      result.status,
      result.key,
      result.rowsRead,
      result.rowsImported,
      result.rowsRejected,
      result.reasonCode ?? '',
    ]),
  );
}

function syncLine({ connector, health }: ConnectorCycleReport): string {
  const counts = health?.lastCounts;
  const found = counts
    ? `listed ${counts.listed}, new ${counts.new}, queued ${counts.queued}, too large ${counts.tooLarge}, unsupported ${counts.unsupported}, older than the initial window ${counts.ignoredTooOld}`
    : 'not synced yet';
  const error =
    health?.state === 'error' && health.lastError
      ? `  ERROR ${health.lastError.code}: ${health.lastError.message}`
      : '';
  return `${connector.name} (s3://${connector.bucket}/${connector.folder}): ${found}${error}`;
}

/** The text a person reads after each local cycle. */
export function formatCycleReport(report: CycleReport): string {
  const lines = [
    `Cycle started ${report.startedAt}: sync and imports took ${seconds(report.startedAt, report.finishedAt)}`,
  ];
  for (const connectorReport of report.connectors) {
    lines.push(`  ${syncLine(connectorReport)}`);
    if (connectorReport.imports.length > 0) {
      const table = importsTable(connectorReport.imports);
      lines.push(...table.split('\n').map((line) => `    ${line}`));
    }
    const rowErrors = connectorReport.imports.flatMap((result) =>
      result.rowErrors.map((rowError) => ({ key: result.key, ...rowError })),
    );
    if (rowErrors.length > 0) {
      lines.push(
        `    Rejected rows (${Math.min(rowErrors.length, rowErrorsShown)} of ${rowErrors.length} shown):`,
      );
      for (const rowError of rowErrors.slice(0, rowErrorsShown)) {
        const field = rowError.field ? ` ${rowError.field}` : '';
        lines.push(
          `      ${rowError.key} row ${rowError.row}${field}: ${rowError.code}: ${rowError.message}`,
        );
      }
    }
  }
  const totals = totalsOf(report);
  lines.push(
    `  Total: ${countOf(totals.filesImported, 'file')} imported, ${totals.filesFailed} failed, ${totals.filesSkipped} skipped; ${countOf(totals.rowsImported, 'row')} imported, ${totals.rowsRejected} rejected`,
  );
  if (report.deadLetters > 0) {
    lines.push(
      `  ${report.deadLetters} messages are in the dead-letter queues: their failures were not resolved by retries.`,
    );
  }
  return lines.join('\n');
}
