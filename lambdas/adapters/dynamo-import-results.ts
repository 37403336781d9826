import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { tableKeys } from '../core/deployment';
import type { ImportResult } from '../core/model';
import type { ClaimingImportResultStore, ClaimOutcome } from '../core/ports';
import { translateDynamoError } from './dynamo-record-sink';

const keys = tableKeys.importResults;

function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException ||
    (error as Error)?.name === 'ConditionalCheckFailedException'
  );
}

/**
 * Import results, one item per (connector, file id). Claims are conditional
 * writes on the item itself (no transactions: the local DynamoDB has none).
 */
export class DynamoImportResultStore implements ClaimingImportResultStore {
  constructor(
    private readonly dynamo: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private async send<T>(action: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (isConditionFailure(error)) throw error;
      throw translateDynamoError(error, action);
    }
  }

  async get(connectorId: string, fileId: string): Promise<ImportResult | undefined> {
    const output = await this.send('read an import result', () =>
      this.dynamo.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { [keys.partitionKey]: connectorId, [keys.sortKey]: fileId },
          ConsistentRead: true,
        }),
      ),
    );
    return output.Item as ImportResult | undefined;
  }

  async put(result: ImportResult): Promise<void> {
    await this.send('write an import result', () =>
      this.dynamo.send(new PutCommand({ TableName: this.tableName, Item: result })),
    );
  }

  async putIfAbsent(result: ImportResult): Promise<boolean> {
    try {
      await this.send('write an import result', () =>
        this.dynamo.send(
          new PutCommand({
            TableName: this.tableName,
            Item: result,
            ConditionExpression: 'attribute_not_exists(#pk)',
            ExpressionAttributeNames: { '#pk': keys.partitionKey },
          }),
        ),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /**
   * Up to `limit` results of one connector, in key order (not by time). Follows
   * `LastEvaluatedKey` page by page, since one Query answers at most 1 MB.
   */
  async listByConnector(connectorId: string, limit = 100): Promise<ImportResult[]> {
    const results: ImportResult[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const output = await this.send('list import results', () =>
        this.dynamo.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: '#pk = :pk',
            ExpressionAttributeNames: { '#pk': keys.partitionKey },
            ExpressionAttributeValues: { ':pk': connectorId },
            Limit: limit - results.length,
            ...(startKey ? { ExclusiveStartKey: startKey } : {}),
          }),
        ),
      );
      results.push(...((output.Items ?? []) as ImportResult[]));
      startKey = output.LastEvaluatedKey;
    } while (startKey && results.length < limit);
    return results;
  }

  async claim(
    initial: ImportResult,
    claim: { claimedBy: string; claimExpiresAt: string },
    now: Date,
  ): Promise<ClaimOutcome> {
    const fresh = { ...initial, ...claim };
    if (await this.putIfAbsent(fresh)) {
      return { kind: 'claimed', result: fresh };
    }

    const existing = await this.get(initial.connectorId, initial.fileId);
    if (!existing) {
      return { kind: 'busy', result: fresh };
    }
    if (existing.status !== 'in_progress') {
      return { kind: 'finished', result: existing };
    }
    const isLive =
      existing.claimExpiresAt !== undefined &&
      new Date(existing.claimExpiresAt) > now &&
      existing.claimedBy !== claim.claimedBy;
    if (isLive) {
      return { kind: 'busy', result: existing };
    }

    try {
      await this.send('claim an import', () =>
        this.dynamo.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { [keys.partitionKey]: initial.connectorId, [keys.sortKey]: initial.fileId },
            UpdateExpression: 'SET #by = :by, #until = :until',
            // Only over the claim we saw lapse: a parallel takeover makes this fail.
            ConditionExpression:
              '#status = :inProgress AND (attribute_not_exists(#until) OR #until = :seen)',
            ExpressionAttributeNames: {
              '#by': 'claimedBy',
              '#until': 'claimExpiresAt',
              '#status': 'status',
            },
            ExpressionAttributeValues: {
              ':by': claim.claimedBy,
              ':until': claim.claimExpiresAt,
              ':inProgress': 'in_progress',
              ':seen': existing.claimExpiresAt ?? '',
            },
          }),
        ),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const latest = await this.get(initial.connectorId, initial.fileId);
      return latest && latest.status !== 'in_progress'
        ? { kind: 'finished', result: latest }
        : { kind: 'busy', result: latest ?? existing };
    }
    return { kind: 'claimed', result: { ...existing, ...claim } };
  }
}
