import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SqsWorkQueue } from '../../../lambdas/adapters/sqs-queue';

const sqs = mockClient(SQSClient);
const queueUrl = 'https://sqs.eu-west-1.amazonaws.com/123456789012/files';
const noWait = async () => {};

function entries(count: number) {
  return Array.from({ length: count }, (_, i) => ({ id: `file-${i}`, body: { n: i } }));
}

beforeEach(() => {
  sqs.reset();
});

describe('SqsWorkQueue', () => {
  it('sends messages in batches of ten as JSON bodies', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const queue = new SqsWorkQueue<{ n: number }>(new SQSClient({}), queueUrl, { sleep: noWait });

    const result = await queue.send(entries(23));

    const calls = sqs.commandCalls(SendMessageBatchCommand).map((call) => call.args[0].input);
    expect(result).toEqual({ failedIds: [] });
    expect(calls.map((input) => input.Entries?.length)).toEqual([10, 10, 3]);
    expect(calls[2]).toEqual({
      QueueUrl: queueUrl,
      Entries: [
        { Id: '0', MessageBody: '{"n":20}' },
        { Id: '1', MessageBody: '{"n":21}' },
        { Id: '2', MessageBody: '{"n":22}' },
      ],
    });
  });

  it('retries only the entries SQS refused, and succeeds when a retry is accepted', async () => {
    sqs
      .on(SendMessageBatchCommand)
      .resolvesOnce({
        Failed: [{ Id: '1', SenderFault: false, Code: 'InternalError' }],
        Successful: [],
      })
      .resolves({ Failed: [], Successful: [] });
    const queue = new SqsWorkQueue(new SQSClient({}), queueUrl, { sleep: noWait });

    const result = await queue.send(entries(3));

    expect(result).toEqual({ failedIds: [] });
    expect(sqs.commandCalls(SendMessageBatchCommand)[1].args[0].input.Entries).toEqual([
      { Id: '1', MessageBody: '{"n":1}' },
    ]);
  });

  it('returns the ids still refused after every attempt, waiting longer before each retry', async () => {
    sqs.on(SendMessageBatchCommand).resolves({
      Failed: [{ Id: '2', SenderFault: false, Code: 'ServiceUnavailable' }],
      Successful: [],
    });
    const waits: number[] = [];
    const queue = new SqsWorkQueue(new SQSClient({}), queueUrl, {
      maxAttempts: 4,
      baseDelayMs: 100,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });

    const result = await queue.send(entries(3));

    expect(result).toEqual({ failedIds: ['file-2'] });
    expect(waits).toEqual([100, 200, 400]);
  });

  it('does not retry an entry refused for the sender fault', async () => {
    sqs.on(SendMessageBatchCommand).resolves({
      Failed: [{ Id: '0', SenderFault: true, Code: 'InvalidMessageContents' }],
      Successful: [],
    });
    const queue = new SqsWorkQueue(new SQSClient({}), queueUrl, { sleep: noWait });

    const result = await queue.send(entries(2));

    expect(result).toEqual({ failedIds: ['file-0'] });
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(1);
  });

  it('returns the whole batch as failed when SQS stays unreachable', async () => {
    sqs.on(SendMessageBatchCommand).rejects(new Error('socket hang up'));
    const queue = new SqsWorkQueue(new SQSClient({}), queueUrl, { maxAttempts: 2, sleep: noWait });

    const result = await queue.send(entries(2));

    expect(result).toEqual({ failedIds: ['file-0', 'file-1'] });
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(2);
  });
});
