import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { S3Client } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { localCredentials } from '../../../lambdas/adapters/aws-clients';
import { customerS3Retries, S3ObjectStore } from '../../../lambdas/adapters/s3-object-store';
import { syncConnector } from '../../../lambdas/core/discovery/sync-connector';
import { connectorOf, harnessOf, minute } from '../discovery/harness';

// A real HTTP endpoint that stops answering, rather than aws-sdk-client-mock:
// the abort has to reach the SDK's HTTP handler and end its retries.

const serverDate = 'Tue, 01 Dec 2026 00:00:00 GMT';

function listing(keys: string[], nextToken?: string): string {
  const contents = keys
    .map(
      (key) =>
        `<Contents><Key>${encodeURIComponent(key)}</Key><LastModified>2026-11-30T12:00:00.000Z</LastModified><ETag>&quot;${key}&quot;</ETag><Size>1</Size></Contents>`,
    )
    .join('');
  const truncated = nextToken
    ? `<IsTruncated>true</IsTruncated><NextContinuationToken>${nextToken}</NextContinuationToken>`
    : '<IsTruncated>false</IsTruncated>';
  return `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>customer-bucket</Name><Prefix>reports/</Prefix><KeyCount>${keys.length}</KeyCount><MaxKeys>2</MaxKeys><EncodingType>url</EncodingType>${truncated}${contents}</ListBucketResult>`;
}

let server: Server | undefined;

afterEach(async () => {
  const running = server;
  server = undefined;
  running?.closeAllConnections();
  await new Promise((resolve) => (running ? running.close(resolve) : resolve(undefined)));
});

/**
 * A bucket of three files in pages of two. The request for the second page by
 * continuation token never gets an answer; a resumed listing (StartAfter) does.
 */
async function s3StallingOnPageTwo() {
  const seen = { stalled: 0, closed: 0, startAfter: [] as string[] };
  server = createServer((request, response) => {
    const query = new URL(request.url ?? '/', 'http://localhost').searchParams;
    response.setHeader('content-type', 'application/xml');
    response.setHeader('date', serverDate);
    if (query.has('continuation-token')) {
      seen.stalled += 1;
      request.on('close', () => {
        seen.closed += 1;
      });
      return;
    }
    const startAfter = query.get('start-after');
    if (startAfter) {
      seen.startAfter.push(startAfter);
      response.end(listing(['reports/c.csv']));
      return;
    }
    response.end(listing(['reports/a.csv', 'reports/b.csv'], 'page-2'));
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, seen };
}

describe('S3 listing at the sync deadline, through the SDK', () => {
  it('aborts a request that never answers, stops cleanly and the next sync resumes after the last settled key', async () => {
    const s3 = await s3StallingOnPageTwo();
    const client = new S3Client({
      ...customerS3Retries,
      endpoint: s3.url,
      forcePathStyle: true,
      region: 'eu-west-1',
      credentials: localCredentials,
      // Far longer than the deadline: only the abort can end the stalled request in time.
      requestHandler: { requestTimeout: 30_000 },
    });
    const h = harnessOf();
    h.deps.objectStores = (connector) => new S3ObjectStore(client, connector, 2);
    const deadlineInMs = 400;

    const started = performance.now();
    const first = await syncConnector(h.deps, connectorOf(), {
      deadline: new Date(h.clock.now().getTime() + deadlineInMs),
    });
    const elapsedMs = performance.now() - started;
    // The SDK closed the stalled connection (before the client is destroyed below).
    await vi.waitFor(() => expect(s3.seen.closed).toBe(1), { timeout: 500 });
    const health = await h.health.get('c1');
    h.advance(5 * minute);
    const second = await syncConnector(h.deps, connectorOf(), { deadline: h.deadline() });
    client.destroy();

    expect(elapsedMs).toBeLessThan(deadlineInMs + 700);
    // One attempt: the aborted request is not retried.
    expect(s3.seen.stalled).toBe(1);
    expect(first).toMatchObject({
      outcome: 'interrupted',
      progressSaved: true,
      counts: { queued: 2 },
    });
    expect(first.error).toBeUndefined();
    expect(health).toMatchObject({ state: 'healthy', consecutiveFailures: 0 });
    expect(health?.lastError).toBeUndefined();
    expect(s3.seen.startAfter).toEqual(['reports/b.csv']);
    expect(second).toMatchObject({ outcome: 'succeeded', objectsInScope: 3 });
    expect(h.queuedKeys()).toEqual(['reports/a.csv', 'reports/b.csv', 'reports/c.csv']);
  });
});
