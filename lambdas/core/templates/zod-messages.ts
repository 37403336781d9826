import type { z } from 'zod';

function plural(count: number | bigint, word: string): string {
  return `${count} ${word}${Number(count) === 1 ? '' : 's'}`;
}

const units: Record<string, string> = { string: 'character', array: 'item', set: 'item' };

const typeNames: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
};

function sizeMessage(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code !== 'too_big' && issue.code !== 'too_small') return undefined;
  const isMax = issue.code === 'too_big';
  const limit = isMax ? issue.maximum : issue.minimum;
  const unit = units[issue.origin];
  if (unit) {
    if (issue.exact) return `must be exactly ${plural(limit, unit)}`;
    return `must have ${isMax ? 'at most' : 'at least'} ${plural(limit, unit)}`;
  }
  if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') {
    if (issue.inclusive === false) return `must be ${isMax ? 'less' : 'more'} than ${limit}`;
    return `must be ${limit} or ${isMax ? 'less' : 'more'}`;
  }
  return undefined;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the text ${JSON.stringify(value)}`;
  if (typeof value === 'object') return 'an object';
  return String(value);
}

/**
 * Zod's default messages in the words the rest of the template checks use
 * ("must be exactly 1 character", "must be 0 or more"). Pass it as the
 * `error` option of `safeParse`: messages a schema sets itself still win.
 * Undefined leaves Zod's own message, for issues not worded here.
 */
export function humanZodMessage(issue: z.core.$ZodRawIssue): string | undefined {
  const size = sizeMessage(issue);
  if (size) return size;
  if (issue.code === 'invalid_type') {
    const expected = typeNames[issue.expected] ?? issue.expected;
    return issue.input === undefined
      ? 'is required'
      : `must be ${expected}, not ${describe(issue.input)}`;
  }
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((key) => `"${key}"`).join(', ');
    return `unknown setting${issue.keys.length === 1 ? '' : 's'} ${keys}`;
  }
  if (issue.code === 'not_multiple_of' && issue.divisor === 1) return 'must be a whole number';
  return undefined;
}
