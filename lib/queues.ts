import { Duration } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { listerTimeout, parserTimeout, visibilityTimeoutFactor } from './limits';

/** Settings of the queues' redrive policies. */
export interface ImportQueuesProps {
  /** Deliveries of one message before it moves to its dead-letter queue. */
  readonly maxReceiveCount: number;
}

// The longest retention SQS allows, so that operators have two weeks to redrive.
const deadLetterRetention = Duration.days(14);

function secureQueueProps(): Pick<sqs.QueueProps, 'encryption' | 'enforceSSL'> {
  return { encryption: sqs.QueueEncryption.SQS_MANAGED, enforceSSL: true };
}

/**
 * The file queue (lister to parser) and the sync queue (scheduled run to
 * lister), each with its own dead-letter queue. Encrypted, TLS only.
 */
export class ImportQueues extends Construct {
  readonly fileQueue: sqs.Queue;
  readonly fileDeadLetterQueue: sqs.Queue;
  readonly syncQueue: sqs.Queue;
  readonly syncDeadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: ImportQueuesProps) {
    super(scope, id);

    this.fileDeadLetterQueue = new sqs.Queue(this, 'FileDeadLetterQueue', {
      ...secureQueueProps(),
      retentionPeriod: deadLetterRetention,
    });
    this.fileQueue = new sqs.Queue(this, 'FileQueue', {
      ...secureQueueProps(),
      visibilityTimeout: Duration.seconds(parserTimeout.toSeconds() * visibilityTimeoutFactor),
      deadLetterQueue: { queue: this.fileDeadLetterQueue, maxReceiveCount: props.maxReceiveCount },
    });

    this.syncDeadLetterQueue = new sqs.Queue(this, 'SyncDeadLetterQueue', {
      ...secureQueueProps(),
      retentionPeriod: deadLetterRetention,
    });
    this.syncQueue = new sqs.Queue(this, 'SyncQueue', {
      ...secureQueueProps(),
      visibilityTimeout: Duration.seconds(listerTimeout.toSeconds() * visibilityTimeoutFactor),
      deadLetterQueue: { queue: this.syncDeadLetterQueue, maxReceiveCount: props.maxReceiveCount },
    });
  }
}
