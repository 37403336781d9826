import {
  GetObjectCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  S3Client,
} from '@aws-sdk/client-s3';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider, InitializeMiddleware } from '@smithy/types';
import { ConnectorError, FileFailure, ImportError, TransientError } from '../core/errors';
import type { Connector, ListedObject } from '../core/model';
import type { ListPage, ObjectStore, ObjectStoreFactory } from '../core/ports';
import { buildRoleArn, parseRoleArn } from '../core/roles';
import { localS3Client } from './aws-clients';
import type { DeploymentConfig } from './config';

/** The S3 answer's HTTP `Date` header, by output object (middleware to adapter). */
const serverDates = new WeakMap<object, Date>();

/**
 * Remembers each response's `Date` header: S3's own clock, which is the clock
 * LastModified is on. Runs outermost so it sees the final response after retries.
 */
export const serverDateMiddleware: InitializeMiddleware<object, object> =
  (next) => async (args) => {
    const result = await next(args);
    const headers = (result.response as { headers?: Record<string, string> } | undefined)?.headers;
    const date = headers?.date ? new Date(headers.date) : undefined;
    if (date && !Number.isNaN(date.getTime()) && result.output) {
      serverDates.set(result.output, date);
    }
    return result;
  };

/** The server time of an S3 output, when the middleware saw its `Date` header. */
export function serverDateOf(output: object): Date | undefined {
  return serverDates.get(output);
}

interface AwsErrorShape {
  name?: string;
  message?: string;
  Region?: string;
  $metadata?: { httpStatusCode?: number };
  $response?: { headers?: Record<string, string> };
}

const throttlingNames = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
]);
const expiredNames = new Set([
  'ExpiredToken',
  'ExpiredTokenException',
  'TokenRefreshRequired',
  'InvalidToken',
]);
const wrongRegionNames = new Set([
  'PermanentRedirect',
  'AuthorizationHeaderMalformed',
  'IllegalLocationConstraintException',
]);

function regionHintOf(error: AwsErrorShape): string | undefined {
  return (
    error.Region ??
    error.$response?.headers?.['x-amz-bucket-region'] ??
    /expecting '([a-z0-9-]+)'/.exec(error.message ?? '')?.[1]
  );
}

/**
 * Translates an S3 error into the product's: connector problems become a
 * `ConnectorError` whose message says what the customer can fix; throttling
 * after the SDK's retries is `throttled`; other 5xx and network errors are transient.
 */
export function translateS3Error(error: unknown, connector: Connector): Error {
  if (error instanceof ImportError) {
    return error;
  }
  const aws = (error ?? {}) as AwsErrorShape;
  const name = aws.name ?? '';
  const status = aws.$metadata?.httpStatusCode;
  const where = `s3://${connector.bucket}/${connector.folder}`;
  if (name === 'AccessDenied' || name === 'AllAccessDisabled' || status === 403) {
    return new ConnectorError(
      'access_denied',
      `The role ${connector.roleArn} was assumed but may not list ${where}: its permission policy must allow s3:ListBucket on arn:aws:s3:::${connector.bucket} for the prefix "${connector.folder}" and s3:GetObject on its objects.`,
      { cause: error },
    );
  }
  if (name === 'NoSuchBucket') {
    return new ConnectorError(
      'bucket_not_found',
      `Bucket "${connector.bucket}" does not exist or was deleted. Check the bucket name in the connector's settings.`,
      { cause: error },
    );
  }
  if (wrongRegionNames.has(name) || status === 301) {
    const hint = regionHintOf(aws);
    return new ConnectorError(
      'wrong_region',
      `Bucket "${connector.bucket}" is not in region ${connector.region}${hint ? `; S3 says it is in ${hint}` : ''}. Set the connector's region to the bucket's region.`,
      { cause: error },
    );
  }
  if (expiredNames.has(name)) {
    return new ConnectorError(
      'credentials_expired',
      `The temporary credentials for ${connector.roleArn} expired before S3 answered; the next sync assumes the role again. If it persists, check the role's maximum session duration is at least one hour.`,
      { cause: error },
    );
  }
  if (throttlingNames.has(name) || status === 429 || (status === 503 && name !== '')) {
    return new ConnectorError(
      'throttled',
      `S3 kept throttling requests to ${where} (${name || status}) after retries with backoff; the next sync tries again. Other workloads on this bucket may be using its request rate.`,
      { cause: error },
    );
  }
  if ((status !== undefined && status >= 500) || status === undefined) {
    return new TransientError(`S3 did not answer for ${where} (${name || 'no response'}).`, error);
  }
  return error instanceof Error ? error : new TransientError(String(error), error);
}

function decodeKey(key: string, encoding: string | undefined): string {
  // EncodingType=url keeps keys with XML-illegal characters intact; S3 encodes spaces as '+'.
  return encoding === 'url' ? decodeURIComponent(key.replace(/\+/g, ' ')) : key;
}

function listedObjectsOf(output: ListObjectsV2CommandOutput): ListedObject[] {
  return (output.Contents ?? []).map((item) => ({
    key: decodeKey(item.Key ?? '', output.EncodingType),
    etag: item.ETag ?? '',
    size: item.Size ?? 0,
    lastModified: item.LastModified ?? new Date(0),
  }));
}

/** One connector's bucket through one S3 client (its assumed role, or the local server). */
export class S3ObjectStore implements ObjectStore {
  constructor(
    private readonly client: S3Client,
    private readonly connector: Connector,
    private readonly pageSize = 1000,
  ) {}

  async *listObjects(params: {
    bucket: string;
    prefix: string;
    startAfter?: string;
    signal?: AbortSignal;
  }): AsyncIterable<ListPage> {
    let token: string | undefined;
    do {
      let output: ListObjectsV2CommandOutput;
      try {
        output = await this.client.send(
          new ListObjectsV2Command({
            Bucket: params.bucket,
            Prefix: params.prefix || undefined,
            ContinuationToken: token,
            // S3 ignores StartAfter once a continuation token carries the position.
            StartAfter: token ? undefined : params.startAfter,
            MaxKeys: this.pageSize,
            EncodingType: 'url',
          }),
          // Aborting closes the connection and ends the SDK's retries.
          { abortSignal: params.signal },
        );
      } catch (error) {
        if (params.signal?.aborted) {
          throw new TransientError(
            `The listing of s3://${params.bucket}/${params.prefix} was stopped at the sync's deadline.`,
            error,
          );
        }
        throw translateS3Error(error, this.connector);
      }
      yield { objects: listedObjectsOf(output), serverTime: serverDateOf(output) };
      token = output.IsTruncated ? output.NextContinuationToken : undefined;
    } while (token);
  }

  async getObject(params: {
    bucket: string;
    key: string;
    etag: string;
    startByte?: number;
  }): Promise<AsyncIterable<Uint8Array>> {
    const startByte = params.startByte ?? 0;
    try {
      const output = await this.client.send(
        new GetObjectCommand({
          Bucket: params.bucket,
          Key: params.key,
          IfMatch: params.etag,
          Range: startByte > 0 ? `bytes=${startByte}-` : undefined,
        }),
      );
      return (output.Body as AsyncIterable<Uint8Array> | undefined) ?? emptyBody();
    } catch (error) {
      const aws = error as AwsErrorShape;
      const status = aws.$metadata?.httpStatusCode;
      if (aws.name === 'PreconditionFailed' || status === 412) {
        throw new FileFailure(
          'object_changed',
          `The object changed since it was listed (ETag ${params.etag} no longer matches); the next sync queues its new version.`,
          { cause: error },
        );
      }
      if (aws.name === 'NoSuchKey' || aws.name === 'NotFound' || status === 404) {
        throw new FileFailure(
          'object_missing',
          'The object was deleted after it was listed; there is nothing to import.',
          { cause: error },
        );
      }
      if (aws.name === 'InvalidRange' || status === 416) {
        // A resumed import whose checkpoint is at the end of the object: nothing left to read.
        return emptyBody();
      }
      const translated = translateS3Error(error, this.connector);
      throw translated instanceof ConnectorError && translated.code === 'throttled'
        ? new TransientError(translated.message, error)
        : translated;
    }
  }
}

async function* emptyBody(): AsyncIterable<Uint8Array> {}

/** The session name CloudTrail shows in the customer's account: which connector read. */
export function roleSessionNameOf(connectorId: string): string {
  return `s3-import-${connectorId}`.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
}

/**
 * Credentials of the connector's role through STS AssumeRole with its external
 * ID. An STS refusal becomes `role_not_assumable` with what to check. The S3
 * client memoises them and refreshes them shortly before they expire.
 */
export function assumedRoleCredentials(connector: Connector): AwsCredentialIdentityProvider {
  let roleArn: string;
  try {
    roleArn = buildRoleArn(parseRoleArn(connector.roleArn));
  } catch (error) {
    const reason = (error as Error).message;
    return async () => {
      throw new ConnectorError('role_not_assumable', reason, { cause: error });
    };
  }
  const provider = fromTemporaryCredentials({
    params: {
      RoleArn: roleArn,
      ExternalId: connector.externalId,
      RoleSessionName: roleSessionNameOf(connector.connectorId),
      DurationSeconds: 3600,
    },
    clientConfig: { region: connector.region },
  });
  return async (properties) => {
    try {
      return await provider(properties);
    } catch (error) {
      throw translateStsError(error, connector, roleArn);
    }
  };
}

function translateStsError(error: unknown, connector: Connector, roleArn: string): Error {
  const name = (error as AwsErrorShape).name ?? '';
  if (name === 'AccessDenied' || name === 'AccessDeniedException') {
    return new ConnectorError(
      'role_not_assumable',
      `The platform cannot assume ${roleArn}: the role does not exist, or its trust policy does not allow this platform with external ID "${connector.externalId}". Recreate the role with the trust policy the product printed for this connector.`,
      { cause: error },
    );
  }
  if (expiredNames.has(name)) {
    return new ConnectorError(
      'credentials_expired',
      'The platform’s own credentials expired while assuming the customer role; the next sync tries again.',
      { cause: error },
    );
  }
  if (name === 'RegionDisabledException') {
    return new ConnectorError(
      'role_not_assumable',
      `STS is not enabled in region ${connector.region} of the platform's account, so ${roleArn} cannot be assumed there. Activate STS in that region or change the connector's region.`,
      { cause: error },
    );
  }
  return new TransientError(
    `STS did not answer while assuming ${roleArn} (${name || 'no response'}).`,
    error,
  );
}

/**
 * Retries of the clients that read customers' buckets: throttling (`SlowDown`)
 * and 5xx are retried with backoff, adaptive mode slowing the client down,
 * before the error reaches the sync as `throttled` or transient.
 */
export const customerS3Retries = { maxAttempts: 5, retryMode: 'adaptive' } as const;

function withServerDate(client: S3Client): S3Client {
  client.middlewareStack.add(serverDateMiddleware as never, {
    step: 'initialize',
    name: 'serverDateMiddleware',
  });
  return client;
}

/**
 * Object stores per connector, one S3 client each, built once per container and
 * reused while the connector's role, external ID, region, bucket and folder stay
 * the same.
 * Local mode (`config.local` set): every connector reads the embedded S3 server
 * with its fixed local credentials; no role is assumed, so trust policies and
 * external IDs are not exercised locally. `pageSize` is ListObjectsV2's MaxKeys
 * (S3 returns at most 1,000, its default).
 */
export function createS3ObjectStoreFactory(
  config: DeploymentConfig,
  options: { pageSize?: number } = {},
): ObjectStoreFactory {
  const local = config.local;
  // Limitation: locally no role is assumed, so a wrong trust policy or external ID
  // only shows in AWS.
  const localClient = local ? withServerDate(localS3Client(local)) : undefined;
  // Limitation: one client per connector stays cached for the container's life.
  const stores = new Map<string, S3ObjectStore>();
  return (connector) => {
    // The bucket and folder are in the key too: the store names them in its error messages.
    const cacheKey = [
      connector.connectorId,
      connector.roleArn,
      connector.externalId,
      connector.region,
      connector.bucket,
      connector.folder,
    ].join('\u0000');
    let store = stores.get(cacheKey);
    if (!store) {
      const client =
        localClient ??
        withServerDate(
          new S3Client({
            region: connector.region,
            credentials: assumedRoleCredentials(connector),
            ...customerS3Retries,
            // Bounds on one attempt; the timeout is per idle socket, not per body. The
            // sync's deadline also aborts a listing request in flight, retries and all.
            requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
          }),
        );
      store = new S3ObjectStore(client, connector, options.pageSize);
      stores.set(cacheKey, store);
    }
    return store;
  };
}
