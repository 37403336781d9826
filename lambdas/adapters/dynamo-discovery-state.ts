import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
} from '@aws-sdk/lib-dynamodb';
import { expiryAttribute } from '../core/deployment';
import type { DiscoveryState, DiscoveryStateStore, LedgerEntry } from '../core/discovery/ports';
import { TransientError } from '../core/errors';

/** Sort keys of a connector's items in the discovery table (partition key: connector id). */
export const discoverySortKeys = {
  state: 'STATE',
  lease: 'LEASE',
  health: 'HEALTH',
  ledgerPrefix: 'LEDGER#',
} as const;

/** DynamoDB's limits: 100 keys per BatchGetItem, 25 puts per BatchWriteItem. */
const getBatchSize = 100;
const writeBatchSize = 25;
const maxAttempts = 6;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The item without its undefined attributes: DynamoDB cannot store them, and a
 * client built without `removeUndefinedValues` would refuse the whole write.
 */
export function withoutUndefined<T extends object>(item: T): T {
  return JSON.parse(JSON.stringify(item)) as T;
}

function chunks<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    result.push(items.slice(start, start + size));
  }
  return result;
}

/**
 * The discovery table in DynamoDB. Ledger lookups read only the ids asked for,
 * with consistent reads so that a run right after another sees its writes.
 * Unprocessed batch items are retried with backoff; when DynamoDB keeps
 * refusing them a `TransientError` is thrown and the sync moves nothing.
 */
export class DynamoDiscoveryStateStore implements DiscoveryStateStore {
  constructor(
    private readonly dynamo: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getState(connectorId: string): Promise<DiscoveryState | undefined> {
    const { Item } = await this.dynamo.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: connectorId, sk: discoverySortKeys.state },
        ConsistentRead: true,
      }),
    );
    if (!Item) {
      return undefined;
    }
    const { pk: _pk, sk: _sk, ...state } = Item;
    return state as DiscoveryState;
  }

  async putState(state: DiscoveryState): Promise<void> {
    await this.dynamo.send(
      new PutCommand({
        TableName: this.tableName,
        Item: withoutUndefined({ pk: state.connectorId, sk: discoverySortKeys.state, ...state }),
      }),
    );
  }

  async acquireLease(
    connectorId: string,
    holder: string,
    until: Date,
    now: Date,
  ): Promise<boolean> {
    try {
      await this.dynamo.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: connectorId,
            sk: discoverySortKeys.lease,
            holder,
            leaseUntilMs: until.getTime(),
            // Cleanup only: expiry is checked on leaseUntilMs, TTL deletes lazily.
            [expiryAttribute]: Math.ceil(until.getTime() / 1000) + 3600,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR leaseUntilMs <= :now',
          ExpressionAttributeValues: { ':now': now.getTime() },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        return false;
      }
      throw error;
    }
  }

  async releaseLease(connectorId: string, holder: string): Promise<void> {
    try {
      await this.dynamo.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { pk: connectorId, sk: discoverySortKeys.lease },
          ConditionExpression: 'holder = :holder',
          ExpressionAttributeValues: { ':holder': holder },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) {
        throw error;
      }
    }
  }

  async findQueued(connectorId: string, fileIds: string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (const ids of chunks([...new Set(fileIds)], getBatchSize)) {
      let keys: Record<string, unknown>[] = ids.map((id) => ({
        pk: connectorId,
        sk: `${discoverySortKeys.ledgerPrefix}${id}`,
      }));
      for (let attempt = 1; keys.length > 0; attempt += 1) {
        if (attempt > maxAttempts) {
          throw new TransientError(
            `DynamoDB left ${keys.length} ledger reads unprocessed after ${maxAttempts} attempts.`,
          );
        }
        if (attempt > 1) {
          await sleep(50 * 2 ** (attempt - 2));
        }
        const output = await this.dynamo.send(
          new BatchGetCommand({
            RequestItems: {
              [this.tableName]: { Keys: keys, ConsistentRead: true, ProjectionExpression: 'sk' },
            },
          }),
        );
        for (const item of output.Responses?.[this.tableName] ?? []) {
          found.add(String(item.sk).slice(discoverySortKeys.ledgerPrefix.length));
        }
        keys = output.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
      }
    }
    return found;
  }

  async markQueued(connectorId: string, entries: LedgerEntry[]): Promise<void> {
    for (const batch of chunks(entries, writeBatchSize)) {
      let requests: NonNullable<
        ConstructorParameters<typeof BatchWriteCommand>[0]['RequestItems']
      >[string] = batch.map((entry) => ({
        PutRequest: {
          Item: {
            pk: connectorId,
            sk: `${discoverySortKeys.ledgerPrefix}${entry.fileId}`,
            etag: entry.etag,
            lastModified: entry.lastModified,
            [expiryAttribute]: entry.expiresAt,
          },
        },
      }));
      for (let attempt = 1; requests.length > 0; attempt += 1) {
        if (attempt > maxAttempts) {
          throw new TransientError(
            `DynamoDB left ${requests.length} ledger writes unprocessed after ${maxAttempts} attempts.`,
          );
        }
        if (attempt > 1) {
          await sleep(50 * 2 ** (attempt - 2));
        }
        const output = await this.dynamo.send(
          new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } }),
        );
        requests = output.UnprocessedItems?.[this.tableName] ?? [];
      }
    }
  }
}
