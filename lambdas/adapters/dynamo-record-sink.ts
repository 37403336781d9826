import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import pLimit from 'p-limit';
import { tableKeys } from '../core/deployment';
import { FileFailure, TransientError } from '../core/errors';
import type { ImportedRecord } from '../core/model';
import type { RecordSink } from '../core/ports';

const transientNames = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TimeoutError',
]);

/**
 * Throttling, 5xx and network failures become `TransientError` (the queue
 * retries the file); anything else is returned as it is.
 */
export function translateDynamoError(error: unknown, action: string): Error {
  const shape = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  const status = shape?.$metadata?.httpStatusCode;
  const name = shape?.name ?? '';
  const isNetwork =
    status === undefined &&
    ['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE'].some(
      (code) => String((error as { code?: string })?.code) === code,
    );
  if (transientNames.has(name) || (status !== undefined && status >= 500) || isNetwork) {
    return new TransientError(
      `DynamoDB failed to ${action} (${name || status || 'no response'}); it will be retried.`,
      error,
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}

export interface DynamoRecordSinkOptions {
  /** Attempts at writing the items DynamoDB left unprocessed. Default 8. */
  maxAttempts?: number;
  /** First backoff delay; doubled each attempt, with jitter. Default 50 ms. */
  baseDelayMs?: number;
  /** BatchWriteItem requests in flight at once. Default 8. */
  concurrency?: number;
}

/** BatchWriteItem takes at most 25 items. */
const batchSize = 25;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Writes records to the records table: `pk` is `connectorId#recordType`, the
 * sort key the record key, so a record written again replaces itself.
 * Unprocessed items are retried with exponential backoff; when they stay
 * unprocessed, a `TransientError` sends the file back to the queue.
 *
 * The import rejects records estimated over DynamoDB's 400 KB item limit as
 * row errors before they get here; if DynamoDB still refuses an item for its
 * size, the file fails with `record_too_large`, and for any other reason
 * (`ValidationException`) with `record_refused`, rather than retrying forever.
 */
export class DynamoRecordSink implements RecordSink {
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly limit: ReturnType<typeof pLimit>;

  constructor(
    private readonly dynamo: DynamoDBDocumentClient,
    private readonly tableName: string,
    options: DynamoRecordSinkOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 8;
    this.baseDelayMs = options.baseDelayMs ?? 50;
    this.limit = pLimit(options.concurrency ?? 8);
  }

  async write(records: ImportedRecord[]): Promise<void> {
    // One batch may not name the same key twice; the last row of a key wins, as it would in order.
    const byKey = new Map<string, Record<string, unknown>>();
    for (const record of records) {
      const pk = `${record.connectorId}#${record.recordType}`;
      byKey.set(`${pk}\u0000${record.recordKey}`, {
        [tableKeys.records.partitionKey]: pk,
        [tableKeys.records.sortKey]: record.recordKey,
        connectorId: record.connectorId,
        recordType: record.recordType,
        fileId: record.fileId,
        row: record.row,
        data: record.data,
      });
    }
    const items = [...byKey.values()];
    const batches: Record<string, unknown>[][] = [];
    for (let start = 0; start < items.length; start += batchSize) {
      batches.push(items.slice(start, start + batchSize));
    }
    await Promise.all(batches.map((batch) => this.limit(() => this.writeBatch(batch))));
  }

  private async writeBatch(items: Record<string, unknown>[]): Promise<void> {
    let requests = items.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 1; ; attempt += 1) {
      let unprocessed: typeof requests;
      try {
        const output = await this.dynamo.send(
          new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } }),
        );
        unprocessed = (output.UnprocessedItems?.[this.tableName] ?? []) as typeof requests;
      } catch (error) {
        throw this.translate(error);
      }
      if (unprocessed.length === 0) return;
      if (attempt >= this.maxAttempts) {
        throw new TransientError(
          `DynamoDB left ${unprocessed.length} records unprocessed after ${attempt} attempts; the file will be retried.`,
        );
      }
      requests = unprocessed;
      const delay = this.baseDelayMs * 2 ** (attempt - 1);
      await sleep(delay / 2 + Math.random() * (delay / 2));
    }
  }

  private translate(error: unknown): Error {
    const message = (error as Error)?.message ?? '';
    if ((error as Error)?.name === 'ValidationException' && /size/i.test(message)) {
      return new FileFailure(
        'record_too_large',
        `DynamoDB refused a record as too large for one item (400 KB): ${message}`,
        { cause: error },
      );
    }
    // Any other refusal of the items would repeat on every retry: the file fails instead.
    if ((error as Error)?.name === 'ValidationException') {
      return new FileFailure(
        'record_refused',
        `DynamoDB refused a record of this file, so the file is not retried: ${message}`,
        { cause: error },
      );
    }
    return translateDynamoError(error, 'write records');
  }
}
