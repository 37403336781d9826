import {
  CloudFormationClient,
  DescribeStacksCommand,
  type Output,
  type Stack,
} from '@aws-sdk/client-cloudformation';
import { stackOutputKeys } from '../core/deployment';
import { ImportError, InvalidInputError, NotFoundError, TransientError } from '../core/errors';
import {
  type DeploymentConfig,
  defaultInitialSyncDays,
  defaultLookbackHours,
  defaultMaxFileBytes,
} from './config';

/** The outputs read; the alarm topic, dead-letter queue and dashboard are for people. */
const deployedOutputKeys = {
  connectorsTable: stackOutputKeys.connectorsTable,
  templatesTable: stackOutputKeys.templatesTable,
  discoveryTable: stackOutputKeys.discoveryTable,
  importResultsTable: stackOutputKeys.importResultsTable,
  recordsTable: stackOutputKeys.recordsTable,
  fileQueueUrl: stackOutputKeys.fileQueueUrl,
  syncQueueUrl: stackOutputKeys.syncQueueUrl,
  resultsBucket: stackOutputKeys.resultsBucket,
  listerRoleArn: stackOutputKeys.listerRoleArn,
  parserRoleArn: stackOutputKeys.parserRoleArn,
  apiUrl: stackOutputKeys.apiUrl,
  apiRoleArn: stackOutputKeys.apiRoleArn,
  maxFileBytes: stackOutputKeys.maxFileBytes,
  initialSyncDays: stackOutputKeys.initialSyncDays,
  lookbackHours: stackOutputKeys.lookbackHours,
};

type OutputName = keyof typeof deployedOutputKeys;

// Stacks deployed before these outputs existed still work, with the defaults.
const optionalOutputs: OutputName[] = [
  'apiUrl',
  'apiRoleArn',
  'maxFileBytes',
  'initialSyncDays',
  'lookbackHours',
];

/** A deployed stack's configuration, and the management API's URL when it has one. */
export interface StackDeployment {
  config: DeploymentConfig;
  apiUrl?: string;
}

/** Statuses in which the stack's resources and outputs are all in place. */
const usableStatuses = new Set([
  'CREATE_COMPLETE',
  'UPDATE_COMPLETE',
  'UPDATE_ROLLBACK_COMPLETE',
  'IMPORT_COMPLETE',
  'IMPORT_ROLLBACK_COMPLETE',
]);

interface AwsErrorShape {
  name?: string;
  message?: string;
}

function translateError(error: unknown, stackName: string, where: string): Error {
  const { name = '', message = '' } = error as AwsErrorShape;
  if (name === 'ValidationError' && /does not exist/i.test(message)) {
    return new NotFoundError(
      `No CloudFormation stack named "${stackName}" in ${where}. Deploy it with "npx cdk deploy", or pass the --stack name and --region it was deployed with.`,
      { stackName },
    );
  }
  if (name === 'CredentialsProviderError') {
    return new ImportError(
      'access_denied',
      `No AWS credentials found to read stack "${stackName}": set AWS_PROFILE or the AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY variables.`,
      { cause: error },
    );
  }
  if (name === 'AccessDenied' || name === 'AccessDeniedException') {
    return new ImportError(
      'access_denied',
      `The AWS credentials in use may not read stack "${stackName}": allow cloudformation:DescribeStacks on it.`,
      { cause: error },
    );
  }
  if (name === 'Throttling' || name === 'ThrottlingException') {
    return new TransientError(
      `CloudFormation throttled the request for stack "${stackName}"; try again in a moment.`,
      error,
    );
  }
  if (/region is missing/i.test(message)) {
    return new InvalidInputError(
      `No AWS region to look for stack "${stackName}" in: pass --region or set AWS_REGION.`,
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}

function positiveOutput(value: string | undefined, key: string, fallback: number): number {
  if (value === undefined) {
    return fallback;
  }
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) {
    throw new InvalidInputError(
      `Stack output ${key} is "${value}"; it must be a positive whole number.`,
    );
  }
  return parsed;
}

/**
 * Maps a described stack's outputs to the configuration the runtime needs.
 * Throws `NotFoundError` naming every missing output, and `InvalidInputError`
 * when the stack is in a state (being created, rolled back) without usable outputs.
 */
export function deploymentFromOutputs(stack: Stack, region?: string): StackDeployment {
  const name = stack.StackName ?? '(unnamed)';
  const status = stack.StackStatus ?? 'UNKNOWN';
  if (!usableStatuses.has(status)) {
    throw new InvalidInputError(
      `Stack "${name}" is ${status}; commands need a stack whose deployment completed (CREATE_COMPLETE or UPDATE_COMPLETE).`,
      { stackName: name, status },
    );
  }

  const byKey = new Map(
    (stack.Outputs ?? []).map((output: Output) => [output.OutputKey, output.OutputValue]),
  );
  const values = {} as Record<OutputName, string | undefined>;
  for (const [field, key] of Object.entries(deployedOutputKeys)) {
    values[field as OutputName] = byKey.get(key) || undefined;
  }
  const missing = (Object.keys(deployedOutputKeys) as OutputName[])
    .filter((field) => !optionalOutputs.includes(field) && values[field] === undefined)
    .map((field) => deployedOutputKeys[field]);
  if (missing.length > 0) {
    throw new NotFoundError(
      `Stack "${name}" lacks the outputs ${missing.join(', ')}; it is not an S3 import stack, or was deployed by an older version: deploy this version with "npx cdk deploy".`,
      { stackName: name, missing },
    );
  }

  const output = (field: OutputName) => values[field] as string;
  return {
    config: {
      connectorsTable: output('connectorsTable'),
      templatesTable: output('templatesTable'),
      discoveryTable: output('discoveryTable'),
      importResultsTable: output('importResultsTable'),
      recordsTable: output('recordsTable'),
      fileQueueUrl: output('fileQueueUrl'),
      syncQueueUrl: output('syncQueueUrl'),
      resultsBucket: output('resultsBucket'),
      maxFileBytes: positiveOutput(values.maxFileBytes, 'MaxFileBytes', defaultMaxFileBytes),
      initialSyncDays: positiveOutput(
        values.initialSyncDays,
        'InitialSyncDays',
        defaultInitialSyncDays,
      ),
      lookbackHours: positiveOutput(values.lookbackHours, 'LookbackHours', defaultLookbackHours),
      platformRoles: {
        listerRoleArn: output('listerRoleArn'),
        parserRoleArn: output('parserRoleArn'),
        ...(values.apiRoleArn ? { apiRoleArn: values.apiRoleArn } : {}),
      },
      region,
    },
    apiUrl: values.apiUrl,
  };
}

/**
 * Finds a deployed S3 import stack by name (CloudFormation DescribeStacks) and
 * returns its configuration, so the command-line tool can work on it with the
 * caller's AWS credentials. `region` defaults to the SDK's (AWS_REGION, profile).
 * Throws `NotFoundError` when the stack does not exist or lacks outputs,
 * `access_denied` without credentials or permission, `TransientError` when throttled.
 */
export async function deploymentFromStack(
  stackName: string,
  region?: string,
): Promise<StackDeployment> {
  const where = region ? `region ${region}` : 'the default region';
  // A one-off lookup per command run, so the client is not kept.
  const client = new CloudFormationClient(region ? { region } : {});
  let stack: Stack | undefined;
  try {
    const described = await client.send(new DescribeStacksCommand({ StackName: stackName }));
    stack = described.Stacks?.[0];
  } catch (error) {
    throw translateError(error, stackName, where);
  } finally {
    client.destroy();
  }
  if (!stack) {
    throw translateError({ name: 'ValidationError', message: 'does not exist' }, stackName, where);
  }
  return deploymentFromOutputs(stack, region);
}
