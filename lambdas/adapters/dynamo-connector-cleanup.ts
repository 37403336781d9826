import {
  BatchWriteCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  paginateQuery,
  paginateScan,
} from '@aws-sdk/lib-dynamodb';
import { tableKeys } from '../core/deployment';
import { TransientError } from '../core/errors';
import type { ConnectorCleanup } from '../core/service/deps';
import { discoverySortKeys } from './dynamo-discovery-state';

/** BatchWriteItem takes at most 25 requests. */
const batchSize = 25;
const maxAttempts = 6;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

type Key = Record<string, unknown>;

export interface CleanupTables {
  connectorsTable: string;
  discoveryTable: string;
  recordsTable: string;
  templatesTable: string;
}

/**
 * The deletes of the connector lifecycle in DynamoDB: the connector item, its
 * discovery items (queried by partition), its records, and a template's versions. Unprocessed deletes
 * are retried with backoff; when DynamoDB keeps refusing, `TransientError`.
 */
export class DynamoConnectorCleanup implements ConnectorCleanup {
  constructor(
    private readonly dynamo: DynamoDBDocumentClient,
    private readonly tables: CleanupTables,
  ) {}

  async deleteConnector(connectorId: string): Promise<void> {
    await this.dynamo.send(
      new DeleteCommand({
        TableName: this.tables.connectorsTable,
        Key: { [tableKeys.connectors.partitionKey]: connectorId },
      }),
    );
  }

  async forgetDiscovery(connectorId: string, scope: 'baseline' | 'all'): Promise<number> {
    const keys: Key[] = [];
    const pages = paginateQuery(
      { client: this.dynamo },
      {
        TableName: this.tables.discoveryTable,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': connectorId },
        ProjectionExpression: 'pk, sk',
        ConsistentRead: true,
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        const sk = String(item.sk);
        const isBaseline =
          sk === discoverySortKeys.state || sk.startsWith(discoverySortKeys.ledgerPrefix);
        if (scope === 'all' || isBaseline) keys.push({ pk: item.pk, sk: item.sk });
      }
    }
    await this.deleteAll(this.tables.discoveryTable, keys);
    return keys.length;
  }

  async deleteTemplate(templateId: string): Promise<number> {
    const { partitionKey, sortKey } = tableKeys.templates;
    const keys: Key[] = [];
    const pages = paginateQuery(
      { client: this.dynamo },
      {
        TableName: this.tables.templatesTable,
        KeyConditionExpression: '#pk = :id',
        ExpressionAttributeValues: { ':id': templateId },
        ProjectionExpression: '#pk, #sk',
        ExpressionAttributeNames: { '#pk': partitionKey, '#sk': sortKey },
        ConsistentRead: true,
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        keys.push({ [partitionKey]: item[partitionKey], [sortKey]: item[sortKey] });
      }
    }
    await this.deleteAll(this.tables.templatesTable, keys);
    return keys.length;
  }

  async purgeRecords(connectorId: string): Promise<number> {
    const { partitionKey, sortKey } = tableKeys.records;
    let deleted = 0;
    // Limitation: records are keyed by connector and record type, so a purge scans the whole records table.
    const pages = paginateScan(
      { client: this.dynamo },
      {
        TableName: this.tables.recordsTable,
        FilterExpression: 'connectorId = :id',
        ExpressionAttributeValues: { ':id': connectorId },
        ProjectionExpression: '#pk, #sk',
        ExpressionAttributeNames: { '#pk': partitionKey, '#sk': sortKey },
      },
    );
    for await (const page of pages) {
      const keys = (page.Items ?? []).map((item) => ({
        [partitionKey]: item[partitionKey],
        [sortKey]: item[sortKey],
      }));
      await this.deleteAll(this.tables.recordsTable, keys);
      deleted += keys.length;
    }
    return deleted;
  }

  private async deleteAll(tableName: string, keys: Key[]): Promise<void> {
    for (let start = 0; start < keys.length; start += batchSize) {
      let requests = keys
        .slice(start, start + batchSize)
        .map((Key) => ({ DeleteRequest: { Key } }));
      for (let attempt = 1; requests.length > 0; attempt += 1) {
        if (attempt > maxAttempts) {
          throw new TransientError(
            `DynamoDB left ${requests.length} deletes in ${tableName} unprocessed after ${maxAttempts} attempts; run the command again.`,
          );
        }
        if (attempt > 1) await sleep(50 * 2 ** (attempt - 2));
        const output = await this.dynamo.send(
          new BatchWriteCommand({ RequestItems: { [tableName]: requests } }),
        );
        requests = (output.UnprocessedItems?.[tableName] ?? []) as typeof requests;
      }
    }
  }
}
