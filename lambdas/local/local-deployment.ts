import { CreateBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { localS3Client } from '../adapters/aws-clients';
import type { DeploymentConfig } from '../adapters/config';
import { createRuntime, type Runtime, type RuntimeOptions } from '../adapters/runtime';
import { createConnector, setConnectorStatus } from '../core/connectors/connector-service';
import type { Connector } from '../core/model';
import {
  demoBucket,
  demoConnectorName,
  demoFolder,
  demoTemplate,
  generateDemoFiles,
} from './demo-data';
import { LocalPipeline } from './pipeline';
import { provisionLocalDeployment } from './provision';
import { type LocalServerOptions, type LocalServers, startLocalServers } from './servers';

export interface LocalDeployment {
  servers: LocalServers;
  config: DeploymentConfig;
  runtime: Runtime;
  pipeline: LocalPipeline;
  stop(): Promise<void>;
}

/** Starts the embedded servers, creates what the stack would, and wires the handlers to them. */
export async function startLocalDeployment(
  serverOptions: LocalServerOptions,
  runtimeOptions: RuntimeOptions = {},
): Promise<LocalDeployment> {
  const servers = await startLocalServers(serverOptions);
  try {
    const config = await provisionLocalDeployment(servers.endpoints);
    const runtime = createRuntime(config, runtimeOptions);
    const pipeline = new LocalPipeline({
      sqs: runtime.clients.sqs,
      fileQueueUrl: config.fileQueueUrl,
      syncQueueUrl: config.syncQueueUrl,
      lister: runtime.listerHandler,
      parser: runtime.parserHandler,
      connectors: runtime.connectors,
      health: runtime.health,
      results: runtime.results,
      clock: runtime.clock,
    });
    return {
      servers,
      config,
      runtime,
      pipeline,
      stop: async () => {
        runtime.destroy();
        await servers.stop();
      },
    };
  } catch (error) {
    await servers.stop();
    throw error;
  }
}

/** What the demo seeding created. */
export interface DemoSeed {
  bucket: string;
  folder: string;
  files: string[];
  templateId: string;
  connector: Connector;
}

async function createBucketIfMissing(s3: S3Client, bucket: string): Promise<void> {
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (error) {
    if ((error as Error).name !== 'BucketAlreadyOwnedByYou') {
      throw error;
    }
  }
}

/**
 * A customer bucket with generated files, the demo template and an active demo
 * connector. Locally no role is assumed, so the connector needs no verification.
 */
export async function seedDemo(deployment: LocalDeployment): Promise<DemoSeed> {
  const { runtime, config } = deployment;
  const local = config.local;
  if (!local) {
    throw new Error('The demo is seeded only into a local deployment.');
  }
  const s3 = localS3Client(local);
  try {
    await createBucketIfMissing(s3, demoBucket);
    const files = generateDemoFiles();
    for (const file of files) {
      await s3.send(new PutObjectCommand({ Bucket: demoBucket, Key: file.key, Body: file.body }));
    }
    const template = await runtime.templates.save(demoTemplate);
    const created = await createConnector(runtime.connectorDeps, {
      name: demoConnectorName,
      accountId: '000000000000',
      bucket: demoBucket,
      region: 'us-east-1',
      folder: demoFolder,
      templateId: template.templateId,
    });
    const connector = await setConnectorStatus(runtime.connectorDeps, created, 'active');
    return {
      bucket: demoBucket,
      folder: demoFolder,
      files: files.map((file) => file.key),
      templateId: template.templateId,
      connector,
    };
  } finally {
    s3.destroy();
  }
}
