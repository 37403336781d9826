import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { localLambdaContext } from './lambda-context';

export type SqsHandler = (
  event: SQSEvent,
  context: Context,
) => Promise<SQSBatchResponse | undefined>;

export interface PollerOptions {
  sqs: SQSClient;
  queueUrl: string;
  handler: SqsHandler;
  /** Messages per invocation, as the event source mapping's batch size. */
  batchSize: number;
  /** The function timeout the handler is told it has. */
  timeoutMs: number;
  functionName: string;
}

function toRecord(message: Message, queueArn: string): SQSRecord {
  const attributes = message.Attributes ?? {};
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
      SenderId: attributes.SenderId ?? 'local',
      ApproximateFirstReceiveTimestamp:
        attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: 'us-east-1',
  };
}

/**
 * Plays Lambda's SQS event source mapping against the local queue: receives a
 * batch, invokes the handler with an SQS event, deletes what succeeded and
 * leaves the reported failures to the visibility timeout and the redrive policy.
 */
export class SqsPoller {
  private queueArn?: string;

  constructor(private readonly options: PollerOptions) {}

  /** One receive and invocation. Returns how many messages were handled. */
  async pollOnce(waitSeconds = 0): Promise<{ received: number; failed: number }> {
    const { sqs, queueUrl } = this.options;
    const queueArn = await this.arn();
    const response = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: this.options.batchSize,
        WaitTimeSeconds: waitSeconds,
        MessageSystemAttributeNames: ['All'],
      }),
    );
    const messages = response.Messages ?? [];
    if (messages.length === 0) {
      return { received: 0, failed: 0 };
    }

    const event: SQSEvent = { Records: messages.map((message) => toRecord(message, queueArn)) };
    let failedIds: Set<string>;
    try {
      const result = await this.options.handler(
        event,
        localLambdaContext(this.options.functionName, this.options.timeoutMs),
      );
      failedIds = new Set(result?.batchItemFailures.map((failure) => failure.itemIdentifier));
    } catch {
      // A handler that throws fails the whole batch, as in Lambda.
      failedIds = new Set(messages.map((message) => message.MessageId ?? ''));
    }

    const succeeded = messages.filter((message) => !failedIds.has(message.MessageId ?? ''));
    if (succeeded.length > 0) {
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: succeeded.map((message, index) => ({
            Id: String(index),
            ReceiptHandle: message.ReceiptHandle,
          })),
        }),
      );
    }
    return { received: messages.length, failed: messages.length - succeeded.length };
  }

  /** Messages waiting or in flight; zero means the queue is drained. */
  async pending(): Promise<number> {
    const response = await this.options.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: this.options.queueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    const attributes = response.Attributes ?? {};
    return (
      Number(attributes.ApproximateNumberOfMessages ?? 0) +
      Number(attributes.ApproximateNumberOfMessagesNotVisible ?? 0)
    );
  }

  private async arn(): Promise<string> {
    if (!this.queueArn) {
      const response = await this.options.sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: this.options.queueUrl,
          AttributeNames: ['QueueArn'],
        }),
      );
      this.queueArn = response.Attributes?.QueueArn ?? this.options.queueUrl;
    }
    return this.queueArn;
  }
}
