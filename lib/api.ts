import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { apiRoutes } from '../lambdas/api/routes';
import { envNames } from '../lambdas/core/deployment';
import { customerRolePrefix } from '../lambdas/core/roles';
import type { ImportQueues } from './queues';
import type { ImportTables } from './tables';
import {
  assumeCustomerRoleStatement,
  createFunction,
  createFunctionRole,
  handlerEntry,
  type ImportWorkers,
} from './workers';

/** The resources the management API works on. */
export interface ManagementApiProps {
  readonly tables: ImportTables;
  readonly queues: ImportQueues;
  /** Their environment is the API's too, and their role ARNs go into printed trust policies. */
  readonly workers: ImportWorkers;
}

// API Gateway stops waiting for an integration after 30 seconds; verify must answer before.
const apiTimeout = Duration.seconds(29);
const apiMemoryMb = 512;
// Management calls are rare; the limits keep a runaway script from using the account's Lambda concurrency.
const throttle = { rateLimit: 20, burstLimit: 40 };

/** One JSON line per request: who called which route, the status and the latency. */
const accessLogFormat = apigateway.AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    caller: '$context.identity.userArn',
    sourceIp: '$context.identity.sourceIp',
    routeKey: '$context.routeKey',
    status: '$context.status',
    responseLatency: '$context.responseLatency',
    integrationError: '$context.integrationErrorMessage',
  }),
);

/**
 * The management HTTP API: an API Gateway HTTP API whose every route requires
 * IAM authorization (SigV4-signed requests from principals allowed
 * `execute-api:Invoke`), one Lambda behind all routes, access logs and
 * throttling on its stage. The function's role can read and write the
 * product's tables, send to its queues, and assume customer roles (for verify).
 */
export class ManagementApi extends Construct {
  readonly httpApi: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;
  readonly handler: nodejs.NodejsFunction;
  readonly role: iam.Role;
  /** The base URL the routes hang off, ending with `/`. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: ManagementApiProps) {
    super(scope, id);
    const { workers } = props;

    this.role = createFunctionRole(this, 'Role', 'Manages connectors and templates over HTTP.');
    this.handler = createFunction(this, 'Handler', {
      entry: handlerEntry('api'),
      role: this.role,
      timeout: apiTimeout,
      memorySize: apiMemoryMb,
      environment: { ...workers.environment },
    });
    // Every function gets the same configuration, so each knows the roles trust policies name.
    for (const fn of [this.handler, workers.lister, workers.parser]) {
      fn.addEnvironment(envNames.apiRoleArn, this.role.roleArn);
    }
    this.grantServiceAccess(props);

    this.httpApi = new apigwv2.HttpApi(this, 'HttpApi', {
      description: 'S3 import connector: manage connectors, templates and imports',
      defaultAuthorizer: new HttpIamAuthorizer(),
      createDefaultStage: false,
    });
    this.stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle,
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(this.createAccessLogGroup()),
        format: accessLogFormat,
      },
    });
    this.url = this.stage.url;

    const integration = new HttpLambdaIntegration('Integration', this.handler);
    for (const route of apiRoutes) {
      this.httpApi.addRoutes({
        path: route.path,
        methods: [apigwv2.HttpMethod[route.method]],
        integration,
      });
    }
    this.acknowledgeFindings();
  }

  private grantServiceAccess({ tables, queues }: ManagementApiProps): void {
    // Create, update and delete connectors and templates; clear discovery state and
    // health on delete; mark results for retry; purge records on request.
    tables.connectors.grantReadWriteData(this.role);
    tables.templates.grantReadWriteData(this.role);
    tables.discovery.grantReadWriteData(this.role);
    tables.importResults.grantReadWriteData(this.role);
    tables.records.grantReadWriteData(this.role);
    // Retries and re-imports queue files; a verified connector's initial sync is requested.
    queues.fileQueue.grantSendMessages(this.role);
    queues.syncQueue.grantSendMessages(this.role);
    // Verify lists the customer's bucket through the customer's role, whose trust policy
    // names this role next to the lister and parser (see `trustPolicyFor`).
    this.role.addToPrincipalPolicy(assumeCustomerRoleStatement(this));
  }

  private createAccessLogGroup(): logs.LogGroup {
    return new logs.LogGroup(this, 'AccessLogs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }

  private acknowledgeFindings(): void {
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::*:role/${customerRolePrefix}*]`,
      reason: `Verify assumes the customer's role, which lives in the customer's own account, unknown at deploy time; the name prefix ${customerRolePrefix} and the per-connector external ID limit which roles can be assumed.`,
    });
    Validations.of(this.handler).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'The product targets Node.js 22, the newest runtime its dependencies and tests are verified on; moving to a newer one is a deliberate upgrade.',
    });
  }
}
