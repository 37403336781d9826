import type { RowError } from '../model';

/**
 * DynamoDB refuses items over 400 KiB (409,600 bytes). A record estimated
 * over this limit, 405,504 bytes, is rejected as a row (`record_too_large`)
 * before it is written, instead of failing the batch: the 4 KiB margin leaves
 * room for the key and bookkeeping attributes.
 */
export const maxRecordItemBytes = 400 * 1024 - 4 * 1024;

/** Three bytes per UTF-16 unit bounds UTF-8; long strings are measured exactly. */
function stringBytesBound(text: string): number {
  return text.length * 3 > 64 * 1024 ? Buffer.byteLength(text, 'utf8') : text.length * 3;
}

/**
 * An upper bound of a record's stored size by DynamoDB's rules: a map or
 * list costs 3 bytes plus 1 per element, a map entry its name too, a string
 * its UTF-8 length, a number at most 21 bytes and true, false or null 1 (21
 * is counted). Cheap for the flat records that dominate imports.
 */
export function estimateRecordBytes(data: Record<string, unknown>): number {
  let total = 3;
  for (const key in data) {
    total += 1 + key.length * 3 + valueBytesBound(data[key]);
  }
  return total;
}

/**
 * One value's part of `estimateRecordBytes`. Nested values are walked with a
 * stack of their own, so no depth of nesting can overflow the call stack.
 */
export function valueBytesBound(value: unknown): number {
  if (typeof value === 'string') return stringBytesBound(value);
  if (typeof value !== 'object' || value === null) return 21;
  let total = 0;
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === 'string') {
      total += stringBytesBound(next);
    } else if (Array.isArray(next)) {
      total += 3 + next.length;
      for (const element of next) pending.push(element);
    } else if (typeof next === 'object' && next !== null) {
      total += 3;
      for (const [key, inner] of Object.entries(next)) {
        total += 1 + key.length * 3;
        pending.push(inner);
      }
    } else {
      total += 21;
    }
  }
  return total;
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
