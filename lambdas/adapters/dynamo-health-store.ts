import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ConnectorHealth, HealthStore } from '../core/discovery/ports';
import { discoverySortKeys, withoutUndefined } from './dynamo-discovery-state';

/** Connector health in the discovery table, one item per connector under sort key `HEALTH`. */
export class DynamoHealthStore implements HealthStore {
  constructor(
    private readonly dynamo: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(connectorId: string): Promise<ConnectorHealth | undefined> {
    const { Item } = await this.dynamo.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: connectorId, sk: discoverySortKeys.health },
        ConsistentRead: true,
      }),
    );
    if (!Item) {
      return undefined;
    }
    const { pk: _pk, sk: _sk, ...health } = Item;
    return health as ConnectorHealth;
  }

  async put(health: ConnectorHealth): Promise<void> {
    await this.dynamo.send(
      new PutCommand({
        TableName: this.tableName,
        Item: withoutUndefined({ pk: health.connectorId, sk: discoverySortKeys.health, ...health }),
      }),
    );
  }
}
