import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoImportResultStore } from '../../../lambdas/adapters/dynamo-import-results';

const dynamo = mockClient(DynamoDBDocumentClient);
const store = new DynamoImportResultStore(
  DynamoDBDocumentClient.from(new DynamoDBClient({})),
  'importResults',
);

function items(from: number, count: number) {
  return Array.from({ length: count }, (_, i) => ({ connectorId: 'c1', fileId: `f${from + i}` }));
}

beforeEach(() => {
  dynamo.reset();
});

describe('DynamoImportResultStore.listByConnector', () => {
  it('follows LastEvaluatedKey past the first 1 MB page', async () => {
    dynamo
      .on(QueryCommand)
      .resolvesOnce({ Items: items(0, 3), LastEvaluatedKey: { connectorId: 'c1', fileId: 'f2' } })
      .resolvesOnce({ Items: items(3, 2) });

    const results = await store.listByConnector('c1', 10);

    const inputs = dynamo.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(results.map((result) => result.fileId)).toEqual(['f0', 'f1', 'f2', 'f3', 'f4']);
    expect(inputs).toEqual([
      {
        TableName: 'importResults',
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': 'connectorId' },
        ExpressionAttributeValues: { ':pk': 'c1' },
        Limit: 10,
      },
      {
        TableName: 'importResults',
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': 'connectorId' },
        ExpressionAttributeValues: { ':pk': 'c1' },
        Limit: 7,
        ExclusiveStartKey: { connectorId: 'c1', fileId: 'f2' },
      },
    ]);
  });

  it('stops reading once the limit is reached', async () => {
    dynamo
      .on(QueryCommand)
      .resolves({ Items: items(0, 2), LastEvaluatedKey: { connectorId: 'c1', fileId: 'f1' } });

    const results = await store.listByConnector('c1', 2);

    expect(results).toHaveLength(2);
    expect(dynamo.commandCalls(QueryCommand)).toHaveLength(1);
  });
});
