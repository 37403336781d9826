import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

/** How often every connector is synced. */
export const syncInterval = Duration.minutes(5);

/** The function each scheduled cycle starts. */
export interface SyncScheduleProps {
  /** The lister: a scheduled event makes it fan out one sync request per due connector. */
  readonly lister: lambda.IFunction;
}

/** The EventBridge rule that starts a sync cycle every five minutes. */
export class SyncSchedule extends Construct {
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: SyncScheduleProps) {
    super(scope, id);

    // Limitation: a scheduled invocation that still fails after Lambda's retries is not
    // kept anywhere; the lister-errors alarm reports it and the next cycle starts afresh.
    this.rule = new events.Rule(this, 'Rule', {
      description: 'Starts a sync cycle: the lister queues one sync request per due connector.',
      schedule: events.Schedule.rate(syncInterval),
      targets: [
        new targets.LambdaFunction(props.lister, {
          // A cycle delivered after the next one started would only duplicate its work.
          maxEventAge: Duration.minutes(4),
          retryAttempts: 2,
        }),
      ],
    });
  }
}
