import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { connectorDimension, metricNames, metricNamespace, totalDimensions } from './metrics';
import type { ImportQueues } from './queues';

export interface ImportDashboardProps {
  readonly queues: ImportQueues;
  readonly lister: lambda.IFunction;
  readonly parser: lambda.IFunction;
  readonly alarms: cloudwatch.IAlarm[];
}

const period = Duration.minutes(5);

function total(metricName: string, statistic: string, label?: string): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: metricNamespace,
    metricName,
    dimensionsMap: totalDimensions,
    statistic,
    period,
    label,
  });
}

// A search finds every connector's series, including connectors added after deployment.
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
        [total(metricNames.syncsSucceeded, 'Sum'), total(metricNames.syncsFailed, 'Sum')],
        [total(metricNames.connectorsInError, 'Maximum')],
      ),
      graph('Files', [
        total(metricNames.filesImported, 'Sum'),
        total(metricNames.filesFailed, 'Sum'),
      ]),
      graph('Rows', [
        total(metricNames.rowsImported, 'Sum'),
        total(metricNames.rowsRejected, 'Sum'),
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
          total(metricNames.importDuration, 'p50', 'Import duration p50 (ms)'),
          total(metricNames.importDuration, 'p95', 'Import duration p95 (ms)'),
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
