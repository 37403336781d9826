import type { RowError } from '../model';

/** Separates key parts; escaped inside a part, with the escape character itself. */
const separator = '#';

/** DynamoDB limits a sort key to 1,024 bytes. */
const maxKeyBytes = 1024;

function escapePart(text: string): string {
  if (!text.includes('\\') && !text.includes(separator)) {
    return text;
  }
  return text.replaceAll('\\', '\\\\').replaceAll(separator, `\\${separator}`);
}

/**
 * The record key of a row: the primary key fields' values in template order,
 * each with `\` and `#` escaped, joined by `#`, so that different values never
 * give the same key. Row errors when a key value is empty or the key is longer
 * than DynamoDB allows; undefined when a key field already has its own error
 * (failed conversion, or required and missing): the row is rejected for that.
 */
export function buildRecordKey(
  primaryKey: readonly string[],
  data: Record<string, unknown>,
  row: number,
  failed: ReadonlySet<string> | undefined,
  requiredFields: ReadonlySet<string>,
): string | RowError[] | undefined {
  // The common key: one number, or one text needing no escape and short enough to skip the byte count.
  if (primaryKey.length === 1 && failed === undefined) {
    const value = data[primaryKey[0]];
    if (
      typeof value === 'string' &&
      value !== '' &&
      value.length * 3 <= maxKeyBytes &&
      !value.includes(separator) &&
      !value.includes('\\')
    ) {
      return value;
    }
    if (typeof value === 'number') {
      return String(value);
    }
  }
  const parts: string[] = [];
  const errors: RowError[] = [];
  for (const name of primaryKey) {
    if (failed?.has(name)) {
      return undefined;
    }
    const value = data[name];
    const isEmpty = value === undefined || value === null || value === '';
    if (isEmpty && requiredFields.has(name) && value === undefined) {
      return undefined;
    }
    if (isEmpty) {
      errors.push({
        row,
        field: name,
        code: 'missing_primary_key',
        message: `Primary key field "${name}" is empty; every row needs a value for it.`,
      });
      continue;
    }
    parts.push(escapePart(String(value)));
  }
  if (errors.length > 0) {
    return errors;
  }

  const key = parts.join(separator);
  // A UTF-8 character takes at most 3 bytes per UTF-16 unit, so short keys skip the count.
  if (key.length * 3 > maxKeyBytes && Buffer.byteLength(key, 'utf8') > maxKeyBytes) {
    return [
      {
        row,
        field: primaryKey.join(', '),
        code: 'primary_key_too_long',
        message: `The primary key is ${Buffer.byteLength(key, 'utf8')} bytes long; at most ${maxKeyBytes} bytes are allowed.`,
        value: key.slice(0, 200),
      },
    ];
  }
  return key;
}
