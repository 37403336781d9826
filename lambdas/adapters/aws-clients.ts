import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DeploymentConfig, LocalEndpoints } from './config';

/** Credentials the embedded local servers accept; they check nothing. */
export const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };
export const localRegion = 'us-east-1';

/** The deployment's own clients, built once per container and shared by every call. */
export interface PlatformClients {
  dynamo: DynamoDBDocumentClient;
  sqs: SQSClient;
  /** The platform's own S3 (results bucket); never a customer's. */
  s3: S3Client;
}

function localOptions(endpoint: string) {
  return { endpoint, region: localRegion, credentials: localCredentials };
}

/** An S3 client for the local server, path-style as it requires. */
export function localS3Client(local: LocalEndpoints, extra: S3ClientConfig = {}): S3Client {
  return new S3Client({ ...localOptions(local.s3), forcePathStyle: true, ...extra });
}

export function createPlatformClients(
  config: Pick<DeploymentConfig, 'local' | 'region'>,
): PlatformClients {
  const local = config.local;
  const aws = config.region ? { region: config.region } : {};
  const dynamoClient = new DynamoDBClient(local ? localOptions(local.dynamodb) : aws);
  return {
    dynamo: DynamoDBDocumentClient.from(dynamoClient, {
      marshallOptions: { removeUndefinedValues: true },
    }),
    sqs: new SQSClient(local ? localOptions(local.sqs) : aws),
    s3: local ? localS3Client(local) : new S3Client(aws),
  };
}
