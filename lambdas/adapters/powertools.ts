import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { MetricUnit, Metrics as PowertoolsMetrics } from '@aws-lambda-powertools/metrics';
import { connectorDimension, metricNamespace } from '../core/metric-names';
import type { Logger, Metrics, MetricUnit as PortMetricUnit } from '../core/ports';

/** JSON lines through Powertools, with the service name and the Lambda context in each line. */
export function powertoolsLogger(serviceName: string): Logger & { raw: PowertoolsLogger } {
  const raw = new PowertoolsLogger({ serviceName });
  return {
    raw,
    debug: (message, fields) => raw.debug(message, fields ?? {}),
    info: (message, fields) => raw.info(message, fields ?? {}),
    warn: (message, fields) => raw.warn(message, fields ?? {}),
    error: (message, fields) => raw.error(message, fields ?? {}),
  };
}

const units: Record<PortMetricUnit, (typeof MetricUnit)[keyof typeof MetricUnit]> = {
  Count: MetricUnit.Count,
  Milliseconds: MetricUnit.Milliseconds,
  Bytes: MetricUnit.Bytes,
};

/**
 * Metrics in CloudWatch's embedded metric format: each data point once in total
 * and once with a `ConnectorId` dimension when it belongs to a connector.
 * Call `publish()` at the end of every invocation.
 */
export function powertoolsMetrics(serviceName: string): Metrics & { publish(): void } {
  const totals = new PowertoolsMetrics({ namespace: metricNamespace, serviceName });
  return {
    add(name, unit, value, connectorId) {
      totals.addMetric(name, units[unit], value);
      if (connectorId) {
        const single = totals.singleMetric();
        single.addDimension(connectorDimension, connectorId);
        single.addMetric(name, units[unit], value);
      }
    },
    publish: () => totals.publishStoredMetrics(),
  };
}

/** Local logger: JSON lines on stderr when `verbose`, nothing otherwise. */
export function localLogger(verbose: boolean): Logger {
  const write = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    if (verbose) {
      process.stderr.write(`${JSON.stringify({ level, message, ...fields })}\n`);
    }
  };
  return { debug: write('DEBUG'), info: write('INFO'), warn: write('WARN'), error: write('ERROR') };
}
