import { CreateBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  DeleteMessageBatchCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPlatformClients, localS3Client } from '../../lambdas/adapters/aws-clients';
import type { DeploymentConfig } from '../../lambdas/adapters/config';
import { DynamoDiscoveryStateStore } from '../../lambdas/adapters/dynamo-discovery-state';
import { DynamoHealthStore } from '../../lambdas/adapters/dynamo-health-store';
import { createS3ObjectStoreFactory } from '../../lambdas/adapters/s3-object-store';
import { SqsWorkQueue } from '../../lambdas/adapters/sqs-queue';
import { defaultDiscoveryOptions } from '../../lambdas/core/discovery/options';
import { type SyncDeps, syncConnector } from '../../lambdas/core/discovery/sync-connector';
import { assertTaskInScope, parseFileTask } from '../../lambdas/core/messages';
import type { Connector, FileTask } from '../../lambdas/core/model';
import type { ObjectStore, ObjectStoreFactory } from '../../lambdas/core/ports';
import { provisionLocalDeployment } from '../../lambdas/local/provision';
import { type LocalServers, startLocalServers } from '../../lambdas/local/servers';
import { MemoryImportResultStore } from '../fixtures/memory-ports';
import {
  connectorOf,
  MemoryTemplateStore,
  RecordingMetrics,
  templateOf,
} from '../unit/discovery/harness';

const bucket = 'customer-bucket';
let servers: LocalServers;
let config: DeploymentConfig;
let s3: S3Client;
let clients: ReturnType<typeof createPlatformClients>;
let connectorCount = 0;

beforeAll(async () => {
  servers = await startLocalServers({ s3Port: 0, dynamoDbPort: 0 });
  config = await provisionLocalDeployment(servers.endpoints);
  clients = createPlatformClients(config);
  s3 = localS3Client(servers.endpoints);
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
});

afterAll(async () => {
  await servers?.stop();
});

beforeEach(async () => {
  await clients.sqs.send(new PurgeQueueCommand({ QueueUrl: config.fileQueueUrl }));
});

/** A connector of its own per test, on a folder of its own: the servers are shared. */
function freshConnector(): Connector {
  connectorCount += 1;
  return connectorOf({ connectorId: `it-${connectorCount}`, folder: `t${connectorCount}/` });
}

function depsOf(objectStores: ObjectStoreFactory = createS3ObjectStoreFactory(config)) {
  const templates = new MemoryTemplateStore();
  templates.templates.set('orders', templateOf({ format: 'auto' }));
  const deps: SyncDeps = {
    templates,
    importResults: new MemoryImportResultStore(),
    discoveryState: new DynamoDiscoveryStateStore(clients.dynamo, config.discoveryTable),
    health: new DynamoHealthStore(clients.dynamo, config.discoveryTable),
    objectStores,
    fileQueue: new SqsWorkQueue<FileTask>(clients.sqs, config.fileQueueUrl),
    clock: { now: () => new Date() },
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    metrics: new RecordingMetrics(),
    options: defaultDiscoveryOptions,
  };
  return deps;
}

async function put(key: string, body: string) {
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
}

async function drainFileQueue(): Promise<FileTask[]> {
  const tasks: FileTask[] = [];
  for (;;) {
    const { Messages = [] } = await clients.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: config.fileQueueUrl, MaxNumberOfMessages: 10 }),
    );
    if (Messages.length === 0) {
      return tasks;
    }
    tasks.push(...Messages.map((message) => parseFileTask(message.Body ?? '')));
    await clients.sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: config.fileQueueUrl,
        Entries: Messages.map((message, i) => ({
          Id: String(i),
          ReceiptHandle: message.ReceiptHandle,
        })),
      }),
    );
  }
}

async function textOf(body: AsyncIterable<Uint8Array>): Promise<string> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) {
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function sync(deps: SyncDeps, connector: Connector) {
  return syncConnector(deps, connector, { deadline: new Date(Date.now() + 60_000) });
}

/** Test-only: what the local server cannot do, shift LastModified of some keys. */
function shifting(
  inner: ObjectStore,
  shift: (key: string, lastModified: Date) => Date,
): ObjectStore {
  return {
    getObject: (params) => inner.getObject(params),
    async *listObjects(params) {
      for await (const page of inner.listObjects(params)) {
        yield {
          ...page,
          objects: page.objects.map((o) => ({ ...o, lastModified: shift(o.key, o.lastModified) })),
        };
      }
    },
  };
}

describe('discovery against the local S3, SQS and DynamoDB servers', () => {
  it('queues keys with spaces, "+", "%", unicode, "a//b", "./x" and 1,024 bytes byte for byte, and the parser reads each back', async () => {
    const connector = freshConnector();
    const long = `${connector.folder}${'k'.repeat(1024 - connector.folder.length - 4)}.csv`;
    const keys = [
      `${connector.folder}a b+c%20d.csv`,
      `${connector.folder}ünï çødé 日本.csv`,
      `${connector.folder}a//b.csv`,
      `${connector.folder}./x.csv`,
      long,
    ];
    for (const key of keys) {
      await put(key, key);
    }
    const deps = depsOf();

    const summary = await sync(deps, connector);
    const tasks = await drainFileQueue();
    // What the parser does with each message: check its scope, then read the listed version.
    const read = await Promise.all(
      tasks.map(async (task) => {
        assertTaskInScope(task, connector);
        const body = await deps.objectStores(connector).getObject(task);
        return [task.key, await textOf(body)];
      }),
    );

    expect(Buffer.byteLength(long)).toBe(1024);
    expect(summary.outcome).toBe('succeeded');
    expect(tasks.map((task) => task.key).sort()).toEqual([...keys].sort());
    expect(read.sort()).toEqual(keys.map((key) => [key, key]).sort());
  });

  it('lists only its folder, nested folders included, never a sibling with the same stem', async () => {
    const connector = freshConnector();
    const stem = connector.folder.slice(0, -1);
    await put(`${connector.folder}in.csv`, 'in');
    await put(`${connector.folder}deep/er/in.csv`, 'in');
    await put(`${connector.folder}deep/`, '');
    await put(`${stem}-old/out.csv`, 'out');
    await put(`${stem}.csv`, 'out');
    const deps = depsOf();

    const summary = await sync(deps, connector);

    expect((await drainFileQueue()).map((task) => task.key).sort()).toEqual([
      `${connector.folder}deep/er/in.csv`,
      `${connector.folder}in.csv`,
    ]);
    expect(summary.counts).toMatchObject({ listed: 3, inScope: 2 });
  });

  it('queues an overwrite with new content once, and nothing for an identical overwrite', async () => {
    const connector = freshConnector();
    await put(`${connector.folder}changed.csv`, 'v1');
    await put(`${connector.folder}same.csv`, 'same');
    const deps = depsOf();
    await sync(deps, connector);
    await drainFileQueue();
    await put(`${connector.folder}changed.csv`, 'v2');
    await put(`${connector.folder}same.csv`, 'same');

    await sync(deps, connector);
    const second = await drainFileQueue();
    await sync(deps, connector);
    const third = await drainFileQueue();

    expect(second.map((task) => task.key)).toEqual([`${connector.folder}changed.csv`]);
    expect(third).toEqual([]);
  });

  it('queues files sharing a LastModified second across two syncs, each once', async () => {
    // The local server keeps milliseconds; real S3 lists whole seconds, so the wrapper truncates.
    const connector = freshConnector();
    const second = new Date(Math.floor(Date.now() / 1000) * 1000);
    const deps = depsOf((c) => shifting(createS3ObjectStoreFactory(config)(c), () => second));
    await put(`${connector.folder}b.csv`, 'b');
    await sync(deps, connector);
    const first = await drainFileQueue();
    await put(`${connector.folder}a.csv`, 'a');
    await put(`${connector.folder}c.csv`, 'c');

    await sync(deps, connector);
    const next = await drainFileQueue();

    expect(first.map((task) => task.key)).toEqual([`${connector.folder}b.csv`]);
    expect(next.map((task) => task.key)).toEqual([
      `${connector.folder}a.csv`,
      `${connector.folder}c.csv`,
    ]);
  });

  it('queues a file that shows up late with a LastModified older than the previous sync', async () => {
    // The local server stamps uploads with the current time; the wrapper backdates one key
    // by two hours, as a multipart upload completing late would appear.
    const connector = freshConnector();
    const late = `${connector.folder}multipart.csv`;
    const deps = depsOf((c) =>
      shifting(createS3ObjectStoreFactory(config)(c), (key, lastModified) =>
        key === late ? new Date(lastModified.getTime() - 2 * 3_600_000) : lastModified,
      ),
    );
    await put(`${connector.folder}early.csv`, 'early');
    await sync(deps, connector);
    await drainFileQueue();
    await put(late, 'late');

    await sync(deps, connector);

    expect((await drainFileQueue()).map((task) => task.key)).toEqual([late]);
  });

  it('continues a listing that ran out of time from its last settled key, unicode keys included', async () => {
    const connector = freshConnector();
    const keys = ['a.csv', 'b c.csv', 'ç+d.csv', 'e%20.csv', '日本.csv'].map(
      (name) => `${connector.folder}${name}`,
    );
    for (const key of keys) {
      await put(key, key);
    }
    let pagesLeft = 2;
    const deps = depsOf((c) => {
      const inner = createS3ObjectStoreFactory(config, { pageSize: 2 })(c);
      return {
        getObject: (params) => inner.getObject(params),
        async *listObjects(params) {
          for await (const page of inner.listObjects(params)) {
            yield page;
            pagesLeft -= 1;
          }
        },
      };
    });
    // The lister's clock passes the deadline once two pages were listed.
    deps.clock = { now: () => new Date(Date.now() + (pagesLeft <= 0 ? 3_600_000 : 0)) };

    const first = await sync(deps, connector);
    const firstTasks = await drainFileQueue();
    pagesLeft = Number.POSITIVE_INFINITY;
    const second = await sync(deps, connector);

    // fauxqs orders listings by locale but applies StartAfter by code unit, so a
    // non-ASCII key can be listed again after a resume; the ledger keeps it queued once.
    const queued = [...firstTasks, ...(await drainFileQueue())].map((task) => task.key);
    expect(first).toMatchObject({ outcome: 'interrupted', progressSaved: true });
    expect(first.counts.listed).toBe(4);
    expect(second.outcome).toBe('succeeded');
    expect(second.counts.listed).toBeLessThan(keys.length);
    expect(queued.sort()).toEqual([...keys].sort());
  });

  it('lets only one of two simultaneous runs list a connector', async () => {
    const connector = freshConnector();
    await put(`${connector.folder}a.csv`, 'a');
    const deps = depsOf();

    const outcomes = await Promise.all([sync(deps, connector), sync(deps, connector)]);

    expect(outcomes.map((summary) => summary.outcome).sort()).toEqual([
      'skipped_lease_held',
      'succeeded',
    ]);
    expect((await drainFileQueue()).map((task) => task.key)).toEqual([`${connector.folder}a.csv`]);
  });

  it('stores health in DynamoDB: bucket_not_found for a missing bucket, healthy after a fix', async () => {
    const connector = { ...freshConnector(), bucket: 'no-such-bucket-here' };
    await put(`${connector.folder}a.csv`, 'a');
    const deps = depsOf();
    await sync(deps, connector);
    const broken = await deps.health.get(connector.connectorId);

    await sync(deps, { ...connector, bucket });

    expect(broken).toMatchObject({
      state: 'error',
      consecutiveFailures: 1,
      lastError: {
        code: 'bucket_not_found',
        message: `Bucket "no-such-bucket-here" does not exist or was deleted. Check the bucket name in the connector's settings.`,
      },
    });
    expect(await deps.health.get(connector.connectorId)).toMatchObject({
      state: 'healthy',
      consecutiveFailures: 0,
      lastCounts: { queued: 1 },
    });
  });
});
