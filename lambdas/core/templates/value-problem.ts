/**
 * Why one value could not be converted. Returned, not thrown: a bad value is
 * an ordinary outcome on a row, and throwing on every bad cell of a large file
 * would be slow.
 */
export class ValueProblem {
  constructor(
    readonly code: string,
    readonly message: string,
  ) {}
}

/** Turns one non-empty source value into a typed value, or a `ValueProblem`. */
export type Converter = (raw: unknown) => unknown;

/** Longest original value a row error keeps. */
export const maxErrorValueLength = 200;

/** Longest value quoted inside a message. */
const maxQuotedLength = 60;

/** The original value as text for a row error, at most 200 characters. */
export function originalText(raw: unknown): string | undefined {
  if (raw === undefined) {
    return undefined;
  }
  const text = typeof raw === 'string' ? raw : JSON.stringify(raw);
  if (text === undefined) {
    return String(raw);
  }
  return text.length > maxErrorValueLength ? text.slice(0, maxErrorValueLength) : text;
}

/** The value quoted for a message: `"12abc"`, `the number 1.5`, `an object`. */
export function describeValue(raw: unknown): string {
  if (typeof raw === 'string') {
    const shown = raw.length > maxQuotedLength ? `${raw.slice(0, maxQuotedLength)}…` : raw;
    return JSON.stringify(shown);
  }
  if (typeof raw === 'number' || typeof raw === 'boolean') {
    return `the ${typeof raw} ${String(raw)}`;
  }
  if (Array.isArray(raw)) {
    return 'an array';
  }
  return raw === null ? 'null' : 'an object';
}
