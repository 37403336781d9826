import { ImportError } from '../core/errors';

/** Errors that mean nothing answered at all, as opposed to an answer of the wrong kind. */
const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH']);

function isNoAnswer(error: unknown): boolean {
  const shape = error as { code?: string; name?: string; $metadata?: { httpStatusCode?: number } };
  if (networkCodes.has(String(shape?.code))) return true;
  const causes = (error as { errors?: unknown[] })?.errors ?? [];
  return causes.some((cause) => networkCodes.has(String((cause as { code?: string })?.code)));
}

const portsHint =
  '"s3-import start" (npm start) serves S3 and SQS on --s3-port (default 4566) and DynamoDB on --dynamodb-port (default 4567); pass the ports it printed.';

function portOf(endpoint: string): string {
  return new URL(endpoint).port;
}

/**
 * The error for a local SQS endpoint that did not give the deployment's
 * queues: nothing answers, something that is not SQS answers, or an SQS
 * server without this product's queues.
 */
export function sqsProblem(endpoint: string, error: unknown): ImportError {
  if (isNoAnswer(error)) {
    return new ImportError(
      'unreachable',
      `No local deployment answers at ${endpoint}: start one with "npm start" in another terminal, or pass the ports it uses.`,
      { cause: error },
    );
  }
  const name = (error as { name?: string })?.name ?? '';
  if (name.includes('NonExistentQueue') || name === 'QueueDoesNotExist') {
    return new ImportError(
      'unreachable',
      `The SQS server at ${endpoint} has no s3-import queues, so no local deployment runs there: start one with "npm start" in another terminal, or pass the ports it uses.`,
      { cause: error },
    );
  }
  return new ImportError(
    'unreachable',
    `Port ${portOf(endpoint)} (--s3-port) does not answer as S3 and SQS (${describe(error)}). ${portsHint}`,
    { cause: error },
  );
}

/** The error for a local DynamoDB endpoint that did not answer as the deployment's DynamoDB. */
export function dynamoProblem(endpoint: string, error: unknown): ImportError {
  if (isNoAnswer(error)) {
    return new ImportError(
      'unreachable',
      `No DynamoDB answers at ${endpoint} (--dynamodb-port ${portOf(endpoint)}). ${portsHint}`,
      { cause: error },
    );
  }
  const name = (error as { name?: string })?.name ?? '';
  if (name === 'ResourceNotFoundException') {
    return new ImportError(
      'unreachable',
      `The DynamoDB server at ${endpoint} has no s3-import tables, so it belongs to no local deployment. ${portsHint}`,
      { cause: error },
    );
  }
  return new ImportError(
    'unreachable',
    `Port ${portOf(endpoint)} (--dynamodb-port) does not answer as DynamoDB (${describe(error)}). ${portsHint}`,
    { cause: error },
  );
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `it answered: ${message.replace(/\.$/, '')}`;
}
