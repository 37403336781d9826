import type { RowError } from '../model';

/**
 * DynamoDB refuses items over 400 KiB (409,600 bytes). A record estimated
 * over this limit, 405,504 bytes, is rejected as a row (`record_too_large`)
 * before it is written, instead of failing the batch: the 4 KiB margin leaves
 * room for the key and bookkeeping attributes.
 */
export const maxRecordItemBytes = 400 * 1024 - 4 * 1024;

/**
 * An upper-bound estimate of a record's stored size: UTF-8 string lengths
 * plus attribute names; nested values by their JSON length. Cheap for the
 * flat records that dominate imports.
 */
export function estimateRecordBytes(data: Record<string, unknown>): number {
  let total = 0;
  for (const key in data) {
    const value = data[key];
    total += key.length;
    if (typeof value === 'string' && value.length * 3 > 64 * 1024) {
      // Three bytes per UTF-16 unit bounds UTF-8; measure exactly only when it matters.
      total += Buffer.byteLength(value, 'utf8');
    } else {
      total += valueBytesBound(value);
    }
  }
  return total;
}

/**
 * A bound on one value's part of `estimateRecordBytes`, never below it:
 * strings at three bytes per UTF-16 unit, nested values by their JSON length.
 * A record whose keys and values add up to at most `maxRecordItemBytes` by
 * this bound fits without the full estimate.
 */
export function valueBytesBound(value: unknown): number {
  if (typeof value === 'string') return value.length * 3;
  if (typeof value === 'object' && value !== null) {
    return Buffer.byteLength(JSON.stringify(value), 'utf8');
  }
  return 21;
}

/**
 * The row error of a record too large for a destination item, or undefined
 * when it fits. The row mappers reject such rows with it, so the import and
 * `templates try` both do.
 */
export function checkRecordSize(row: number, data: Record<string, unknown>): RowError | undefined {
  if (estimateRecordBytes(data) <= maxRecordItemBytes) return undefined;
  return {
    row,
    code: 'record_too_large',
    message: `The record of row ${row} is larger than the destination item limit of ${maxRecordItemBytes.toLocaleString('en-US')} bytes; the row is rejected.`,
  };
}
