import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { S3Client } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { localCredentials } from '../../../lambdas/adapters/aws-clients';
import { customerS3Retries, S3ObjectStore } from '../../../lambdas/adapters/s3-object-store';
import { connectorOf } from '../discovery/harness';

// A real HTTP endpoint rather than aws-sdk-client-mock, which replaces `send`
// and so also the SDK's retry middleware this test is about. Retries that run
// out end as `throttled`: see s3-object-store.test.ts.

const slowDown =
  '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>';
const listing =
  '<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>customer-bucket</Name><Prefix>reports/</Prefix><KeyCount>1</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated><Contents><Key>reports/a.csv</Key><LastModified>2026-12-01T00:00:00.000Z</LastModified><ETag>&quot;1&quot;</ETag><Size>1</Size></Contents></ListBucketResult>';

let server: Server | undefined;

afterEach(async () => {
  const running = server;
  server = undefined;
  await new Promise((resolve) => (running ? running.close(resolve) : resolve(undefined)));
});

/** Answers the first `throttled` requests with 503 SlowDown, then with a one-object listing. */
async function s3Throttling(throttled: number): Promise<{ url: string; requests: () => number }> {
  let requests = 0;
  server = createServer((_request, response) => {
    requests += 1;
    response.setHeader('content-type', 'application/xml');
    response.statusCode = requests <= throttled ? 503 : 200;
    response.end(requests <= throttled ? slowDown : listing);
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests: () => requests };
}

function storeOn(url: string): S3ObjectStore {
  const client = new S3Client({
    ...customerS3Retries,
    endpoint: url,
    forcePathStyle: true,
    region: 'eu-west-1',
    credentials: localCredentials,
  });
  return new S3ObjectStore(client, connectorOf());
}

async function keysListed(store: S3ObjectStore): Promise<string[]> {
  const keys: string[] = [];
  for await (const page of store.listObjects({ bucket: 'customer-bucket', prefix: 'reports/' })) {
    keys.push(...page.objects.map((object) => object.key));
  }
  return keys;
}

describe('S3 throttling on the clients of customer buckets', () => {
  it('retries SlowDown with backoff and goes on listing when S3 recovers', async () => {
    const s3 = await s3Throttling(1);

    const keys = await keysListed(storeOn(s3.url));

    expect(keys).toEqual(['reports/a.csv']);
    expect(s3.requests()).toBe(2);
  });
});
