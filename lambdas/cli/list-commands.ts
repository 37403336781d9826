import type { Runtime } from '../adapters/runtime';
import {
  displayStatusOf,
  type ImportQuery,
  listImports as listImportViews,
  resultsReadPerConnector,
} from '../core/service';
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
 * The newest import results matching the options. The table keeps to what
 * fits a terminal and says what `--limit` and the read cap left out; the JSON
 * is the list itself, each import with its `importId` for `imports show` and
 * `imports retry`.
 */
export async function listImports(
  runtime: Runtime,
  options: ImportQuery,
  output: Output,
): Promise<void> {
  const list = await listImportViews(runtime.serviceDeps, options);
  const connectors = await runtime.connectors.list();

  if (output.json) {
    output.data(list.imports);
    return;
  }
  const names = new Map(connectors.map((connector) => [connector.connectorId, connector.name]));
  const nameOf = (connectorId: string) => names.get(connectorId) ?? `${connectorId} (deleted)`;
  if (list.imports.length === 0) {
    output.line('No imports match.');
  } else {
    output.line(
      renderTable(
        ['FINISHED', 'CONNECTOR', 'STATUS', 'FILE', 'IMPORTED', 'REJECTED', 'REASON'],
        list.imports.map((result) => [
          result.finishedAt ?? result.startedAt,
          nameOf(result.connectorId),
          result.status,
          result.key,
          result.rowsImported,
          result.rowsRejected,
          result.reasonCode ?? '',
        ]),
      ),
    );
    output.line();
    if (list.matched > list.imports.length) {
      output.line(
        `Showing the newest ${list.imports.length} of ${list.matched}; use --limit ${list.matched} to see them all.`,
      );
    }
    output.line('Details of one: s3-import imports show "CONNECTOR:FILE" (the names above).');
  }
  const cap = resultsReadPerConnector.toLocaleString('en-US');
  for (const connectorId of list.capReachedFor) {
    output.line(
      `Connector ${nameOf(connectorId)} has more than ${cap} import results: only ${cap} were read (the most a listing reads), so matching imports can be missing above.`,
    );
  }
}
