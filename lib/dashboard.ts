import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  connectorDimension,
  metricNames,
  metricNamespace,
  serviceDimension,
} from '../lambdas/core/metric-names';
import type { ImportQueues } from './queues';

/** The resources whose AWS metrics the dashboard plots, and the alarms it shows. */
export interface ImportDashboardProps {
  readonly queues: ImportQueues;
  readonly lister: lambda.IFunction;
  readonly parser: lambda.IFunction;
  readonly alarms: cloudwatch.IAlarm[];
}

const period = Duration.minutes(5);

function searchTotals(metricName: string, statistic: string): string {
  return `SEARCH('{${metricNamespace},${serviceDimension}} MetricName="${metricName}"', '${statistic}', ${period.toSeconds()})`;
}

// Totals are searched by their dimension name, not matched on the service value,
// so that they show whatever service names the handlers' Powertools instances use.
function total(metricName: string, reducer: 'SUM' | 'MAX'): cloudwatch.MathExpression {
  const statistic = reducer === 'SUM' ? 'Sum' : 'Maximum';
  return new cloudwatch.MathExpression({
    expression: `${reducer}(${searchTotals(metricName, statistic)})`,
    label: metricName,
    usingMetrics: {},
    period,
  });
}

function percentile(metricName: string, statistic: 'p50' | 'p95'): cloudwatch.MathExpression {
  return new cloudwatch.MathExpression({
    expression: searchTotals(metricName, statistic),
    label: `${metricName} ${statistic} (ms)`,
    usingMetrics: {},
    period,
  });
}

// A search finds every connector's series, including connectors added after deployment.
// Limitation: CloudWatch returns at most 500 series per search, so the table shows
// at most 500 connectors per metric.
function perConnector(metricName: string, statistic: string): cloudwatch.MathExpression {
  return new cloudwatch.MathExpression({
    expression: `SEARCH('Namespace="${metricNamespace}" MetricName="${metricName}" ${connectorDimension}', '${statistic}', ${period.toSeconds()})`,
    label: `${metricName} \${PROP('Dim.${connectorDimension}')}`,
    usingMetrics: {},
    period,
  });
}

function queueMetrics(queue: sqs.IQueue, name: string): cloudwatch.IMetric[] {
  return [
    queue.metricApproximateNumberOfMessagesVisible({ label: `${name} visible`, period }),
    queue.metricApproximateNumberOfMessagesNotVisible({ label: `${name} in flight`, period }),
  ];
}

function graph(title: string, left: cloudwatch.IMetric[], right?: cloudwatch.IMetric[]) {
  return new cloudwatch.GraphWidget({ title, left, right, width: 8, height: 6 });
}

/**
 * One CloudWatch dashboard: sync health, throughput, latency, queues, both
 * functions, a per-connector table and the alarms' states.
 */
export class ImportDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: ImportDashboardProps) {
    super(scope, id);
    const { queues, lister, parser } = props;
    const functions = [
      ['lister', lister],
      ['parser', parser],
    ] as const;

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.hours(24),
    });

    this.dashboard.addWidgets(
      graph(
        'Sync health',
        [total(metricNames.syncsSucceeded, 'SUM'), total(metricNames.syncsFailed, 'SUM')],
        [total(metricNames.connectorsInError, 'MAX')],
      ),
      graph('Files', [
        total(metricNames.filesImported, 'SUM'),
        total(metricNames.filesFailed, 'SUM'),
      ]),
      graph('Rows', [
        total(metricNames.rowsImported, 'SUM'),
        total(metricNames.rowsRejected, 'SUM'),
      ]),
    );
    this.dashboard.addWidgets(
      graph(
        'Latency',
        [
          queues.fileQueue.metricApproximateAgeOfOldestMessage({
            label: 'Oldest queued file (s)',
            statistic: 'Maximum',
            period,
          }),
        ],
        [
          percentile(metricNames.importDuration, 'p50'),
          percentile(metricNames.importDuration, 'p95'),
        ],
      ),
      graph(
        'Queues',
        [...queueMetrics(queues.fileQueue, 'Files'), ...queueMetrics(queues.syncQueue, 'Syncs')],
        [
          queues.fileDeadLetterQueue.metricApproximateNumberOfMessagesVisible({
            label: 'File dead letters',
            period,
          }),
          queues.syncDeadLetterQueue.metricApproximateNumberOfMessagesVisible({
            label: 'Sync dead letters',
            period,
          }),
        ],
      ),
      new cloudwatch.AlarmStatusWidget({
        title: 'Alarms',
        alarms: props.alarms,
        width: 8,
        height: 6,
      }),
    );
    this.dashboard.addWidgets(
      graph(
        'Lambda errors and throttles',
        functions.flatMap(([name, fn]) => [
          fn.metricErrors({ label: `${name} errors`, period }),
          fn.metricThrottles({ label: `${name} throttles`, period }),
        ]),
      ),
      graph(
        'Lambda duration',
        functions.flatMap(([name, fn]) => [
          fn.metricDuration({ label: `${name} p50`, statistic: 'p50', period }),
          fn.metricDuration({ label: `${name} p95`, statistic: 'p95', period }),
          fn.metricDuration({ label: `${name} max`, statistic: 'Maximum', period }),
        ]),
      ),
    );
    this.dashboard.addWidgets(
      new cloudwatch.TableWidget({
        title: 'Per connector',
        width: 24,
        height: 8,
        setPeriodToTimeRange: true,
        summary: { columns: [cloudwatch.TableSummaryColumn.SUM], hideNonSummaryColumns: true },
        metrics: [
          perConnector(metricNames.syncsFailed, 'Sum'),
          perConnector(metricNames.filesImported, 'Sum'),
          perConnector(metricNames.filesFailed, 'Sum'),
          perConnector(metricNames.rowsImported, 'Sum'),
          perConnector(metricNames.rowsRejected, 'Sum'),
        ],
      }),
    );
  }
}
