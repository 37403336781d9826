import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  PutCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoDiscoveryStateStore } from '../../../lambdas/adapters/dynamo-discovery-state';
import { DynamoHealthStore } from '../../../lambdas/adapters/dynamo-health-store';
import { TransientError } from '../../../lambdas/core/errors';

const dynamo = mockClient(DynamoDBDocumentClient);
const table = 'discovery';

function store() {
  return new DynamoDiscoveryStateStore(DynamoDBDocumentClient.from(new DynamoDBClient({})), table);
}

function conditionFailed() {
  return new ConditionalCheckFailedException({
    $metadata: {},
    message: 'The conditional request failed',
  });
}

beforeEach(() => {
  dynamo.reset();
});

describe('DynamoDiscoveryStateStore lease', () => {
  it('takes the lease with a write conditional on it being free or expired', async () => {
    dynamo.on(PutCommand).resolves({});
    const until = new Date('2026-12-01T00:10:00Z');
    const now = new Date('2026-12-01T00:00:00Z');

    const taken = await store().acquireLease('c1', 'run-1', until, now);

    expect(taken).toBe(true);
    expect(dynamo.commandCalls(PutCommand)[0].args[0].input).toEqual({
      TableName: table,
      Item: {
        pk: 'c1',
        sk: 'LEASE',
        holder: 'run-1',
        leaseUntilMs: until.getTime(),
        expiresAt: until.getTime() / 1000 + 3600,
      },
      ConditionExpression: 'attribute_not_exists(pk) OR leaseUntilMs <= :now',
      ExpressionAttributeValues: { ':now': now.getTime() },
    });
  });

  it('reports a lease held by another run as not taken', async () => {
    dynamo.on(PutCommand).rejects(conditionFailed());

    const taken = await store().acquireLease('c1', 'run-2', new Date(), new Date());

    expect(taken).toBe(false);
  });

  it('releases only its own lease, and ignores one another run took over', async () => {
    dynamo.on(DeleteCommand).rejects(conditionFailed());

    await store().releaseLease('c1', 'run-1');

    expect(dynamo.commandCalls(DeleteCommand)[0].args[0].input).toEqual({
      TableName: table,
      Key: { pk: 'c1', sk: 'LEASE' },
      ConditionExpression: 'holder = :holder',
      ExpressionAttributeValues: { ':holder': 'run-1' },
    });
  });
});

describe('DynamoDiscoveryStateStore ledger', () => {
  it('looks ids up 100 at a time with consistent reads and retries unprocessed keys', async () => {
    const ids = Array.from({ length: 150 }, (_, i) => `id${i}`);
    dynamo
      .on(BatchGetCommand)
      .resolvesOnce({
        Responses: { [table]: [{ sk: 'LEDGER#id0' }] },
        UnprocessedKeys: { [table]: { Keys: [{ pk: 'c1', sk: 'LEDGER#id99' }] } },
      })
      .resolvesOnce({ Responses: { [table]: [{ sk: 'LEDGER#id99' }] } })
      .resolves({ Responses: { [table]: [{ sk: 'LEDGER#id149' }] } });

    const found = await store().findQueued('c1', ids);

    const inputs = dynamo.commandCalls(BatchGetCommand).map((call) => call.args[0].input);
    expect([...found].sort()).toEqual(['id0', 'id149', 'id99']);
    expect(inputs.map((input) => input.RequestItems?.[table].Keys?.length)).toEqual([100, 1, 50]);
    expect(inputs[0].RequestItems?.[table]).toMatchObject({
      ConsistentRead: true,
      ProjectionExpression: 'sk',
    });
  });

  it('writes entries 25 at a time with their time-to-live', async () => {
    dynamo.on(BatchWriteCommand).resolves({});
    const entries = Array.from({ length: 30 }, (_, i) => ({
      fileId: `id${i}`,
      etag: `"e${i}"`,
      lastModified: '2026-12-01T00:00:00.000Z',
      expiresAt: 1_800_000_000,
    }));

    await store().markQueued('c1', entries);

    const inputs = dynamo.commandCalls(BatchWriteCommand).map((call) => call.args[0].input);
    expect(inputs.map((input) => input.RequestItems?.[table].length)).toEqual([25, 5]);
    expect(inputs[1].RequestItems?.[table][4]).toEqual({
      PutRequest: {
        Item: {
          pk: 'c1',
          sk: 'LEDGER#id29',
          etag: '"e29"',
          lastModified: '2026-12-01T00:00:00.000Z',
          expiresAt: 1_800_000_000,
        },
      },
    });
  });

  it('gives up with a transient error when DynamoDB keeps leaving writes unprocessed', async () => {
    const entry = { fileId: 'id', etag: '"e"', lastModified: '2026-12-01T00:00:00Z', expiresAt: 1 };
    dynamo.on(BatchWriteCommand).resolves({
      UnprocessedItems: { [table]: [{ PutRequest: { Item: { pk: 'c1', sk: 'LEDGER#id' } } }] },
    });

    const thrown = await store()
      .markQueued('c1', [entry])
      .catch((error: unknown) => error);

    expect(thrown).toBeInstanceOf(TransientError);
    expect((thrown as Error).message).toBe(
      'DynamoDB left 1 ledger writes unprocessed after 6 attempts.',
    );
  });
});

describe('DynamoHealthStore', () => {
  it('stores health under sort key HEALTH without undefined attributes', async () => {
    dynamo.on(PutCommand).resolves({});
    const health = new DynamoHealthStore(
      DynamoDBDocumentClient.from(new DynamoDBClient({})),
      table,
    );

    await health.put({
      connectorId: 'c1',
      state: 'healthy',
      consecutiveFailures: 0,
      lastError: undefined,
    });

    expect(dynamo.commandCalls(PutCommand)[0].args[0].input).toEqual({
      TableName: table,
      Item: { pk: 'c1', sk: 'HEALTH', connectorId: 'c1', state: 'healthy', consecutiveFailures: 0 },
    });
  });
});
