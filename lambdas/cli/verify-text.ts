import { countOf } from '../core/plural';
import type { VerifyReport } from '../core/service';
import { renderTable } from './output';

const stepLabels = {
  template: 'template',
  assume_role: 'assume role',
  list: 'list folder',
  read: 'read a file',
} as const;

const recordsShown = 5;

function sizeOf(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}

/** The verification as a person reads it: steps, files, rows, and the fix when it failed. */
export function formatVerifyReport(report: VerifyReport): string {
  const { connector } = report;
  const lines = [
    `Verifying "${connector.name}" (s3://${connector.bucket}/${connector.folder}, template ${connector.templateId})`,
  ];
  for (const step of report.steps) {
    const mark = step.status === 'ok' ? 'ok  ' : step.status === 'failed' ? 'FAIL' : 'skip';
    lines.push(`  ${mark}  ${stepLabels[step.step]}: ${step.message}`);
  }
  for (const warning of report.warnings) {
    lines.push(`  note  ${warning}`);
  }
  if (report.files.length > 0) {
    const count = report.files.length;
    lines.push('', count === 1 ? 'First file:' : `First ${count} files:`);
    const table = renderTable(
      ['FILE', 'SIZE', 'LAST MODIFIED', 'FORMAT', 'IMPORT'],
      report.files.map((file) => [
        file.key,
        sizeOf(file.size),
        file.lastModified,
        file.format ?? '-',
        file.importable ? 'yes' : `no: ${file.reason}`,
      ]),
    );
    lines.push(...table.split('\n').map((line) => `  ${line}`));
  }
  const rows = report.rows;
  if (rows && !rows.fileError) {
    lines.push(
      '',
      `Rows of ${rows.key} with template ${rows.templateId} v${rows.templateVersion} (first ${countOf(rows.rowsRead, 'row')}): ${countOf(rows.rowsImported, 'record')}, ${rows.rowsIgnored} ignored, ${rows.rowsRejected} rejected`,
    );
    for (const record of rows.records.slice(0, recordsShown)) {
      lines.push(`  row ${record.row}: ${JSON.stringify(record.data)}`);
    }
    for (const error of rows.rowErrors) {
      const field = error.field ? ` ${error.field}` : '';
      lines.push(`  row ${error.row}${field}: ${error.code}: ${error.message}`);
    }
  }
  lines.push('');
  if (report.failure) {
    lines.push(
      `Verification failed at step "${stepLabels[report.failure.step]}" (${report.failure.code}): ${report.failure.message}`,
      `What to check: ${report.failure.fix}`,
      `The connector stays ${connector.status}.`,
    );
  } else if (connector.status === 'active') {
    lines.push(
      report.syncQueued
        ? `Verified: "${connector.name}" is active. ${report.isFirstSync ? 'Its first sync' : 'A sync'} is queued and runs with the next cycle; "s3-import sync --connector ${connector.name}" runs it now.`
        : `Verified: "${connector.name}" is active. The sync queue refused the sync request; the scheduled sync picks the connector up.`,
    );
  } else {
    lines.push(`Verified; "${connector.name}" stays ${connector.status}.`);
  }
  return lines.join('\n');
}
