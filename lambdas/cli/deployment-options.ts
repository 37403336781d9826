import { type Command, InvalidArgumentError, Option } from 'commander';
import type { DeploymentConfig } from '../adapters/config';
import { createRuntime, type Runtime } from '../adapters/runtime';
import { deploymentFromStack } from '../adapters/stack-outputs';
import { InvalidInputError } from '../core/errors';
import { connectLocalDeployment } from '../local/provision';
import { defaultLocalPorts } from '../local/servers';
import { consoleOutput, type Output } from './output';

export function port(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65_535) {
    throw new InvalidArgumentError('must be a port number from 0 to 65535.');
  }
  return parsed;
}

export function positive(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) {
    throw new InvalidArgumentError('must be a positive number.');
  }
  return parsed;
}

export const jsonOption = () => new Option('--json', 'print machine-readable JSON');
export const s3PortOption = () =>
  new Option('--s3-port <port>', 'port of the local S3 and SQS server')
    .argParser(port)
    .default(defaultLocalPorts.s3Port);
export const dynamoPortOption = () =>
  new Option('--dynamodb-port <port>', 'port of the local DynamoDB server')
    .argParser(port)
    .default(defaultLocalPorts.dynamoDbPort);

export const stackOption = () =>
  new Option(
    '--stack <name>',
    'work on the deployed CloudFormation stack of this name instead of the local deployment',
  ).env('S3_IMPORT_STACK');
// Not `--region`: `connectors create` and `update` use that for the customer's bucket.
export const stackRegionOption = () =>
  new Option(
    '--stack-region <region>',
    "the stack's AWS region (default: AWS_REGION or the profile's)",
  );

export interface TargetOptions {
  s3Port: number;
  dynamodbPort: number;
  json?: boolean;
  stack?: string;
  stackRegion?: string;
}

/**
 * The options a follow-up command needs to reach the same deployment: the
 * stack, or the ports that are not the defaults. Empty for the default local one.
 */
export function targetFlags(options: TargetOptions): string {
  if (options.stack) return ` --stack ${options.stack}`;
  const flags = [
    options.s3Port === defaultLocalPorts.s3Port ? '' : ` --s3-port ${options.s3Port}`,
    options.dynamodbPort === defaultLocalPorts.dynamoDbPort
      ? ''
      : ` --dynamodb-port ${options.dynamodbPort}`,
  ];
  return flags.join('');
}

/** Adds the options every command that reaches a deployment takes. */
export function withTargetOptions(command: Command): Command {
  return command
    .addOption(s3PortOption())
    .addOption(dynamoPortOption())
    .addOption(stackOption())
    .addOption(stackRegionOption())
    .addOption(jsonOption());
}

/** The deployed stack named by `--stack`, else the local deployment on the given ports. */
async function targetConfig(options: TargetOptions): Promise<DeploymentConfig> {
  if (options.stack) {
    // Limitation: on a deployed stack the caller's own credentials assume customer roles,
    // which trust only the deployment's roles: verify and sync fail there; use the API's verify.
    return (await deploymentFromStack(options.stack, options.stackRegion)).config;
  }
  if (options.stackRegion) {
    throw new InvalidInputError(
      `--stack-region ${options.stackRegion} applies only with --stack <name>; the local deployment has no region.`,
    );
  }
  const loopback = 'http://127.0.0.1';
  return connectLocalDeployment({
    s3: `${loopback}:${options.s3Port}`,
    sqs: `${loopback}:${options.s3Port}`,
    dynamodb: `${loopback}:${options.dynamodbPort}`,
  });
}

/**
 * Runs a command against the deployment the options point at (the local one
 * by default, a deployed stack with `--stack`) and sets the exit code the
 * action returns.
 */
export async function withDeployment(
  options: TargetOptions,
  action: (runtime: Runtime, output: Output) => Promise<unknown>,
): Promise<void> {
  const runtime = createRuntime(await targetConfig(options));
  try {
    const code = await action(runtime, consoleOutput(Boolean(options.json)));
    if (typeof code === 'number') process.exitCode = code;
  } finally {
    runtime.destroy();
  }
}
