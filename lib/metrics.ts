/**
 * The metric contract between the handlers and the dashboard and alarms. The
 * handlers emit these names in embedded metric format under `metricNamespace`.
 * Totals carry only the `service` dimension (Powertools adds it from
 * `POWERTOOLS_SERVICE_NAME`, which the stack sets to `metricServiceName`); the
 * per-connector series add `connectorDimension`.
 */
export const metricNamespace = 'S3Import';

/** Value of the `service` dimension that Powertools Metrics puts on every metric. */
export const metricServiceName = 's3-import';

/** Dimension of per-connector series. */
export const connectorDimension = 'ConnectorId';

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
export const totalDimensions = { service: metricServiceName } as const;
