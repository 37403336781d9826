import { Readable } from 'node:stream';
import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/nested-clients/sts';
import { sdkStreamMixin } from '@smithy/util-stream';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeploymentConfig } from '../../../lambdas/adapters/config';
import { createRuntime, type Runtime } from '../../../lambdas/adapters/runtime';
import type { Connector, FileTask } from '../../../lambdas/core/model';
import { silentLogger } from '../../../lambdas/core/ports';
import { lambdaContextOf, sqsEventOf } from '../../fixtures/sqs-events';
import { templateOf } from '../import/harness';

const config: DeploymentConfig = {
  connectorsTable: 'connectors',
  templatesTable: 'templates',
  discoveryTable: 'discovery',
  importResultsTable: 'import-results',
  recordsTable: 'records',
  fileQueueUrl: 'https://sqs.eu-west-1.amazonaws.com/111122223333/files',
  syncQueueUrl: 'https://sqs.eu-west-1.amazonaws.com/111122223333/syncs',
  resultsBucket: 'results',
  maxFileBytes: 1024 ** 3,
  initialSyncDays: 90,
  lookbackHours: 24,
  region: 'eu-west-1',
};

const connector: Connector = {
  connectorId: 'acme',
  name: 'Acme',
  accountId: '123456789012',
  bucket: 'acme-exports',
  region: 'eu-west-1',
  folder: 'in/',
  templateId: 'orders',
  externalId: 'ext-acme-1',
  roleArn: 'arn:aws:iam::123456789012:role/s3-import-acme',
  status: 'active',
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
};

const now = new Date('2026-12-01T10:00:00.000Z');
const dynamo = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
const s3 = mockClient(S3Client);
const sts = mockClient(STSClient);
let runtime: Runtime;

function acceptEveryMessage() {
  sqs.on(SendMessageBatchCommand).callsFake((input) => ({
    Successful: input.Entries.map((entry: { Id: string }) => ({
      Id: entry.Id,
      MessageId: `sqs-${entry.Id}`,
      MD5OfMessageBody: 'x',
    })),
    Failed: [],
  }));
}

function objectBody(text: string) {
  return sdkStreamMixin(Readable.from([Buffer.from(text)]));
}

beforeEach(() => {
  for (const mock of [dynamo, sqs, s3, sts]) mock.reset();
  dynamo.onAnyCommand().resolves({});
  dynamo.on(GetCommand, { TableName: 'connectors' }).resolves({ Item: connector });
  dynamo.on(QueryCommand, { TableName: 'templates' }).resolves({ Items: [templateOf()] });
  dynamo.on(GetCommand, { TableName: 'templates' }).resolves({ Item: templateOf() });
  dynamo.on(BatchGetCommand).resolves({ Responses: { discovery: [] } });
  sts.on(AssumeRoleCommand).resolves({
    Credentials: {
      AccessKeyId: 'ASIAEXAMPLE',
      SecretAccessKey: 'secret',
      SessionToken: 'token',
      Expiration: new Date(now.getTime() + 3_600_000),
    },
  });
  runtime = createRuntime(config, { clock: { now: () => now }, logger: silentLogger });
});

afterEach(() => {
  runtime.destroy();
  for (const mock of [dynamo, sqs, s3, sts]) mock.reset();
});

describe('the lister handler on mocked AWS clients', () => {
  const syncEvent = () =>
    sqsEventOf([JSON.stringify({ connectorId: 'acme', cycle: '2026-12-01T10:00:00.000Z' })]);

  beforeEach(() => {
    const listed = (key: string) => ({
      Key: key,
      ETag: `"etag-${key}"`,
      Size: 40,
      LastModified: new Date('2026-11-30T08:00:00.000Z'),
    });
    s3.on(ListObjectsV2Command)
      .resolvesOnce({
        Contents: [listed('in/a.csv')],
        IsTruncated: true,
        NextContinuationToken: 'page-2',
      })
      .resolvesOnce({ Contents: [listed('in/b.csv')], IsTruncated: false });
  });

  it('assumes the role with the external ID, follows pages and queues each file', async () => {
    acceptEveryMessage();

    const response = await runtime.listerHandler(
      syncEvent(),
      lambdaContextOf(() => 290_000),
    );

    expect(response).toEqual({ batchItemFailures: [] });
    // The mock answers before the signing middleware: resolve the credentials the client would sign with.
    const client = s3.commandCalls(ListObjectsV2Command)[0].thisValue as S3Client;
    expect(await client.config.credentials()).toMatchObject({ accessKeyId: 'ASIAEXAMPLE' });
    expect(sts.commandCalls(AssumeRoleCommand)[0].args[0].input).toMatchObject({
      RoleArn: connector.roleArn,
      ExternalId: 'ext-acme-1',
    });
    const listings = s3.commandCalls(ListObjectsV2Command).map((call) => call.args[0].input);
    expect(listings).toEqual([
      expect.objectContaining({ Bucket: 'acme-exports', Prefix: 'in/' }),
      expect.objectContaining({ Prefix: 'in/', ContinuationToken: 'page-2' }),
    ]);
    const sent = sqs
      .commandCalls(SendMessageBatchCommand)
      .flatMap((call) => call.args[0].input.Entries ?? [])
      .map((entry) => JSON.parse(entry.MessageBody as string).key);
    expect(sent).toEqual(['in/a.csv', 'in/b.csv']);
  });

  it('moves the listing window only after the queue accepted the files', async () => {
    acceptEveryMessage();

    await runtime.listerHandler(
      syncEvent(),
      lambdaContextOf(() => 290_000),
    );

    const stateWrites = dynamo.commandCalls(PutCommand, {
      TableName: 'discovery',
      Item: { sk: 'STATE' },
    });
    const sends = sqs.commandCalls(SendMessageBatchCommand);
    expect(stateWrites).toHaveLength(1);
    expect(stateWrites[0].args[0].input.Item).toMatchObject({
      lastCompleteListingStart: now.toISOString(),
    });
    expect(stateWrites[0].calledAfter(sends[sends.length - 1])).toBe(true);
  });

  it('keeps the window and marks nothing queued when the queue refuses the files', async () => {
    sqs.on(SendMessageBatchCommand).callsFake((input) => ({
      Successful: [],
      Failed: input.Entries.map((entry: { Id: string }) => ({
        Id: entry.Id,
        Code: 'InternalError',
        SenderFault: false,
      })),
    }));

    await runtime.listerHandler(
      syncEvent(),
      lambdaContextOf(() => 290_000),
    );

    expect(
      dynamo.commandCalls(PutCommand, { TableName: 'discovery', Item: { sk: 'STATE' } }),
    ).toEqual([]);
    expect(dynamo.commandCalls(BatchWriteCommand)).toEqual([]);
  });
});

describe('the parser handler on mocked AWS clients', () => {
  const taskOf = (key: string): FileTask => ({
    connectorId: 'acme',
    bucket: 'acme-exports',
    key,
    etag: `"etag-${key}"`,
    size: 60,
    lastModified: '2026-11-30T08:00:00.000Z',
  });

  it('reads with If-Match and returns only the file whose records DynamoDB throttled', async () => {
    s3.on(GetObjectCommand).callsFake((input) => ({
      Body: objectBody(
        `order_id,amount,email\n${input.Key === 'in/bad.csv' ? 'o-bad' : 'o-1'},1.50,\n`,
      ),
    }));
    s3.on(PutObjectCommand).resolves({});
    const throttled = Object.assign(new Error('Rate exceeded'), {
      name: 'ProvisionedThroughputExceededException',
      $fault: 'client',
      $metadata: { httpStatusCode: 400 },
    });
    dynamo.on(BatchWriteCommand).callsFake((input) => {
      const requests: { PutRequest: { Item: { recordKey: string } } }[] =
        input.RequestItems.records;
      if (requests.some((request) => request.PutRequest.Item.recordKey === 'o-bad'))
        throw throttled;
      return { UnprocessedItems: {} };
    });

    const response = await runtime.parserHandler(
      sqsEventOf([JSON.stringify(taskOf('in/good.csv')), JSON.stringify(taskOf('in/bad.csv'))]),
      lambdaContextOf(() => 800_000),
    );

    expect(s3.commandCalls(GetObjectCommand).map((call) => call.args[0].input)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Key: 'in/good.csv', IfMatch: '"etag-in/good.csv"' }),
      ]),
    );
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm-2' }]);
    const written = dynamo
      .commandCalls(BatchWriteCommand)
      .flatMap((call) => call.args[0].input.RequestItems?.records ?? [])
      .map((request) => request.PutRequest?.Item?.recordKey);
    expect(written).toContain('o-1');
  });
});
