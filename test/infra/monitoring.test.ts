import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { metricNames, metricNamespace } from '../../lambdas/core/metric-names';
import { synthStack } from './synth-stack';

const { template } = synthStack();

function logicalIdStartingWith(type: string, prefix: string): string {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.startsWith(prefix));
  expect(ids).toHaveLength(1);
  return ids[0];
}

interface Widget {
  type: string;
  properties: { title?: string; view?: string; metrics?: unknown[][] };
}

/** The dashboard's widgets, with CloudFormation references replaced by "REF". */
function dashboardWidgets(): Widget[] {
  const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
  const parts: unknown[] = dashboard.Properties.DashboardBody['Fn::Join'][1];
  const body = parts.map((part) => (typeof part === 'string' ? part : 'REF')).join('');
  return JSON.parse(body).widgets;
}

function expressionsOf(widgets: Widget[]): string[] {
  return widgets
    .flatMap((widget) => widget.properties.metrics ?? [])
    .flat()
    .flatMap((entry) =>
      typeof entry === 'object' && entry && 'expression' in entry ? [String(entry.expression)] : [],
    );
}

const topicRef = () => ({ Ref: logicalIdStartingWith('AWS::SNS::Topic', 'AlarmsTopic') });

describe('S3ImportStack dashboard', () => {
  it('shows sync health, throughput, latency, queues, functions, connectors and alarms', () => {
    const titles = dashboardWidgets().map((widget) => widget.properties.title);

    expect(titles).toEqual([
      'Sync health',
      'Files',
      'Rows',
      'Latency',
      'Queues',
      'Alarms',
      'Lambda errors and throttles',
      'Lambda duration',
      'Per connector',
    ]);
  });

  it('plots the total of every product metric from the S3Import namespace', () => {
    const expressions = expressionsOf(dashboardWidgets());

    for (const name of Object.values(metricNames).filter(
      (metric) => metric !== metricNames.consecutiveFailures,
    )) {
      expect(expressions.join('\n')).toContain(
        `SEARCH('{${metricNamespace},service} MetricName="${name}"'`,
      );
    }
    expect(expressions).toContain(
      `SEARCH('{${metricNamespace},service} MetricName="${metricNames.importDuration}"', 'p95', 300)`,
    );
  });

  it('plots the file queue age, the queues and both functions from AWS metrics', () => {
    const metrics = JSON.stringify(dashboardWidgets().map((widget) => widget.properties.metrics));

    expect(metrics).toContain('["AWS/SQS","ApproximateAgeOfOldestMessage","QueueName","REF"');
    expect(metrics).toContain('["AWS/SQS","ApproximateNumberOfMessagesNotVisible"');
    expect(metrics).toContain('["AWS/Lambda","Throttles","FunctionName","REF"');
    expect(metrics).toContain(
      '["AWS/Lambda","Duration","FunctionName","REF",{"label":"parser p95"',
    );
  });

  it('lists connectors in a table found by the ConnectorId dimension', () => {
    const table = dashboardWidgets().find((widget) => widget.properties.view === 'table');

    expect(table?.properties.title).toBe('Per connector');
    expect(expressionsOf(table ? [table] : [])).toContain(
      `SEARCH('Namespace="${metricNamespace}" MetricName="${metricNames.filesImported}" ConnectorId', 'Sum', 300)`,
    );
  });
});

describe('S3ImportStack alarms', () => {
  it('raises five alarms, each notifying the alarm topic', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));

    expect(alarms).toHaveLength(5);
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([topicRef()]);
      expect(alarm.Properties.TreatMissingData).toBe('notBreaching');
    }
  });

  it.each([['FileDeadLetterQueue'], ['SyncDeadLetterQueue']])(
    'alarms as soon as the %s holds a message',
    (queue) => {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [
          {
            Name: 'QueueName',
            Value: {
              'Fn::GetAtt': [
                logicalIdStartingWith('AWS::SQS::Queue', `Queues${queue}`),
                'QueueName',
              ],
            },
          },
        ],
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
      });
    },
  );

  it('alarms when the oldest queued file is older than 15 minutes', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [
        {
          Name: 'QueueName',
          Value: {
            'Fn::GetAtt': [
              logicalIdStartingWith('AWS::SQS::Queue', 'QueuesFileQueue'),
              'QueueName',
            ],
          },
        },
      ],
      Statistic: 'Maximum',
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 900,
    });
  });

  it('alarms on any lister error', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [
        {
          Name: 'FunctionName',
          Value: { Ref: logicalIdStartingWith('AWS::Lambda::Function', 'WorkersLister') },
        },
      ],
      Statistic: 'Sum',
      Threshold: 0,
    });
  });

  it('alarms when a connector has failed more than three syncs in a row', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: metricNamespace,
      MetricName: metricNames.consecutiveFailures,
      Statistic: 'Maximum',
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 3,
    });
  });
});

describe('S3ImportStack alarm topic', () => {
  it('encrypts the topic with a rotating key and lets only CloudWatch of this account publish', () => {
    template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: {
        'Fn::GetAtt': [logicalIdStartingWith('AWS::KMS::Key', 'AlarmsTopicKey'), 'Arn'],
      },
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Action: 'sns:Publish',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          }),
        ]),
      },
    });
  });

  it('subscribes no one unless the deployer gives an alarm email', () => {
    const { template: withEmail } = synthStack({ alarmEmail: 'ops@example.com' });

    template.resourceCountIs('AWS::SNS::Subscription', 0);
    withEmail.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
      TopicArn: topicRef(),
    });
  });
});
