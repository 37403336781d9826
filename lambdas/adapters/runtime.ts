import type { Context, ScheduledEvent, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { ConnectorServiceDeps } from '../core/connectors/connector-service';
import { defaultDiscoveryOptions } from '../core/discovery/options';
import type { DiscoveryStateStore, HealthStore } from '../core/discovery/ports';
import type { SyncRequest } from '../core/messages';
import { metricServiceName } from '../core/metric-names';
import type { FileTask } from '../core/model';
import {
  type ClaimingImportResultStore,
  type Clock,
  type ConnectorStore,
  type Logger,
  type Metrics,
  noMetrics,
  type ObjectStoreFactory,
  systemClock,
  type TemplateStore,
  type WorkQueue,
} from '../core/ports';
import type { ServiceDeps } from '../core/service/deps';
import { createListerHandler, type ListerDeps } from '../handlers/lister-handler';
import { createParserHandler, type ParserDeps } from '../handlers/parser-handler';
import { createPlatformClients, type PlatformClients } from './aws-clients';
import { type DeploymentConfig, readConfig } from './config';
import { DynamoConnectorCleanup } from './dynamo-connector-cleanup';
import { DynamoConnectorStore } from './dynamo-connector-store';
import { DynamoDiscoveryStateStore } from './dynamo-discovery-state';
import { DynamoHealthStore } from './dynamo-health-store';
import { DynamoImportResultStore } from './dynamo-import-results';
import { DynamoRecordSink } from './dynamo-record-sink';
import { DynamoTemplateStore } from './dynamo-template-store';
import { localLogger, powertoolsLogger, powertoolsMetrics } from './powertools';
import { createS3ObjectStoreFactory } from './s3-object-store';
import { S3ReportStore } from './s3-report-store';
import { SqsWorkQueue } from './sqs-queue';

/** One record larger than this fails its file: it bounds a parser's memory. */
export const defaultMaxRecordBytes = 1024 * 1024;

export type ListerHandler = (
  event: ScheduledEvent | SQSEvent,
  context: Context,
) => Promise<SQSBatchResponse | undefined>;
export type ParserHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/**
 * Stand-ins for the lister's and parser's role ARNs where the deployment does
 * not name them (locally): trust policies print them, nothing assumes them.
 */
export const localPlatformRoles = {
  listerRoleArn: 'arn:aws:iam::000000000000:role/s3-import-local-lister',
  parserRoleArn: 'arn:aws:iam::000000000000:role/s3-import-local-parser',
};

/** Every store, queue and handler of one deployment, built once per process. */
export interface Runtime {
  config: DeploymentConfig;
  clients: PlatformClients;
  clock: Clock;
  connectors: ConnectorStore;
  templates: TemplateStore;
  results: ClaimingImportResultStore;
  health: HealthStore;
  discoveryState: DiscoveryStateStore;
  fileQueue: WorkQueue<FileTask>;
  syncQueue: WorkQueue<SyncRequest>;
  objectStores: ObjectStoreFactory;
  connectorDeps: ConnectorServiceDeps;
  /** What the CLI and the management API call the connector, template and import services with. */
  serviceDeps: ServiceDeps;
  listerDeps: ListerDeps;
  listerHandler: ListerHandler;
  parserHandler: ParserHandler;
  /** Closes the SDK clients' connections. */
  destroy(): void;
}

export interface RuntimeOptions {
  logger?: Logger;
  metrics?: Metrics & { publish?(): void };
  /** Local runs only: print the handlers' log lines. */
  verbose?: boolean;
  clock?: Clock;
}

/** Wires the adapters to the deployment `config` names, locally or in AWS alike. */
export function createRuntime(config: DeploymentConfig, options: RuntimeOptions = {}): Runtime {
  const clients = createPlatformClients(config);
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? localLogger(Boolean(options.verbose));
  const metrics = options.metrics ?? noMetrics;
  const flush = () => options.metrics?.publish?.();

  const connectors = new DynamoConnectorStore(clients.dynamo, config.connectorsTable);
  const templates = new DynamoTemplateStore(clients.dynamo, config.templatesTable, clock);
  const results = new DynamoImportResultStore(clients.dynamo, config.importResultsTable);
  const health = new DynamoHealthStore(clients.dynamo, config.discoveryTable);
  const discoveryState = new DynamoDiscoveryStateStore(clients.dynamo, config.discoveryTable);
  const fileQueue = new SqsWorkQueue<FileTask>(clients.sqs, config.fileQueueUrl);
  const syncQueue = new SqsWorkQueue<SyncRequest>(clients.sqs, config.syncQueueUrl);
  const objectStores = createS3ObjectStoreFactory(config);

  const listerDeps: ListerDeps = {
    connectors,
    templates,
    importResults: results,
    discoveryState,
    health,
    objectStores,
    fileQueue,
    syncQueue,
    clock,
    logger,
    metrics,
    options: {
      ...defaultDiscoveryOptions,
      initialSyncDays: config.initialSyncDays,
      lookbackMs: config.lookbackHours * 3_600_000,
      maxFileBytes: config.maxFileBytes,
    },
    flush,
  };
  const parserDeps: ParserDeps = {
    connectors,
    templates,
    objectStores,
    results,
    records: new DynamoRecordSink(clients.dynamo, config.recordsTable),
    reports: new S3ReportStore(clients.s3, config.resultsBucket),
    continuation: fileQueue,
    clock,
    logger,
    metrics,
    limits: { maxFileBytes: config.maxFileBytes, maxRecordBytes: defaultMaxRecordBytes },
    flush,
  };

  const serviceDeps: ServiceDeps = {
    connectors,
    templates,
    results,
    health,
    discoveryState,
    fileQueue,
    syncQueue,
    objectStores,
    sync: listerDeps,
    cleanup: new DynamoConnectorCleanup(clients.dynamo, config),
    platformRoles: config.platformRoles ?? localPlatformRoles,
    clock,
    limits: parserDeps.limits,
    resultsBucket: config.resultsBucket,
    usesRoles: !config.local,
  };

  return {
    config,
    clients,
    clock,
    connectors,
    templates,
    results,
    health,
    discoveryState,
    fileQueue,
    syncQueue,
    objectStores,
    connectorDeps: { connectors, templates, clock },
    serviceDeps,
    listerDeps,
    listerHandler: createListerHandler(listerDeps),
    parserHandler: createParserHandler(parserDeps),
    destroy: () => {
      clients.dynamo.destroy();
      clients.sqs.destroy();
      clients.s3.destroy();
    },
  };
}

/** The runtime of a Lambda function: configuration from its environment, Powertools logs and metrics. */
export function lambdaRuntime(): Runtime {
  const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? metricServiceName;
  return createRuntime(readConfig(), {
    logger: powertoolsLogger(serviceName),
    metrics: powertoolsMetrics(serviceName),
  });
}
