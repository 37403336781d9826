import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoRecordSink } from '../../../lambdas/adapters/dynamo-record-sink';
import { FileFailure, TransientError } from '../../../lambdas/core/errors';
import type { ImportedRecord } from '../../../lambdas/core/model';

const dynamo = mockClient(DynamoDBDocumentClient);
const table = 'records';

function sink() {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' }));
  return new DynamoRecordSink(client, table, { baseDelayMs: 1, maxAttempts: 3 });
}

function recordAt(index: number): ImportedRecord {
  return {
    connectorId: 'acme',
    recordType: 'order',
    recordKey: `o-${index}`,
    fileId: 'f1',
    row: index + 2,
    data: { n: index },
  };
}

function itemOf(record: ImportedRecord) {
  return {
    pk: 'acme#order',
    recordKey: record.recordKey,
    connectorId: 'acme',
    recordType: 'order',
    fileId: 'f1',
    row: record.row,
    data: record.data,
  };
}

beforeEach(() => {
  dynamo.reset();
});

/** What writing one record throws when DynamoDB refuses the batch with a ValidationException. */
function writeRefused(message: string) {
  dynamo.on(BatchWriteCommand).rejects(
    Object.assign(new Error(message), {
      name: 'ValidationException',
      $metadata: { httpStatusCode: 400 },
    }),
  );
  return sink()
    .write([recordAt(1)])
    .catch((caught) => caught);
}

describe('DynamoRecordSink', () => {
  it('writes records in batches of 25 items keyed by connector and record type', async () => {
    dynamo.on(BatchWriteCommand).resolves({});
    const records = Array.from({ length: 30 }, (_, index) => recordAt(index));

    await sink().write(records);

    const inputs = dynamo.commandCalls(BatchWriteCommand).map((call) => call.args[0].input);
    expect(inputs.map((input) => input.RequestItems?.[table]?.length)).toEqual([25, 5]);
    expect(inputs[0].RequestItems?.[table]?.[0]).toEqual({
      PutRequest: { Item: itemOf(records[0]) },
    });
  });

  it('retries only the items DynamoDB left unprocessed', async () => {
    const records = [recordAt(1), recordAt(2)];
    const leftOver = [{ PutRequest: { Item: itemOf(records[1]) } }];
    dynamo
      .on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: { [table]: leftOver } })
      .resolves({});

    await sink().write(records);

    const calls = dynamo.commandCalls(BatchWriteCommand);
    expect(calls).toHaveLength(2);
    expect(calls[1].args[0].input.RequestItems).toEqual({ [table]: leftOver });
  });

  it('gives up with a transient error when items stay unprocessed', async () => {
    const leftOver = [{ PutRequest: { Item: itemOf(recordAt(1)) } }];
    dynamo.on(BatchWriteCommand).resolves({ UnprocessedItems: { [table]: leftOver } });

    const error = await sink()
      .write([recordAt(1)])
      .catch((caught) => caught);

    expect(error).toBeInstanceOf(TransientError);
    expect(error.message).toBe(
      'DynamoDB left 1 records unprocessed after 3 attempts; the file will be retried.',
    );
  });

  it('turns throttling into a transient error', async () => {
    dynamo.on(BatchWriteCommand).rejects(
      Object.assign(new Error('Rate exceeded'), {
        name: 'ProvisionedThroughputExceededException',
        $metadata: { httpStatusCode: 400 },
      }),
    );

    const error = await sink()
      .write([recordAt(1)])
      .catch((caught) => caught);

    expect(error).toBeInstanceOf(TransientError);
    expect(error.message).toBe(
      'DynamoDB failed to write records (ProvisionedThroughputExceededException); it will be retried.',
    );
  });

  it('fails the file instead of retrying when DynamoDB refuses an item for its size', async () => {
    const error = await writeRefused('Item size has exceeded the maximum allowed size');

    expect(error).toBeInstanceOf(FileFailure);
    expect(error.code).toBe('record_too_large');
    expect(error.message).toBe(
      'DynamoDB refused a record as too large for one item (400 KB): Item size has exceeded the maximum allowed size',
    );
  });

  it('fails the file instead of retrying when DynamoDB refuses an item for another reason', async () => {
    const error = await writeRefused(
      'Number overflow. Attempting to store a number with magnitude larger than supported range',
    );

    expect(error).toBeInstanceOf(FileFailure);
    expect(error.code).toBe('record_refused');
    expect(error.message).toMatch(
      /^DynamoDB refused a record of this file, so the file is not retried: Number overflow/,
    );
  });
});
