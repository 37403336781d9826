import type { Runtime } from '../adapters/runtime';
import { findConnector } from '../core/connectors/connector-service';
import type { ConnectorHealth } from '../core/discovery/ports';
import { InvalidInputError } from '../core/errors';
import type { Connector, ImportStatus } from '../core/model';
import { type Output, renderTable } from './output';

/** The status a person sees: the lifecycle, or `error` while an active connector's syncs fail. */
export function displayStatus(connector: Connector, health: ConnectorHealth | undefined): string {
  if (connector.status === 'active' && health?.state === 'error') {
    return 'error';
  }
  return connector.status;
}

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
        displayStatus: displayStatus(connector, health),
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
        displayStatus(connector, health),
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

const importStatuses: ImportStatus[] = [
  'in_progress',
  'succeeded',
  'partially_succeeded',
  'failed',
  'skipped',
];

export interface ImportListOptions {
  connector?: string;
  status?: string;
  limit: number;
}

export async function listImports(
  runtime: Runtime,
  options: ImportListOptions,
  output: Output,
): Promise<void> {
  if (options.status && !importStatuses.includes(options.status as ImportStatus)) {
    throw new InvalidInputError(
      `--status "${options.status}" is not one of ${importStatuses.join(', ')}.`,
    );
  }
  const connectors = options.connector
    ? [await findConnector(runtime.connectors, options.connector)]
    : await runtime.connectors.list();
  const results = (
    await Promise.all(
      connectors.map((connector) =>
        runtime.results.listByConnector(connector.connectorId, options.limit),
      ),
    )
  )
    .flat()
    .filter((result) => !options.status || result.status === options.status)
    .sort((a, b) => (b.finishedAt ?? b.startedAt).localeCompare(a.finishedAt ?? a.startedAt))
    .slice(0, options.limit);

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
}
