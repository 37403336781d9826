import { GetObjectCommand } from '@aws-sdk/client-s3';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlatformClients, type PlatformClients } from '../../lambdas/adapters/aws-clients';
import type { DeploymentConfig } from '../../lambdas/adapters/config';
import { DynamoImportResultStore } from '../../lambdas/adapters/dynamo-import-results';
import { DynamoRecordSink } from '../../lambdas/adapters/dynamo-record-sink';
import { S3ReportStore } from '../../lambdas/adapters/s3-report-store';
import { importFile } from '../../lambdas/core/import/import-file';
import type { ImportedRecord, ImportResult } from '../../lambdas/core/model';
import { provisionLocalDeployment } from '../../lambdas/local/provision';
import { type LocalServers, startLocalServers } from '../../lambdas/local/servers';
import { bucket, connector, createHarness, ordersCsv, taskFor } from '../unit/import/harness';

let servers: LocalServers;
let config: DeploymentConfig;
let clients: PlatformClients;

beforeAll(async () => {
  servers = await startLocalServers({ s3Port: 0, dynamoDbPort: 0 });
  config = await provisionLocalDeployment(servers.endpoints);
  clients = createPlatformClients(config);
});

afterAll(async () => {
  await servers?.stop();
});

function resultOf(fileId: string, extra: Partial<ImportResult> = {}): ImportResult {
  return {
    connectorId: 'acme',
    fileId,
    bucket,
    key: `in/${fileId}.csv`,
    etag: '"e1"',
    size: 10,
    status: 'in_progress',
    rowsRead: 0,
    rowsImported: 0,
    rowsIgnored: 0,
    rowsRejected: 0,
    bytesRead: 0,
    startedAt: '2026-12-01T10:00:00.000Z',
    rowErrors: [],
    ...extra,
  };
}

describe('import adapters on the local servers', () => {
  it('writes a result only once with putIfAbsent and reads it back', async () => {
    const store = new DynamoImportResultStore(clients.dynamo, config.importResultsTable);

    const first = await store.putIfAbsent(resultOf('f-once'));
    const second = await store.putIfAbsent(resultOf('f-once', { status: 'failed' }));

    expect([first, second]).toEqual([true, false]);
    expect((await store.get('acme', 'f-once'))?.status).toBe('in_progress');
    expect((await store.listByConnector('acme')).map((result) => result.fileId)).toContain(
      'f-once',
    );
  });

  it('claims a new file, refuses a live claim, takes over a lapsed one and reports a finished file', async () => {
    const store = new DynamoImportResultStore(clients.dynamo, config.importResultsTable);
    const now = new Date('2026-12-01T10:00:00.000Z');
    const until = { claimedBy: 'a', claimExpiresAt: '2026-12-01T10:15:00.000Z' };

    const claimed = await store.claim(resultOf('f-claim'), until, now);
    const busy = await store.claim(resultOf('f-claim'), { ...until, claimedBy: 'b' }, now);
    const later = new Date('2026-12-01T10:16:00.000Z');
    const takeover = await store.claim(
      resultOf('f-claim'),
      { claimedBy: 'b', claimExpiresAt: '2026-12-01T10:31:00.000Z' },
      later,
    );
    await store.put(resultOf('f-claim', { status: 'succeeded' }));
    const finished = await store.claim(resultOf('f-claim'), { ...until, claimedBy: 'c' }, later);

    expect(claimed.kind).toBe('claimed');
    expect(busy).toMatchObject({ kind: 'busy', result: { claimedBy: 'a' } });
    expect(takeover).toMatchObject({ kind: 'claimed', result: { claimedBy: 'b' } });
    expect((await store.get('acme', 'f-claim'))?.status).toBe('succeeded');
    expect(finished.kind).toBe('finished');
  });

  it('writes records in batches of 25, keyed by connector and record type, last duplicate winning', async () => {
    const sink = new DynamoRecordSink(clients.dynamo, config.recordsTable);
    const records: ImportedRecord[] = Array.from({ length: 60 }, (_, index) => ({
      connectorId: 'acme',
      recordType: 'batch-test',
      recordKey: `k-${index}`,
      fileId: 'f',
      row: index + 2,
      data: { n: index },
    }));
    records.push({ ...records[0], row: 99, data: { n: 'last' } });

    await sink.write(records);
    await sink.write(records);

    const output = await clients.dynamo.send(
      new QueryCommand({
        TableName: config.recordsTable,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'acme#batch-test' },
      }),
    );
    expect(output.Items).toHaveLength(60);
    expect(output.Items?.find((item) => item.recordKey === 'k-0')).toMatchObject({
      row: 99,
      data: { n: 'last' },
    });
  });

  it('stores an error report in the results bucket', async () => {
    const reports = new S3ReportStore(clients.s3, config.resultsBucket);

    const key = await reports.put(
      'error-reports/acme/f/from-row-1.csv',
      'row,field\r\n2,amount\r\n',
      'text/csv',
    );

    const object = await clients.s3.send(
      new GetObjectCommand({ Bucket: config.resultsBucket, Key: key }),
    );
    expect(await object.Body?.transformToString()).toBe('row,field\r\n2,amount\r\n');
    expect(object.ContentType).toBe('text/csv');
  });

  it('imports a file end to end through the adapters, once for two deliveries', async () => {
    const harness = createHarness();
    const object = harness.objects.putObject(bucket, 'in/e2e.csv', ordersCsv(120, 40));
    const deps = harness.deps({
      results: new DynamoImportResultStore(clients.dynamo, config.importResultsTable),
      records: new DynamoRecordSink(clients.dynamo, config.recordsTable),
      reports: new S3ReportStore(clients.s3, config.resultsBucket),
    });

    const first = await importFile(deps, connector, taskFor(object));
    const second = await importFile(deps, connector, taskFor(object));

    expect(first).toMatchObject({
      status: 'partially_succeeded',
      rowsImported: 117,
      rowsRejected: 3,
    });
    expect(second).toEqual(first);
    const report = await clients.s3.send(
      new GetObjectCommand({ Bucket: config.resultsBucket, Key: first.errorReportKey }),
    );
    expect((await report.Body?.transformToString())?.split('\r\n')).toHaveLength(5);
  });
});
