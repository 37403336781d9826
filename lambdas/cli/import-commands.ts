import { getImport, type ImportView, retryImport, type ServiceDeps } from '../core/service';
import { type Output, renderTable } from './output';

function printImport(view: ImportView, output: Output): void {
  const rows: [string, string | number][] = [
    ['Import ID', view.importId],
    ['File', `s3://${view.bucket}/${view.key}`],
    ['ETag', view.etag],
    ['Size', `${view.size} bytes`],
    ['Status', view.status],
    ['Template', view.templateId ? `${view.templateId} v${view.templateVersion ?? '?'}` : '-'],
    ['Started', view.startedAt],
    ['Finished', view.finishedAt ?? '-'],
    ['Rows read', view.rowsRead],
    ['Imported', view.rowsImported],
    ['Ignored', view.rowsIgnored],
    ['Rejected', view.rowsRejected],
  ];
  if (view.reasonCode) {
    rows.push(['Reason', `${view.reasonCode}: ${view.reasonMessage ?? ''}`]);
  }
  if (view.errorReportUri) {
    rows.push(['Error report', view.errorReportUri]);
  }
  for (const [label, value] of rows) {
    output.line(`${`${label}:`.padEnd(14)}${value}`);
  }
  if (view.rowErrors.length > 0) {
    const more =
      view.rowsRejected > view.rowErrors.length ? ' (the rest are in the error report)' : '';
    output.line();
    output.line(`Row errors (${view.rowErrors.length} shown${more}):`);
    output.line(
      renderTable(
        ['ROW', 'FIELD', 'CODE', 'MESSAGE'],
        view.rowErrors.map((error) => [error.row, error.field ?? '', error.code, error.message]),
      ),
    );
  }
}

/** `imports show`: counts, the first row errors and where the error report is. */
export async function runImportShow(deps: ServiceDeps, importId: string, output: Output) {
  const view = await getImport(deps, importId);
  if (output.json) return output.data(view);
  printImport(view, output);
}

/** `imports retry`: queues a failed file version again. */
export async function runImportRetry(deps: ServiceDeps, importId: string, output: Output) {
  const view = await retryImport(deps, importId);
  if (output.json) return output.data(view);
  output.line(
    `Queued s3://${view.bucket}/${view.key} again (import ${view.importId}); the parser imports it with the next cycle.`,
  );
}
