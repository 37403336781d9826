import type { Runtime } from '../adapters/runtime';
import { displayStatusOf, type ImportQuery, listImports as listImportViews } from '../core/service';
import { type Output, renderTable } from './output';

export async function listConnectors(runtime: Runtime, output: Output): Promise<void> {
  const connectors = await runtime.connectors.list();
  const rows = await Promise.all(
    connectors.map(async (connector) => ({
      connector,
      health: await runtime.health.get(connector.connectorId),
    })),
  );
  if (output.json) {
    output.data(
      rows.map(({ connector, health }) => ({
        ...connector,
        displayStatus: displayStatusOf(connector, health),
        health,
      })),
    );
    return;
  }
  if (rows.length === 0) {
    output.line('No connectors yet.');
    return;
  }
  output.line(
    renderTable(
      ['NAME', 'ID', 'STATUS', 'BUCKET', 'TEMPLATE', 'LAST SYNC', 'LAST ERROR'],
      rows.map(({ connector, health }) => [
        connector.name,
        connector.connectorId,
        displayStatusOf(connector, health),
        `s3://${connector.bucket}/${connector.folder}`,
        connector.templateId,
        health?.lastSyncFinishedAt ?? 'never',
        health?.state === 'error' && health.lastError
          ? `${health.lastError.code}: ${health.lastError.message}`
          : '',
      ]),
    ),
  );
}

export type { ImportQuery as ImportListOptions } from '../core/service';

/**
 * Import results, newest first. The table keeps to what fits a terminal; the
 * JSON carries each import's `importId` for `imports show` and `imports retry`.
 */
export async function listImports(
  runtime: Runtime,
  options: ImportQuery,
  output: Output,
): Promise<void> {
  const results = await listImportViews(runtime.serviceDeps, options);
  const connectors = await runtime.connectors.list();

  if (output.json) {
    output.data(results);
    return;
  }
  if (results.length === 0) {
    output.line('No imports match.');
    return;
  }
  const names = new Map(connectors.map((connector) => [connector.connectorId, connector.name]));
  output.line(
    renderTable(
      ['FINISHED', 'CONNECTOR', 'STATUS', 'FILE', 'IMPORTED', 'REJECTED', 'REASON'],
      results.map((result) => [
        result.finishedAt ?? result.startedAt,
        names.get(result.connectorId) ?? result.connectorId,
        result.status,
        result.key,
        result.rowsImported,
        result.rowsRejected,
        result.reasonCode ?? '',
      ]),
    ),
  );
  output.line();
  output.line('Details of one: s3-import imports show "CONNECTOR:FILE" (the names above).');
}
