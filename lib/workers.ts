import { fileURLToPath } from 'node:url';
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { envNames } from '../lambdas/core/deployment';
import { metricNamespace, metricServiceName } from '../lambdas/core/metric-names';
import { customerRolePrefix } from '../lambdas/core/roles';
import {
  listerBatchSize,
  listerMemoryMb,
  listerTimeout,
  parserBatchSize,
  parserMemoryMb,
  parserTimeout,
} from './limits';
import type { ImportQueues } from './queues';
import type { ImportTables } from './tables';
import { acknowledgeWorkerFindings } from './worker-acknowledgements';

/** The resources the functions use, and the settings they receive as environment. */
export interface ImportWorkersProps {
  readonly tables: ImportTables;
  readonly queues: ImportQueues;
  readonly resultsBucket: s3.Bucket;
  readonly listerConcurrency: number;
  readonly maxFileBytes: number;
  readonly initialSyncDays: number;
  readonly lookbackHours: number;
}

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** The source file of the Lambda entry `lambdas/handlers/<name>.ts`. */
export function handlerEntry(name: string): string {
  return fileURLToPath(new URL(`../lambdas/handlers/${name}.ts`, import.meta.url));
}

/**
 * The lister and the parser: Node.js 22 on arm64, bundled by the local esbuild,
 * each with its own role holding only the grants its work needs.
 */
export class ImportWorkers extends Construct {
  readonly lister: nodejs.NodejsFunction;
  readonly parser: nodejs.NodejsFunction;
  readonly listerRole: iam.Role;
  readonly parserRole: iam.Role;
  /**
   * The environment both functions get: where the tables, queues and bucket
   * are, and the two roles' ARNs (which customer trust policies name).
   */
  readonly environment: Record<string, string>;

  constructor(scope: Construct, id: string, props: ImportWorkersProps) {
    super(scope, id);
    const { tables, queues } = props;
    const environment = buildEnvironment(props);

    this.listerRole = createFunctionRole(
      this,
      'ListerRole',
      'Lists customer buckets and queues new files.',
    );
    this.lister = createFunction(this, 'Lister', {
      entry: handlerEntry('lister'),
      role: this.listerRole,
      timeout: listerTimeout,
      memorySize: listerMemoryMb,
      environment,
    });
    tables.connectors.grantReadData(this.listerRole);
    tables.templates.grantReadData(this.listerRole);
    tables.discovery.grantReadWriteData(this.listerRole);
    tables.importResults.grantReadWriteData(this.listerRole);
    queues.fileQueue.grantSendMessages(this.listerRole);
    queues.syncQueue.grantSendMessages(this.listerRole);
    this.lister.addEventSource(
      new SqsEventSource(queues.syncQueue, {
        batchSize: listerBatchSize,
        reportBatchItemFailures: true,
        maxConcurrency: props.listerConcurrency,
      }),
    );

    this.parserRole = createFunctionRole(this, 'ParserRole', 'Imports queued files into DynamoDB.');
    this.parser = createFunction(this, 'Parser', {
      entry: handlerEntry('parser'),
      role: this.parserRole,
      timeout: parserTimeout,
      memorySize: parserMemoryMb,
      environment,
    });
    tables.connectors.grantReadData(this.parserRole);
    tables.templates.grantReadData(this.parserRole);
    tables.importResults.grantReadWriteData(this.parserRole);
    tables.records.grantWriteData(this.parserRole);
    props.resultsBucket.grantPut(this.parserRole);
    // Continuations: a file too large for one invocation is re-queued with its checkpoint.
    queues.fileQueue.grantSendMessages(this.parserRole);
    this.parser.addEventSource(
      new SqsEventSource(queues.fileQueue, {
        batchSize: parserBatchSize,
        reportBatchItemFailures: true,
      }),
    );

    for (const role of [this.listerRole, this.parserRole]) {
      role.addToPrincipalPolicy(assumeCustomerRoleStatement(this));
    }
    const roleArns = {
      [envNames.listerRoleArn]: this.listerRole.roleArn,
      [envNames.parserRoleArn]: this.parserRole.roleArn,
    };
    for (const [name, value] of Object.entries(roleArns)) {
      this.lister.addEnvironment(name, value);
      this.parser.addEnvironment(name, value);
    }
    this.environment = { ...environment, ...roleArns };
    acknowledgeWorkerFindings({
      listerRole: this.listerRole,
      parserRole: this.parserRole,
      functions: [this.lister, this.parser],
      resultsBucket: props.resultsBucket,
    });
  }
}

function buildEnvironment(props: ImportWorkersProps): Record<string, string> {
  const { tables, queues } = props;
  return {
    [envNames.connectorsTable]: tables.connectors.tableName,
    [envNames.templatesTable]: tables.templates.tableName,
    [envNames.discoveryTable]: tables.discovery.tableName,
    [envNames.importResultsTable]: tables.importResults.tableName,
    [envNames.recordsTable]: tables.records.tableName,
    [envNames.fileQueueUrl]: queues.fileQueue.queueUrl,
    [envNames.syncQueueUrl]: queues.syncQueue.queueUrl,
    [envNames.resultsBucket]: props.resultsBucket.bucketName,
    [envNames.maxFileBytes]: String(props.maxFileBytes),
    [envNames.initialSyncDays]: String(props.initialSyncDays),
    [envNames.lookbackHours]: String(props.lookbackHours),
    POWERTOOLS_SERVICE_NAME: metricServiceName,
    POWERTOOLS_METRICS_NAMESPACE: metricNamespace,
    NODE_OPTIONS: '--enable-source-maps',
  };
}

/** `sts:AssumeRole` on customer roles that follow the product's naming rule, in any account. */
export function assumeCustomerRoleStatement(scope: Construct): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions: ['sts:AssumeRole'],
    resources: [
      Stack.of(scope).formatArn({
        service: 'iam',
        region: '',
        account: '*',
        resource: 'role',
        resourceName: `${customerRolePrefix}*`,
      }),
    ],
  });
}

// An own role instead of the managed basic execution policy: logs go to one log group only.
export function createFunctionRole(scope: Construct, id: string, description: string): iam.Role {
  return new iam.Role(scope, id, {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description,
  });
}

/** What differs between the product's functions; runtime, architecture and bundling do not. */
export interface FunctionSettings {
  entry: string;
  role: iam.Role;
  timeout: nodejs.NodejsFunctionProps['timeout'];
  memorySize: number;
  environment: Record<string, string>;
}

/** A Node.js 22 arm64 function bundled by the local esbuild, with its own one-month log group. */
export function createFunction(
  scope: Construct,
  id: string,
  settings: FunctionSettings,
): nodejs.NodejsFunction {
  const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
    retention: logs.RetentionDays.ONE_MONTH,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  logGroup.grantWrite(settings.role);

  return new nodejs.NodejsFunction(scope, id, {
    ...settings,
    handler: 'handler',
    runtime: lambda.Runtime.NODEJS_22_X,
    architecture: lambda.Architecture.ARM_64,
    logGroup,
    projectRoot: repoRoot,
    depsLockFilePath: `${repoRoot}package-lock.json`,
    bundling: {
      format: nodejs.OutputFormat.ESM,
      target: 'node22',
      mainFields: ['module', 'main'],
      // Some dependencies (papaparse, iconv-lite) are CommonJS and call require().
      banner:
        "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
      // Ship the SDK version the code was tested with rather than the runtime's copy.
      bundleAwsSDK: true,
      minify: true,
      sourceMap: true,
      forceDockerBundling: false,
    },
  });
}
