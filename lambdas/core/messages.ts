import { z } from 'zod';
import { InvalidInputError } from './errors';
import type { Connector, FileTask } from './model';

const checkpointSchema = z
  .object({
    byteOffset: z.number().int().nonnegative(),
    rowsRead: z.number().int().nonnegative(),
    rowsImported: z.number().int().nonnegative(),
    rowsIgnored: z.number().int().nonnegative(),
    rowsRejected: z.number().int().nonnegative(),
    nextRowNumber: z.number().int().positive(),
  })
  .loose();

export const fileTaskSchema = z.object({
  connectorId: z.string().min(1),
  bucket: z.string().min(3).max(63),
  key: z.string().min(1),
  etag: z.string().min(1),
  size: z.number().int().nonnegative(),
  lastModified: z.iso.datetime({ offset: true }),
  checkpoint: checkpointSchema.optional(),
});

/** A request to sync one connector now, handed from the scheduled run to a lister. */
export interface SyncRequest {
  connectorId: string;
  /** Start of the scheduled cycle that asked for it: one sync per connector per cycle. */
  cycle: string;
}

export const syncRequestSchema = z.object({
  connectorId: z.string().min(1),
  cycle: z.string().min(1),
});

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.join('.') || '(message)'}: ${issue.message}`)
    .join('; ');
}

/** Parses a queue message body, naming each field that is wrong. */
export function parseFileTask(body: string): FileTask {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new InvalidInputError('The file message is not JSON.');
  }
  const parsed = fileTaskSchema.safeParse(json);
  if (!parsed.success) {
    throw new InvalidInputError(`The file message is invalid: ${describeIssues(parsed.error)}.`);
  }
  return parsed.data as FileTask;
}

export function parseSyncRequest(body: string): SyncRequest {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new InvalidInputError('The sync message is not JSON.');
  }
  const parsed = syncRequestSchema.safeParse(json);
  if (!parsed.success) {
    throw new InvalidInputError(`The sync message is invalid: ${describeIssues(parsed.error)}.`);
  }
  return parsed.data;
}

/**
 * Refuses a task that names another bucket or a key outside the connector's
 * folder: a forged or stale message must not read what the customer did not share.
 */
export function assertTaskInScope(task: FileTask, connector: Connector): void {
  if (task.bucket !== connector.bucket || !task.key.startsWith(connector.folder)) {
    throw new InvalidInputError(
      `The file message names s3://${task.bucket}/${task.key}, outside connector ${connector.connectorId}'s scope s3://${connector.bucket}/${connector.folder}.`,
    );
  }
}
