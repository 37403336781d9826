import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateScan,
} from '@aws-sdk/lib-dynamodb';
import { tableKeys } from '../core/deployment';
import type { Connector } from '../core/model';
import type { ConnectorStore } from '../core/ports';

/** Connectors, one item each, keyed by connector id. */
export class DynamoConnectorStore implements ConnectorStore {
  constructor(
    private readonly dynamo: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async list(): Promise<Connector[]> {
    const connectors: Connector[] = [];
    for await (const page of paginateScan({ client: this.dynamo }, { TableName: this.tableName })) {
      connectors.push(...((page.Items ?? []) as Connector[]));
    }
    return connectors.sort((a, b) => a.name.localeCompare(b.name));
  }

  async get(connectorId: string): Promise<Connector | undefined> {
    const response = await this.dynamo.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { [tableKeys.connectors.partitionKey]: connectorId },
        ConsistentRead: true,
      }),
    );
    return response.Item as Connector | undefined;
  }

  async put(connector: Connector): Promise<void> {
    await this.dynamo.send(new PutCommand({ TableName: this.tableName, Item: connector }));
  }
}
