/**
 * The metric contract between the handlers and the dashboard and alarms. The
 * handlers emit these names in embedded metric format under `metricNamespace`
 * (lambdas/adapters/powertools.ts). Totals carry only the `service` dimension,
 * which Powertools always adds; per-connector series add `connectorDimension`.
 * The dashboard finds totals under any service name; the failing-connector
 * alarm needs the exact one, `metricServiceName`.
 */
export const metricNamespace = 'S3Import';

/**
 * Service name both handlers should give Powertools (the stack sets it as
 * `POWERTOOLS_SERVICE_NAME`); the failing-connector alarm matches on it.
 */
export const metricServiceName = 's3-import';

/** Dimension Powertools Metrics puts on every data point. */
export const serviceDimension = 'service';

/** Dimension of per-connector series. */
export const connectorDimension = 'ConnectorId';

/** Names of the product's own metrics, as the handlers emit them. */
export const metricNames = {
  syncsSucceeded: 'SyncsSucceeded',
  syncsFailed: 'SyncsFailed',
  /** Connectors whose last sync failed, emitted once per scheduled cycle. */
  connectorsInError: 'ConnectorsInError',
  /** Failed syncs in a row of one connector, emitted by each failing sync. */
  consecutiveFailures: 'ConsecutiveFailures',
  filesImported: 'FilesImported',
  filesFailed: 'FilesFailed',
  rowsImported: 'RowsImported',
  rowsRejected: 'RowsRejected',
  /** Milliseconds from the first read of a file to its import result. */
  importDuration: 'ImportDuration',
} as const;

/** Dimensions of the total (all connectors) series. */
export const totalDimensions = { [serviceDimension]: metricServiceName };
