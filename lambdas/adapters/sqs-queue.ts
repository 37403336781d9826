import {
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { QueueEntry, WorkQueue } from '../core/ports';

/** SQS accepts at most ten messages per SendMessageBatch. */
const batchSize = 10;

export interface SqsWorkQueueOptions {
  /** Sends of one batch, the first included. @default 4 */
  maxAttempts?: number;
  /** Delay before the first retry, doubled on each one. @default 100 */
  baseDelayMs?: number;
  /** For tests: how to wait between attempts. */
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A work queue on one SQS queue: messages are JSON bodies sent in batches of
 * ten; entries SQS refuses are retried with exponential backoff, except those
 * refused for the sender's fault (a malformed message stays malformed). Whatever
 * is still refused, or unsent because SQS stayed unreachable, is returned by id.
 */
export class SqsWorkQueue<T> implements WorkQueue<T> {
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
    options: SqsWorkQueueOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 4;
    this.baseDelayMs = options.baseDelayMs ?? 100;
    this.sleep = options.sleep ?? defaultSleep;
  }

  async send(entries: QueueEntry<T>[]): Promise<{ failedIds: string[] }> {
    const failedIds: string[] = [];
    for (let start = 0; start < entries.length; start += batchSize) {
      failedIds.push(...(await this.sendBatch(entries.slice(start, start + batchSize))));
    }
    return { failedIds };
  }

  private async sendBatch(batch: QueueEntry<T>[]): Promise<string[]> {
    // Batch entry ids must be short and alphanumeric; callers' ids (file ids,
    // connector ids) need not be, so the position stands in for them.
    let pending: SendMessageBatchRequestEntry[] = batch.map((entry, index) => ({
      Id: String(index),
      MessageBody: JSON.stringify(entry.body),
    }));
    const refused: string[] = [];

    for (let attempt = 1; pending.length > 0 && attempt <= this.maxAttempts; attempt += 1) {
      if (attempt > 1) {
        await this.sleep(this.baseDelayMs * 2 ** (attempt - 2));
      }
      let failed: { Id?: string; SenderFault?: boolean }[];
      try {
        const output = await this.client.send(
          new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: pending }),
        );
        failed = output.Failed ?? [];
      } catch {
        // The whole call failed (network, throttling after the SDK's retries): try all again.
        continue;
      }
      const failedIds = new Set(failed.map((entry) => entry.Id));
      for (const entry of failed) {
        if (entry.SenderFault && entry.Id !== undefined) {
          refused.push(entry.Id);
        }
      }
      pending = pending.filter(
        (entry) => failedIds.has(entry.Id) && !refused.includes(entry.Id as string),
      );
    }

    return [...refused, ...pending.map((entry) => entry.Id as string)].map(
      (id) => batch[Number(id)].id,
    );
  }
}
