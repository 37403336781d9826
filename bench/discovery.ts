/**
 * Discovery benchmark (`npm run bench:discovery`). A fake S3 endpoint in this
 * process serves generated ListObjectsV2 pages; each measurement runs the real
 * lister (S3 adapter, XML parsing, diff) in a child process so that its CPU time
 * and peak memory are its own.
 *
 * - diff: every object inside the window and already in the ledger (the ledger
 *   answers "seen" without storing anything): CPU per listed object, peak memory,
 *   at 50,000 and 1,000,000 objects, and the memory ratio between the two.
 * - dynamo: DynamoDB requests of one steady-state sync (no new files) of a
 *   50,000-object folder, on dynalite with the real adapters.
 */
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DeploymentConfig } from '../lambdas/adapters/config';
import { DynamoDiscoveryStateStore } from '../lambdas/adapters/dynamo-discovery-state';
import { DynamoHealthStore } from '../lambdas/adapters/dynamo-health-store';
import { createS3ObjectStoreFactory } from '../lambdas/adapters/s3-object-store';
import { defaultDiscoveryOptions } from '../lambdas/core/discovery/options';
import type { DiscoveryStateStore } from '../lambdas/core/discovery/ports';
import { type SyncDeps, syncConnector } from '../lambdas/core/discovery/sync-connector';
import type { Connector, FileTask } from '../lambdas/core/model';
import type { WorkQueue } from '../lambdas/core/ports';
import { provisionLocalDeployment } from '../lambdas/local/provision';
import { startLocalServers } from '../lambdas/local/servers';

const pageSize = 1000;
const hourMs = 3_600_000;

/** Serves `count` objects under `bench/`, LastModified `ageMs` before now, 1,000 a page. */
function startFakeS3(count: number, ageMs: number): Promise<Server> {
  const lastModified = new Date(Date.now() - ageMs).toISOString();
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const start = Number(url.searchParams.get('continuation-token') ?? '0');
    const end = Math.min(start + pageSize, count);
    const contents: string[] = [];
    for (let i = start; i < end; i += 1) {
      contents.push(
        `<Contents><Key>bench/orders-${String(i).padStart(7, '0')}.csv</Key><LastModified>${lastModified}</LastModified><ETag>&quot;${i.toString(16).padStart(32, '0')}&quot;</ETag><Size>2048</Size><StorageClass>STANDARD</StorageClass></Contents>`,
      );
    }
    const truncated = end < count;
    response.setHeader('content-type', 'application/xml');
    response.end(
      `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>bench</Name><Prefix>bench/</Prefix><KeyCount>${end - start}</KeyCount><MaxKeys>${pageSize}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${truncated ? `<NextContinuationToken>${end}</NextContinuationToken>` : ''}${contents.join('')}</ListBucketResult>`,
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const connector: Connector = {
  connectorId: 'bench',
  name: 'bench',
  accountId: '123456789012',
  bucket: 'bench',
  region: 'us-east-1',
  folder: 'bench/',
  templateId: 'bench',
  externalId: 'x',
  roleArn: 'arn:aws:iam::123456789012:role/s3-import-bench',
  status: 'active',
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
};

const discardingQueue: WorkQueue<FileTask> = { send: async () => ({ failedIds: [] }) };

function depsOf(s3Url: string, state: DiscoveryStateStore, health: SyncDeps['health']): SyncDeps {
  const local = { s3: s3Url, sqs: s3Url, dynamodb: s3Url };
  return {
    templates: {
      get: async () => ({
        templateId: 'bench',
        name: 'bench',
        recordType: 'order',
        format: 'csv',
        headerRow: 1,
        csv: { delimiter: ',', quote: '"', escape: '"', encoding: 'utf-8' },
        fields: [{ name: 'id', source: 'id', type: 'string', required: false }],
        primaryKey: [],
        version: 1,
        createdAt: '2026-01-01T00:00:00Z',
      }),
      save: async () => {
        throw new Error('unused');
      },
      list: async () => [],
    },
    importResults: {
      get: async () => undefined,
      put: async () => {},
      putIfAbsent: async () => true,
      listByConnector: async () => [],
    },
    discoveryState: state,
    health,
    objectStores: createS3ObjectStoreFactory({ local } as DeploymentConfig),
    fileQueue: discardingQueue,
    clock: { now: () => new Date() },
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    metrics: { add() {} },
    options: { ...defaultDiscoveryOptions, largeBucketThreshold: Number.MAX_SAFE_INTEGER },
  };
}

/** Child: one sync whose every object is a ledger hit; prints CPU and memory as JSON. */
async function childDiff(s3Url: string): Promise<void> {
  const seenEverything: DiscoveryStateStore = {
    getState: async () => ({
      connectorId: 'bench',
      lastCompleteListingStart: new Date(Date.now() - hourMs).toISOString(),
      updatedAt: '',
    }),
    putState: async () => {},
    acquireLease: async () => true,
    releaseLease: async () => {},
    findQueued: async (_id, fileIds) => new Set(fileIds),
    markQueued: async () => {},
  };
  const deps = depsOf(s3Url, seenEverything, { get: async () => undefined, put: async () => {} });
  let peakHeap = 0;
  const sampler = setInterval(() => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }, 5);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();

  const summary = await syncConnector(deps, connector, { deadline: new Date(Date.now() + hourMs) });

  const cpu = process.cpuUsage(cpuBefore);
  clearInterval(sampler);
  process.stdout.write(
    JSON.stringify({
      outcome: summary.outcome,
      listed: summary.counts.listed,
      candidates: summary.counts.inScope,
      wallMs: Math.round(performance.now() - started),
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      peakHeapMb: Math.round(peakHeap / 1024 / 1024),
    }),
  );
}

/** Child: DynamoDB requests of a steady-state sync, counted by command. */
async function childDynamo(s3Url: string): Promise<void> {
  const servers = await startLocalServers({ s3Port: 0, dynamoDbPort: 0 });
  try {
    const config = await provisionLocalDeployment(servers.endpoints);
    const base = new DynamoDBClient({
      endpoint: servers.endpoints.dynamodb,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const counts = new Map<string, number>();
    base.middlewareStack.add(
      (next, context) => async (args) => {
        counts.set(context.commandName ?? '?', (counts.get(context.commandName ?? '?') ?? 0) + 1);
        return next(args);
      },
      { step: 'initialize', name: 'benchCounter' },
    );
    const dynamo = DynamoDBDocumentClient.from(base);
    const deps = depsOf(
      s3Url,
      new DynamoDiscoveryStateStore(dynamo, config.discoveryTable),
      new DynamoHealthStore(dynamo, config.discoveryTable),
    );
    const first = await syncConnector(deps, connector, { deadline: new Date(Date.now() + hourMs) });
    counts.clear();

    const steady = await syncConnector(deps, connector, {
      deadline: new Date(Date.now() + hourMs),
    });

    process.stdout.write(
      JSON.stringify({
        firstQueued: first.counts.queued,
        steadyOutcome: steady.outcome,
        steadyNew: steady.counts.new,
        requests: Object.fromEntries(counts),
        total: [...counts.values()].reduce((a, b) => a + b, 0),
      }),
    );
  } finally {
    await servers.stop();
  }
}

async function runChild(
  mode: string,
  count: number,
  ageMs: number,
): Promise<Record<string, unknown>> {
  const server = await startFakeS3(count, ageMs);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    // Asynchronous: this process must keep serving the fake S3 while the child lists it.
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        ['--import', 'tsx', new URL(import.meta.url).pathname, '--child', mode, url],
        {
          maxBuffer: 1 << 20,
          env: { ...process.env, AWS_SDK_JS_SUPPRESS_NODE_VERSION_WARNING: '1' },
        },
        (error, out) => (error ? reject(error) : resolve(out)),
      ),
    );
    return JSON.parse(stdout);
  } finally {
    server.close();
  }
}

async function main(): Promise<void> {
  const [flag, mode, url] = process.argv.slice(2);
  if (flag === '--child') {
    await (mode === 'diff' ? childDiff(url) : childDynamo(url));
    return;
  }

  const rows: Record<string, unknown>[] = [];
  for (const count of [50_000, 1_000_000]) {
    const result = await runChild('diff', count, hourMs);
    const cpuMs = Number(result.cpuMs);
    rows.push({ objects: count, ...result, cpuUsPerObject: Math.round((cpuMs * 1000) / count) });
  }
  console.log('Diff of a listing, every object inside the window and already in the ledger:');
  console.table(rows);
  const ratio = Number(rows[1].peakRssMb) / Number(rows[0].peakRssMb);
  console.log(`Peak RSS ratio 1,000,000 / 50,000 objects: ${ratio.toFixed(2)} (goal <= 1.5)`);

  for (const [label, ageMs] of [
    ['objects older than the lookback (the usual steady state)', 30 * 24 * hourMs],
    ['every object inside the lookback (worst case)', hourMs],
  ] as const) {
    const result = await runChild('dynamo', 50_000, ageMs);
    console.log(`DynamoDB requests of a steady-state sync of 50,000 objects, ${label}:`);
    console.log(JSON.stringify(result));
  }
}

await main();
