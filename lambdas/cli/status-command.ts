import { connectorStatuses, type ServiceDeps, type StatusRow } from '../core/service';
import { type Output, renderTable } from './output';

function countsOf(row: StatusRow): string {
  const counts = row.lastCounts;
  return counts ? `${counts.listed} listed, ${counts.queued} queued` : '-';
}

function problemOf(row: StatusRow): string {
  if (row.lastError) return `${row.lastError.code}: ${row.lastError.message}`;
  return row.warning ? `warning: ${row.warning}` : '';
}

/** All connectors in one table, broken ones first, then what to do about each problem. */
export async function runStatus(deps: ServiceDeps, output: Output): Promise<number> {
  const rows = await connectorStatuses(deps);
  if (output.json) {
    output.data(rows);
    return rows.some((row) => row.status === 'error') ? 1 : 0;
  }
  if (rows.length === 0) {
    output.line('No connectors yet: create one with "s3-import connectors create".');
    return 0;
  }
  output.line(
    renderTable(
      [
        'NAME',
        'STATUS',
        'LAST SYNC',
        'LAST SUCCESS',
        'LAST SYNC COUNTS',
        'FILES 24H (OK/FAILED)',
        'ROWS 24H (OK/REJECTED)',
        'FAILURES',
        'LAST ERROR',
      ],
      rows.map((row) => [
        row.name,
        row.status,
        row.lastSyncAt ?? 'never',
        row.lastSuccessAt ?? 'never',
        countsOf(row),
        `${row.last24Hours.filesImported}/${row.last24Hours.filesFailed}`,
        `${row.last24Hours.rowsImported}/${row.last24Hours.rowsRejected}`,
        row.consecutiveFailures,
        problemOf(row),
      ]),
    ),
  );
  const toFix = rows.filter((row) => row.fix);
  if (toFix.length > 0) {
    output.line();
    output.line('To fix:');
    for (const row of toFix) output.line(`  ${row.name}: ${row.fix}`);
  }
  return rows.some((row) => row.status === 'error') ? 1 : 0;
}
