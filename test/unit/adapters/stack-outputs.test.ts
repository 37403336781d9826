import {
  CloudFormationClient,
  CloudFormationServiceException,
  DescribeStacksCommand,
  type Stack,
  type StackStatus,
} from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Runtime } from '../../../lambdas/adapters/runtime';
import { deploymentFromStack } from '../../../lambdas/adapters/stack-outputs';
import { withDeployment } from '../../../lambdas/cli/deployment-options';
import { stackOutputKeys } from '../../../lambdas/core/deployment';
import { ImportError, InvalidInputError, NotFoundError } from '../../../lambdas/core/errors';

const cloudFormation = mockClient(CloudFormationClient);

const account = '111122223333';
const outputs: Record<string, string> = {
  [stackOutputKeys.connectorsTable]: 'S3Import-Connectors-1',
  [stackOutputKeys.templatesTable]: 'S3Import-Templates-2',
  [stackOutputKeys.discoveryTable]: 'S3Import-Discovery-3',
  [stackOutputKeys.importResultsTable]: 'S3Import-ImportResults-4',
  [stackOutputKeys.recordsTable]: 'S3Import-Records-5',
  [stackOutputKeys.fileQueueUrl]: `https://sqs.eu-west-1.amazonaws.com/${account}/files`,
  [stackOutputKeys.syncQueueUrl]: `https://sqs.eu-west-1.amazonaws.com/${account}/sync`,
  [stackOutputKeys.resultsBucket]: 's3import-results-6',
  [stackOutputKeys.listerRoleArn]: `arn:aws:iam::${account}:role/S3Import-ListerRole`,
  [stackOutputKeys.parserRoleArn]: `arn:aws:iam::${account}:role/S3Import-ParserRole`,
  [stackOutputKeys.apiUrl]: 'https://abc123.execute-api.eu-west-1.amazonaws.com/',
  [stackOutputKeys.apiRoleArn]: `arn:aws:iam::${account}:role/S3Import-ApiRole`,
  [stackOutputKeys.maxFileBytes]: '5000000',
  [stackOutputKeys.initialSyncDays]: '30',
  [stackOutputKeys.lookbackHours]: '48',
  [stackOutputKeys.alarmTopicArn]: `arn:aws:sns:eu-west-1:${account}:alarms`,
};

function stackWith(values: Record<string, string>, status: StackStatus = 'CREATE_COMPLETE'): Stack {
  return {
    StackName: 'S3Import',
    StackStatus: status,
    CreationTime: new Date('2026-11-01T00:00:00Z'),
    Outputs: Object.entries(values).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue })),
  };
}

function without(...keys: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(outputs).filter(([key]) => !keys.includes(key)));
}

async function failureOf(promise: Promise<unknown>): Promise<ImportError> {
  try {
    await promise;
  } catch (error) {
    return error as ImportError;
  }
  throw new Error('expected the lookup to fail');
}

beforeEach(() => {
  cloudFormation.reset();
});

describe('deploymentFromStack', () => {
  it('maps the stack outputs to the deployment configuration, roles and API URL', async () => {
    cloudFormation.on(DescribeStacksCommand).resolves({ Stacks: [stackWith(outputs)] });

    const deployment = await deploymentFromStack('S3Import', 'eu-west-1');

    expect(cloudFormation.commandCalls(DescribeStacksCommand)[0].args[0].input).toEqual({
      StackName: 'S3Import',
    });
    expect(deployment).toEqual({
      config: {
        connectorsTable: 'S3Import-Connectors-1',
        templatesTable: 'S3Import-Templates-2',
        discoveryTable: 'S3Import-Discovery-3',
        importResultsTable: 'S3Import-ImportResults-4',
        recordsTable: 'S3Import-Records-5',
        fileQueueUrl: `https://sqs.eu-west-1.amazonaws.com/${account}/files`,
        syncQueueUrl: `https://sqs.eu-west-1.amazonaws.com/${account}/sync`,
        resultsBucket: 's3import-results-6',
        maxFileBytes: 5_000_000,
        initialSyncDays: 30,
        lookbackHours: 48,
        platformRoles: {
          listerRoleArn: `arn:aws:iam::${account}:role/S3Import-ListerRole`,
          parserRoleArn: `arn:aws:iam::${account}:role/S3Import-ParserRole`,
          apiRoleArn: `arn:aws:iam::${account}:role/S3Import-ApiRole`,
        },
        region: 'eu-west-1',
      },
      apiUrl: 'https://abc123.execute-api.eu-west-1.amazonaws.com/',
    });
  });

  it('asks the client for the region given', async () => {
    cloudFormation.on(DescribeStacksCommand).resolves({ Stacks: [stackWith(outputs)] });

    await deploymentFromStack('S3Import', 'ap-southeast-2');

    const client = cloudFormation.call(0).thisValue as CloudFormationClient;
    expect(await client.config.region()).toBe('ap-southeast-2');
  });

  it('uses the default limits and no API URL for a stack deployed before those outputs', async () => {
    const older = without(
      stackOutputKeys.apiUrl,
      stackOutputKeys.apiRoleArn,
      stackOutputKeys.maxFileBytes,
      stackOutputKeys.initialSyncDays,
      stackOutputKeys.lookbackHours,
    );
    cloudFormation.on(DescribeStacksCommand).resolves({ Stacks: [stackWith(older)] });

    const deployment = await deploymentFromStack('S3Import', 'eu-west-1');

    expect(deployment.apiUrl).toBeUndefined();
    expect(deployment.config.platformRoles).not.toHaveProperty('apiRoleArn');
    expect(deployment.config.maxFileBytes).toBe(1024 ** 3);
    expect(deployment.config.initialSyncDays).toBe(90);
    expect(deployment.config.lookbackHours).toBe(24);
  });

  it('rejects when the stack does not exist, naming the stack and the region', async () => {
    cloudFormation.on(DescribeStacksCommand).rejects(
      new CloudFormationServiceException({
        name: 'ValidationError',
        $fault: 'client',
        $metadata: { httpStatusCode: 400 },
        message: 'Stack with id Nope does not exist',
      }),
    );

    const error = await failureOf(deploymentFromStack('Nope', 'eu-west-1'));

    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.code).toBe('not_found');
    expect(error.message).toBe(
      'No CloudFormation stack named "Nope" in region eu-west-1. Deploy it with "npx cdk deploy", or pass the --stack name and --region it was deployed with.',
    );
  });

  it('rejects a stack that lacks outputs, listing every missing one', async () => {
    const partial = without(stackOutputKeys.recordsTable, stackOutputKeys.parserRoleArn);
    cloudFormation.on(DescribeStacksCommand).resolves({ Stacks: [stackWith(partial)] });

    const error = await failureOf(deploymentFromStack('S3Import', 'eu-west-1'));

    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toBe(
      'Stack "S3Import" lacks the outputs RecordsTable, ParserRoleArn; it is not an S3 import stack, or was deployed by an older version: deploy this version with "npx cdk deploy".',
    );
    expect(error.details).toEqual({
      stackName: 'S3Import',
      missing: ['RecordsTable', 'ParserRoleArn'],
    });
  });

  it('rejects a stack whose deployment has not completed, with its status', async () => {
    cloudFormation
      .on(DescribeStacksCommand)
      .resolves({ Stacks: [stackWith(outputs, 'ROLLBACK_COMPLETE')] });

    const error = await failureOf(deploymentFromStack('S3Import', 'eu-west-1'));

    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.message).toBe(
      'Stack "S3Import" is ROLLBACK_COMPLETE; commands need a stack whose deployment completed (CREATE_COMPLETE or UPDATE_COMPLETE).',
    );
  });

  it('rejects a stack output that is not a positive whole number', async () => {
    const broken = { ...outputs, [stackOutputKeys.initialSyncDays]: 'ninety' };
    cloudFormation.on(DescribeStacksCommand).resolves({ Stacks: [stackWith(broken)] });

    const error = await failureOf(deploymentFromStack('S3Import', 'eu-west-1'));

    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.message).toBe(
      'Stack output InitialSyncDays is "ninety"; it must be a positive whole number.',
    );
  });

  it('says which permission is missing when CloudFormation denies access', async () => {
    cloudFormation.on(DescribeStacksCommand).rejects(
      new CloudFormationServiceException({
        name: 'AccessDenied',
        $fault: 'client',
        $metadata: { httpStatusCode: 403 },
        message: 'User is not authorized to perform: cloudformation:DescribeStacks',
      }),
    );

    const error = await failureOf(deploymentFromStack('S3Import', 'eu-west-1'));

    expect(error).toBeInstanceOf(ImportError);
    expect(error.code).toBe('access_denied');
    expect(error.message).toBe(
      'The AWS credentials in use may not read stack "S3Import": allow cloudformation:DescribeStacks on it.',
    );
  });

  it('marks throttling as worth retrying', async () => {
    cloudFormation.on(DescribeStacksCommand).rejects(
      new CloudFormationServiceException({
        name: 'Throttling',
        $fault: 'client',
        $metadata: { httpStatusCode: 400 },
        message: 'Rate exceeded',
      }),
    );

    const error = await failureOf(deploymentFromStack('S3Import', 'eu-west-1'));

    expect(error.code).toBe('transient');
    expect(error.message).toBe(
      'CloudFormation throttled the request for stack "S3Import"; try again in a moment.',
    );
  });
});

describe("the command-line tool's --stack option", () => {
  const ports = { s3Port: 4566, dynamodbPort: 4567 };

  it('runs a command on the stack the outputs describe, with its roles in trust policies', async () => {
    cloudFormation.on(DescribeStacksCommand).resolves({ Stacks: [stackWith(outputs)] });
    let seen: Runtime | undefined;

    await withDeployment(
      { ...ports, stack: 'S3Import', stackRegion: 'eu-west-1' },
      async (runtime) => {
        seen = runtime;
      },
    );

    expect(seen?.config).toMatchObject({
      connectorsTable: 'S3Import-Connectors-1',
      region: 'eu-west-1',
    });
    expect(seen?.config.local).toBeUndefined();
    expect(seen?.serviceDeps.platformRoles).toEqual({
      listerRoleArn: `arn:aws:iam::${account}:role/S3Import-ListerRole`,
      parserRoleArn: `arn:aws:iam::${account}:role/S3Import-ParserRole`,
      apiRoleArn: `arn:aws:iam::${account}:role/S3Import-ApiRole`,
    });
    expect(await seen?.clients.dynamo.config.region()).toBe('eu-west-1');
  });

  it('refuses --stack-region without --stack', async () => {
    let ran = false;

    const error = await failureOf(
      withDeployment({ ...ports, stackRegion: 'eu-west-1' }, async () => {
        ran = true;
      }),
    );

    expect(ran).toBe(false);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.message).toBe(
      '--stack-region eu-west-1 applies only with --stack <name>; the local deployment has no region.',
    );
  });
});
