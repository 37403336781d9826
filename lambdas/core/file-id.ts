import { createHash } from 'node:crypto';

/**
 * Deterministic id of one object version. DynamoDB sort keys are limited to
 * 1,024 bytes and an S3 key alone may be that long, so the pair is hashed.
 */
export function fileIdOf(key: string, etag: string): string {
  return createHash('sha256').update(key).update('\u0000').update(etag).digest('hex');
}

/** Hash of an object key for logs, where keys may carry personal data. */
export function keyHashOf(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}
