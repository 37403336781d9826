import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { metricNames, metricNamespace, totalDimensions } from '../lambdas/core/metric-names';
import type { ImportQueues } from './queues';

/** Age in seconds of the oldest queued file beyond which imports are falling behind. */
export const oldestFileAlarmSeconds = 15 * 60;

/** Failed syncs in a row after which a connector needs a person to look at it. */
export const consecutiveFailuresAlarmThreshold = 3;

/** What the alarms watch, and who hears about them. */
export interface ImportAlarmsProps {
  readonly queues: ImportQueues;
  readonly lister: lambda.IFunction;
  /** Subscribed to the alarm topic when given. */
  readonly alarmEmail?: string;
}

/**
 * The alarms an operator must act on, all notifying one encrypted SNS topic:
 * a dead-letter queue that is not empty, files waiting too long, lister errors,
 * and a connector failing more than three syncs in a row.
 */
export class ImportAlarms extends Construct {
  readonly topic: sns.Topic;
  readonly fileDeadLetters: cloudwatch.Alarm;
  readonly syncDeadLetters: cloudwatch.Alarm;
  readonly oldestFile: cloudwatch.Alarm;
  readonly listerErrors: cloudwatch.Alarm;
  readonly connectorFailing: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: ImportAlarmsProps) {
    super(scope, id);
    const { queues } = props;
    this.topic = createAlarmTopic(this);
    if (props.alarmEmail) {
      this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    }

    this.fileDeadLetters = this.addAlarm('FileDeadLetters', {
      alarmDescription:
        'Files failed every delivery and wait in the file dead-letter queue; find the cause in the parser logs, then redrive.',
      metric: queues.fileDeadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: 0,
    });
    this.syncDeadLetters = this.addAlarm('SyncDeadLetters', {
      alarmDescription:
        'Sync requests failed every delivery and wait in the sync dead-letter queue; find the cause in the lister logs.',
      metric: queues.syncDeadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: 0,
    });
    this.oldestFile = this.addAlarm('OldestFile', {
      alarmDescription:
        'A queued file has waited more than 15 minutes: parsers are failing, throttled or falling behind.',
      metric: queues.fileQueue.metricApproximateAgeOfOldestMessage({
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: oldestFileAlarmSeconds,
    });
    this.listerErrors = this.addAlarm('ListerErrors', {
      alarmDescription:
        'The lister failed an invocation: a sync cycle or a connector sync did not finish.',
      metric: props.lister.metricErrors({
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.SUM,
      }),
      threshold: 0,
    });
    // Limitation: an alarm cannot search, so this one matches the total series of the
    // service named `metricServiceName`; handlers using another service name go unseen.
    this.connectorFailing = this.addAlarm('ConnectorFailing', {
      alarmDescription:
        'A connector has failed more than three syncs in a row; its health in the connectors table names the error code.',
      metric: new cloudwatch.Metric({
        namespace: metricNamespace,
        metricName: metricNames.consecutiveFailures,
        dimensionsMap: totalDimensions,
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: consecutiveFailuresAlarmThreshold,
    });
  }

  /** Every alarm, for the dashboard's status widget. */
  get all(): cloudwatch.Alarm[] {
    return [
      this.fileDeadLetters,
      this.syncDeadLetters,
      this.oldestFile,
      this.listerErrors,
      this.connectorFailing,
    ];
  }

  private addAlarm(
    id: string,
    props: Pick<cloudwatch.AlarmProps, 'alarmDescription' | 'metric' | 'threshold'>,
  ): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, {
      ...props,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      // No data means no messages, no invocations or no failing connector: all healthy.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    return alarm;
  }
}

// CloudWatch cannot publish to a topic encrypted with the AWS managed SNS key,
// so the topic gets its own key, whose policy lets CloudWatch encrypt notifications.
function createAlarmTopic(scope: Construct): sns.Topic {
  const key = new kms.Key(scope, 'TopicKey', {
    description: 'Encrypts the S3 import alarm topic',
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const topic = new sns.Topic(scope, 'Topic', {
    displayName: 'S3 import alarms',
    masterKey: key,
    enforceSSL: true,
  });
  // The TLS policy replaces the topic's default policy, so publishing is allowed
  // explicitly, and only for alarms of this account; the grant covers the key too.
  const cloudWatch = new iam.ServicePrincipal('cloudwatch.amazonaws.com');
  topic.grantPublish(
    cloudWatch.withConditions({ StringEquals: { 'aws:SourceAccount': Stack.of(scope).account } }),
  );
  return topic;
}
