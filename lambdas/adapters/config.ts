import type { PlatformRoles } from '../core/connectors/onboarding';
import { envNames } from '../core/deployment';
import { InvalidInputError } from '../core/errors';

/** Where the deployment's tables, queues and buckets are, read from the environment. */
export interface DeploymentConfig {
  connectorsTable: string;
  templatesTable: string;
  discoveryTable: string;
  importResultsTable: string;
  recordsTable: string;
  fileQueueUrl: string;
  syncQueueUrl: string;
  resultsBucket: string;
  /** Set when running against the embedded local servers instead of AWS. */
  local?: LocalEndpoints;
  maxFileBytes: number;
  initialSyncDays: number;
  /**
   * How far, in whole hours, a later sync looks back before the previous
   * complete listing's start (late multipart uploads, writers' clock skew).
   */
  lookbackHours: number;
  /**
   * The deployment's lister and parser roles, for the trust policy printed to
   * customers; absent locally, where no role is assumed.
   */
  platformRoles?: PlatformRoles;
  /**
   * Region of the deployment's own tables, queues and bucket, when the caller
   * chose one (the CLI's `--region`); else the SDK's default (AWS_REGION, profile).
   */
  region?: string;
}

export interface LocalEndpoints {
  s3: string;
  sqs: string;
  dynamodb: string;
}

export const defaultMaxFileBytes = 1024 ** 3;
export const defaultInitialSyncDays = 90;
export const defaultLookbackHours = 24;
/**
 * The widest lookback, 30 days: every file modified within it is looked up in
 * the ledger on every sync, so a wider one costs DynamoDB reads on each run.
 */
export const maxLookbackHours = 720;

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) {
    throw new InvalidInputError(`Environment variable ${name} is not set.`);
  }
  return value;
}

function positiveNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') {
    return fallback;
  }
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new InvalidInputError(
      `Environment variable ${name} must be a positive number, got "${raw}".`,
    );
  }
  return value;
}

/**
 * The lookback: a whole number of hours from 1 to `maxLookbackHours`, and no
 * further back than the initial window, or the second sync would queue files
 * the first one ignored as too old.
 */
function lookbackHoursOf(env: NodeJS.ProcessEnv, initialSyncDays: number): number {
  const name = envNames.lookbackHours;
  const raw = env[name];
  if (raw === undefined || raw === '') {
    return Math.min(defaultLookbackHours, initialSyncDays * 24);
  }
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > maxLookbackHours) {
    throw new InvalidInputError(
      `Environment variable ${name} must be a whole number of hours from 1 to ${maxLookbackHours}, got "${raw}".`,
    );
  }
  if (value > initialSyncDays * 24) {
    throw new InvalidInputError(
      `Environment variable ${name} is ${value} hours, longer than the initial sync window of ${initialSyncDays} days (${envNames.initialSyncDays}); later syncs would import files the first one ignored as too old.`,
    );
  }
  return value;
}

function readLocalEndpoints(env: NodeJS.ProcessEnv): LocalEndpoints | undefined {
  const s3 = env[envNames.localS3Endpoint];
  if (!s3) {
    return undefined;
  }
  return {
    s3,
    sqs: required(env, envNames.localSqsEndpoint),
    dynamodb: required(env, envNames.localDynamoDbEndpoint),
  };
}

function readPlatformRoles(env: NodeJS.ProcessEnv): PlatformRoles | undefined {
  const listerRoleArn = env[envNames.listerRoleArn];
  const parserRoleArn = env[envNames.parserRoleArn];
  if (!listerRoleArn && !parserRoleArn) {
    return undefined;
  }
  const apiRoleArn = env[envNames.apiRoleArn];
  return {
    listerRoleArn: required(env, envNames.listerRoleArn),
    parserRoleArn: required(env, envNames.parserRoleArn),
    ...(apiRoleArn ? { apiRoleArn } : {}),
  };
}

/**
 * The deployment's configuration from the environment the stack sets. Throws
 * `InvalidInputError` naming the variable that is missing or out of range.
 */
export function readConfig(env: NodeJS.ProcessEnv = process.env): DeploymentConfig {
  const initialSyncDays = positiveNumber(env, envNames.initialSyncDays, defaultInitialSyncDays);
  return {
    connectorsTable: required(env, envNames.connectorsTable),
    templatesTable: required(env, envNames.templatesTable),
    discoveryTable: required(env, envNames.discoveryTable),
    importResultsTable: required(env, envNames.importResultsTable),
    recordsTable: required(env, envNames.recordsTable),
    fileQueueUrl: required(env, envNames.fileQueueUrl),
    syncQueueUrl: required(env, envNames.syncQueueUrl),
    resultsBucket: required(env, envNames.resultsBucket),
    local: readLocalEndpoints(env),
    maxFileBytes: positiveNumber(env, envNames.maxFileBytes, defaultMaxFileBytes),
    initialSyncDays,
    lookbackHours: lookbackHoursOf(env, initialSyncDays),
    platformRoles: readPlatformRoles(env),
  };
}

/** The environment that makes `readConfig` return `config`. */
export function configToEnv(config: DeploymentConfig): Record<string, string> {
  const env: Record<string, string> = {
    [envNames.connectorsTable]: config.connectorsTable,
    [envNames.templatesTable]: config.templatesTable,
    [envNames.discoveryTable]: config.discoveryTable,
    [envNames.importResultsTable]: config.importResultsTable,
    [envNames.recordsTable]: config.recordsTable,
    [envNames.fileQueueUrl]: config.fileQueueUrl,
    [envNames.syncQueueUrl]: config.syncQueueUrl,
    [envNames.resultsBucket]: config.resultsBucket,
    [envNames.maxFileBytes]: String(config.maxFileBytes),
    [envNames.initialSyncDays]: String(config.initialSyncDays),
    [envNames.lookbackHours]: String(config.lookbackHours),
  };
  if (config.platformRoles) {
    env[envNames.listerRoleArn] = config.platformRoles.listerRoleArn;
    env[envNames.parserRoleArn] = config.platformRoles.parserRoleArn;
    if (config.platformRoles.apiRoleArn) {
      env[envNames.apiRoleArn] = config.platformRoles.apiRoleArn;
    }
  }
  if (config.local) {
    env[envNames.localS3Endpoint] = config.local.s3;
    env[envNames.localSqsEndpoint] = config.local.sqs;
    env[envNames.localDynamoDbEndpoint] = config.local.dynamodb;
  }
  return env;
}
