import {
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchBucket,
  NoSuchKey,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient, STSServiceException } from '@aws-sdk/nested-clients/sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  assumedRoleCredentials,
  createS3ObjectStoreFactory,
  S3ObjectStore,
  serverDateMiddleware,
  serverDateOf,
} from '../../../lambdas/adapters/s3-object-store';
import { ConnectorError, FileFailure, TransientError } from '../../../lambdas/core/errors';
import type { Connector } from '../../../lambdas/core/model';

const connector: Connector = {
  connectorId: 'c1',
  name: 'Orders',
  accountId: '123456789012',
  bucket: 'customer-bucket',
  region: 'eu-west-1',
  folder: 'reports/',
  templateId: 'orders',
  externalId: 'ext-123',
  roleArn: 'arn:aws:iam::123456789012:role/s3-import-c1',
  status: 'active',
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
};

function s3Error(name: string, status: number, extra: Record<string, unknown> = {}) {
  return Object.assign(
    new S3ServiceException({
      name,
      $fault: status >= 500 ? 'server' : 'client',
      $metadata: { httpStatusCode: status },
      message: `${name} from S3`,
    }),
    extra,
  );
}

async function listAll(store: S3ObjectStore) {
  const pages = [];
  for await (const page of store.listObjects({ bucket: connector.bucket, prefix: 'reports/' })) {
    pages.push(page);
  }
  return pages;
}

async function listError(store: S3ObjectStore): Promise<unknown> {
  return listAll(store).then(
    () => undefined,
    (error: unknown) => error,
  );
}

const s3 = mockClient(S3Client);
const sts = mockClient(STSClient);

beforeEach(() => {
  s3.reset();
  sts.reset();
});

afterEach(() => {
  s3.reset();
  sts.reset();
});

describe('S3ObjectStore.listObjects', () => {
  it('follows continuation tokens page by page with URL-encoded keys', async () => {
    s3.on(ListObjectsV2Command)
      .resolvesOnce({
        Contents: [{ Key: 'reports/a', ETag: '"1"', Size: 1, LastModified: new Date(0) }],
        IsTruncated: true,
        NextContinuationToken: 'next',
      })
      .resolvesOnce({
        Contents: [{ Key: 'reports/b', ETag: '"2"', Size: 2, LastModified: new Date(0) }],
        IsTruncated: false,
      });
    const store = new S3ObjectStore(new S3Client({ region: 'eu-west-1' }), connector, 500);

    const pages = await listAll(store);

    expect(pages.map((page) => page.objects.map((object) => object.key))).toEqual([
      ['reports/a'],
      ['reports/b'],
    ]);
    expect(s3.commandCalls(ListObjectsV2Command).map((call) => call.args[0].input)).toEqual([
      { Bucket: 'customer-bucket', Prefix: 'reports/', MaxKeys: 500, EncodingType: 'url' },
      {
        Bucket: 'customer-bucket',
        Prefix: 'reports/',
        MaxKeys: 500,
        EncodingType: 'url',
        ContinuationToken: 'next',
      },
    ]);
  });

  it('resumes after a key with StartAfter on the first request only', async () => {
    s3.on(ListObjectsV2Command)
      .resolvesOnce({ Contents: [], IsTruncated: true, NextContinuationToken: 'next' })
      .resolvesOnce({ Contents: [], IsTruncated: false });
    const store = new S3ObjectStore(new S3Client({ region: 'eu-west-1' }), connector);

    for await (const _page of store.listObjects({
      bucket: connector.bucket,
      prefix: 'reports/',
      startAfter: 'reports/m.csv',
    })) {
      // Drained for the requests it makes.
    }

    const inputs = s3.commandCalls(ListObjectsV2Command).map((call) => call.args[0].input);
    expect(inputs.map((input) => [input.StartAfter, input.ContinuationToken])).toEqual([
      ['reports/m.csv', undefined],
      [undefined, 'next'],
    ]);
  });

  it('decodes keys S3 returned URL-encoded, spaces as "+" and a literal "+" as %2B', async () => {
    s3.on(ListObjectsV2Command).resolves({
      EncodingType: 'url',
      Contents: [
        {
          Key: 'reports/a+b%2Bc%25d%C3%BC%01.csv',
          ETag: '"1"',
          Size: 1,
          LastModified: new Date(0),
        },
      ],
    });
    const store = new S3ObjectStore(new S3Client({ region: 'eu-west-1' }), connector);

    const [page] = await listAll(store);

    expect(page.objects[0].key).toBe('reports/a b+c%dü\u0001.csv');
  });

  it.each([
    [
      'AccessDenied',
      s3Error('AccessDenied', 403),
      'access_denied',
      'The role arn:aws:iam::123456789012:role/s3-import-c1 was assumed but may not list s3://customer-bucket/reports/: its permission policy must allow s3:ListBucket on arn:aws:s3:::customer-bucket for the prefix "reports/" and s3:GetObject on its objects.',
    ],
    [
      'NoSuchBucket',
      new NoSuchBucket({ $metadata: { httpStatusCode: 404 }, message: 'gone' }),
      'bucket_not_found',
      `Bucket "customer-bucket" does not exist or was deleted. Check the bucket name in the connector's settings.`,
    ],
    [
      'PermanentRedirect',
      s3Error('PermanentRedirect', 301, {
        $response: { headers: { 'x-amz-bucket-region': 'us-east-2' } },
      }),
      'wrong_region',
      `Bucket "customer-bucket" is not in region eu-west-1; S3 says it is in us-east-2. Set the connector's region to the bucket's region.`,
    ],
    [
      'AuthorizationHeaderMalformed',
      Object.assign(s3Error('AuthorizationHeaderMalformed', 400), {
        message: "the region 'eu-west-1' is wrong; expecting 'ap-south-1'",
      }),
      'wrong_region',
      `Bucket "customer-bucket" is not in region eu-west-1; S3 says it is in ap-south-1. Set the connector's region to the bucket's region.`,
    ],
    [
      'ExpiredToken',
      s3Error('ExpiredToken', 400),
      'credentials_expired',
      `The temporary credentials for arn:aws:iam::123456789012:role/s3-import-c1 expired before S3 answered; the next sync assumes the role again. If it persists, check the role's maximum session duration is at least one hour.`,
    ],
    [
      'SlowDown',
      s3Error('SlowDown', 503),
      'throttled',
      'S3 kept throttling requests to s3://customer-bucket/reports/ (SlowDown) after retries with backoff; the next sync tries again. Other workloads on this bucket may be using its request rate.',
    ],
  ])(
    'translates %s into a connector error with what to fix',
    async (_name, error, code, message) => {
      s3.on(ListObjectsV2Command).rejects(error);
      const store = new S3ObjectStore(new S3Client({ region: 'eu-west-1' }), connector);

      const thrown = await listError(store);

      expect(thrown).toBeInstanceOf(ConnectorError);
      expect(thrown).toMatchObject({ code, message });
    },
  );

  it('reports a 500 as transient', async () => {
    s3.on(ListObjectsV2Command).rejects(s3Error('InternalError', 500));
    const store = new S3ObjectStore(
      new S3Client({ region: 'eu-west-1', maxAttempts: 1 }),
      connector,
    );

    const thrown = await listError(store);

    expect(thrown).toBeInstanceOf(TransientError);
    expect(thrown).toMatchObject({
      code: 'transient',
      message: 'S3 did not answer for s3://customer-bucket/reports/ (InternalError).',
    });
  });
});

describe('S3ObjectStore.getObject', () => {
  const object = { bucket: 'customer-bucket', key: 'reports/a.csv', etag: '"abc"' };

  it('reads only the listed version, from the checkpoint on', async () => {
    s3.on(GetObjectCommand).resolves({});
    const store = new S3ObjectStore(new S3Client({ region: 'eu-west-1' }), connector);

    await store.getObject({ ...object, startByte: 100 });

    expect(s3.commandCalls(GetObjectCommand)[0].args[0].input).toEqual({
      Bucket: 'customer-bucket',
      Key: 'reports/a.csv',
      IfMatch: '"abc"',
      Range: 'bytes=100-',
    });
  });

  it.each([
    [
      s3Error('PreconditionFailed', 412),
      'object_changed',
      'The object changed since it was listed (ETag "abc" no longer matches); the next sync queues its new version.',
    ],
    [
      new NoSuchKey({ $metadata: { httpStatusCode: 404 }, message: 'missing' }),
      'object_missing',
      'The object was deleted after it was listed; there is nothing to import.',
    ],
  ])('fails the file when the object changed or went away (%#)', async (error, code, message) => {
    s3.on(GetObjectCommand).rejects(error);
    const store = new S3ObjectStore(new S3Client({ region: 'eu-west-1' }), connector);

    const thrown = await store.getObject(object).catch((e: unknown) => e);

    expect(thrown).toBeInstanceOf(FileFailure);
    expect(thrown).toMatchObject({ code, message });
  });

  it('reports throttling on a read as transient so the queue retries it', async () => {
    s3.on(GetObjectCommand).rejects(s3Error('SlowDown', 503));
    const store = new S3ObjectStore(new S3Client({ region: 'eu-west-1' }), connector);

    const thrown = await store.getObject(object).catch((e: unknown) => e);

    expect(thrown).toBeInstanceOf(TransientError);
    expect((thrown as Error).message).toContain(
      'S3 kept throttling requests to s3://customer-bucket/reports/',
    );
  });
});

describe('assumed-role credentials', () => {
  const credentials = {
    AccessKeyId: 'AKIA',
    SecretAccessKey: 'secret',
    SessionToken: 'token',
    Expiration: new Date(Date.now() + 60 * 60_000),
  };

  it('assumes the connector role with its external ID and a session name naming the connector', async () => {
    sts.on(AssumeRoleCommand).resolves({ Credentials: credentials });

    const identity = await assumedRoleCredentials(connector)();

    expect(identity.accessKeyId).toBe('AKIA');
    expect(sts.commandCalls(AssumeRoleCommand)[0].args[0].input).toEqual({
      RoleArn: 'arn:aws:iam::123456789012:role/s3-import-c1',
      ExternalId: 'ext-123',
      RoleSessionName: 's3-import-c1',
      DurationSeconds: 3600,
    });
  });

  it('reuses credentials while valid and assumes the role again shortly before they expire', async () => {
    sts
      .on(AssumeRoleCommand)
      .resolvesOnce({
        Credentials: { ...credentials, Expiration: new Date(Date.now() + 2 * 60_000) },
      })
      .resolves({ Credentials: credentials });
    const client = new S3Client({
      region: 'eu-west-1',
      credentials: assumedRoleCredentials(connector),
    });

    await client.config.credentials();
    await client.config.credentials();
    const calledForExpiring = sts.commandCalls(AssumeRoleCommand).length;
    await client.config.credentials();
    await client.config.credentials();

    expect(calledForExpiring).toBe(2);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(2);
  });

  it('reports a refused AssumeRole as role_not_assumable naming the external ID', async () => {
    sts.on(AssumeRoleCommand).rejects(
      new STSServiceException({
        name: 'AccessDenied',
        $fault: 'client',
        $metadata: { httpStatusCode: 403 },
        message: 'not authorized to perform sts:AssumeRole',
      }),
    );

    const thrown = await assumedRoleCredentials(connector)().catch((e: unknown) => e);

    expect(thrown).toBeInstanceOf(ConnectorError);
    expect(thrown).toMatchObject({
      code: 'role_not_assumable',
      message:
        'The platform cannot assume arn:aws:iam::123456789012:role/s3-import-c1: the role does not exist, or its trust policy does not allow this platform with external ID "ext-123". Recreate the role with the trust policy the product printed for this connector.',
    });
  });

  it('refuses a role outside the naming rule without calling STS', async () => {
    const outside = { ...connector, roleArn: 'arn:aws:iam::123456789012:role/admin' };

    const thrown = await assumedRoleCredentials(outside)().catch((e: unknown) => e);

    expect(thrown).toMatchObject({
      code: 'role_not_assumable',
      message:
        'Role "admin" does not start with "s3-import-"; the platform may assume only roles that do.',
    });
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(0);
  });
});

describe('createS3ObjectStoreFactory', () => {
  const config = {
    connectorsTable: 't',
    templatesTable: 't',
    discoveryTable: 't',
    importResultsTable: 't',
    recordsTable: 't',
    fileQueueUrl: 'q',
    syncQueueUrl: 'q',
    resultsBucket: 'b',
    maxFileBytes: 1,
    initialSyncDays: 1,
    lookbackHours: 24,
  };

  it('builds one store per connector and reuses it', () => {
    const factory = createS3ObjectStoreFactory(config);

    const first = factory(connector);
    const again = factory({ ...connector });
    const other = factory({
      ...connector,
      connectorId: 'c2',
      roleArn: 'arn:aws:iam::123456789012:role/s3-import-c2',
    });

    expect(again).toBe(first);
    expect(other).not.toBe(first);
  });

  it('builds a new store when the connector moves to another bucket or folder', () => {
    const factory = createS3ObjectStoreFactory(config);

    const first = factory(connector);
    const moved = factory({ ...connector, bucket: 'acme-new-exports' });
    const refoldered = factory({ ...connector, folder: 'elsewhere/' });

    expect(moved).not.toBe(first);
    expect(refoldered).not.toBe(first);
  });

  it('reads the local server without assuming a role in local mode', async () => {
    s3.on(ListObjectsV2Command).resolves({ Contents: [] });
    const factory = createS3ObjectStoreFactory({
      ...config,
      local: {
        s3: 'http://127.0.0.1:1',
        sqs: 'http://127.0.0.1:1',
        dynamodb: 'http://127.0.0.1:1',
      },
    });

    await listAll(factory(connector) as S3ObjectStore);

    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(0);
    expect(s3.commandCalls(ListObjectsV2Command)).toHaveLength(1);
  });
});

describe('serverDateMiddleware', () => {
  it('remembers the Date header of the response as the server time of its output', async () => {
    const output = {};
    const next = async () => ({
      output,
      response: { headers: { date: 'Tue, 01 Dec 2026 10:00:00 GMT' } },
    });

    await serverDateMiddleware(next as never, {} as never)({ input: {} } as never);

    expect(serverDateOf(output)).toEqual(new Date('2026-12-01T10:00:00Z'));
  });
});
