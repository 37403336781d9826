import { compareDecimals, numberToDecimal, parsePlainDecimal } from './decimal';
import type { Condition, ConditionOperator } from './schema';

/** A condition with its regular expression, sets and number parsed once. */
export interface CompiledCondition {
  action: 'ignore' | 'reject';
  /** The source column or field name it tests, as the template names it. */
  target: string;
  /** Whether it tests a typed field (after conversion) or a raw source value. */
  onField: boolean;
  /** The message of the row error a matching `reject` condition produces. */
  message: string;
  matches(value: unknown): boolean;
}

/** Missing, null, or text that is only whitespace. */
export function isEmptyValue(value: unknown): boolean {
  if (typeof value === 'string') {
    // Runs on every cell: a visible ASCII first character settles it without trimming.
    const first = value.charCodeAt(0);
    return !(first > 32 && first < 127) && value.trim() === '';
  }
  return value === undefined || value === null;
}

function textOf(value: unknown): string {
  if (typeof value === 'string') {
    return value.trim();
  }
  if (value === undefined || value === null) {
    return '';
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function decimalOf(value: unknown): string | undefined {
  if (typeof value === 'number') {
    return numberToDecimal(value);
  }
  return typeof value === 'string' ? parsePlainDecimal(value) : undefined;
}

const operatorWords: Record<ConditionOperator, string> = {
  equals: 'equals',
  notEquals: 'does not equal',
  empty: 'is empty',
  notEmpty: 'is not empty',
  matches: 'matches',
  in: 'is one of',
  notIn: 'is not one of',
  gt: 'is greater than',
  gte: 'is at least',
  lt: 'is less than',
  lte: 'is at most',
};

function describeCondition(condition: Condition): string {
  const target = condition.field
    ? `field "${condition.field}"`
    : `column "${condition.source ?? ''}"`;
  const operand =
    condition.operator === 'matches'
      ? ` /${condition.pattern}/`
      : condition.values
        ? ` ${condition.values.map((value) => JSON.stringify(value)).join(', ')}`
        : condition.value === undefined
          ? ''
          : ` ${JSON.stringify(condition.value)}`;
  return `${target} ${operatorWords[condition.operator]}${operand}`;
}

function comparison(condition: Condition): (value: unknown) => boolean {
  const limit = decimalOf(condition.value);
  if (limit === undefined) {
    return () => false;
  }
  const accepts: Record<string, (order: number) => boolean> = {
    gt: (order) => order > 0,
    gte: (order) => order >= 0,
    lt: (order) => order < 0,
    lte: (order) => order <= 0,
  };
  const accept = accepts[condition.operator];
  // A value that is not a number never satisfies a numeric comparison.
  return (value) => {
    const decimal = decimalOf(value);
    return decimal !== undefined && accept(compareDecimals(decimal, limit));
  };
}

function matcher(condition: Condition): (value: unknown) => boolean {
  const fold = condition.caseInsensitive
    ? (text: string) => text.toLowerCase()
    : (text: string) => text;
  switch (condition.operator) {
    case 'empty':
      return isEmptyValue;
    case 'notEmpty':
      return (value) => !isEmptyValue(value);
    case 'equals':
    case 'notEquals': {
      const expected = fold(textOf(condition.value));
      const isEquals = condition.operator === 'equals';
      return (value) => (fold(textOf(value)) === expected) === isEquals;
    }
    case 'in':
    case 'notIn': {
      const set = new Set((condition.values ?? []).map((value) => fold(textOf(value))));
      const isIn = condition.operator === 'in';
      return (value) => set.has(fold(textOf(value))) === isIn;
    }
    case 'matches': {
      // Limitation: a pattern prone to catastrophic backtracking (e.g. /(a+)+$/)
      // can slow an import down badly; only its length (1,000) is limited.
      const pattern = new RegExp(condition.pattern ?? '', condition.caseInsensitive ? 'iu' : 'u');
      return (value) => pattern.test(textOf(value));
    }
    default:
      return comparison(condition);
  }
}

/**
 * Builds a condition's test. Expects a validated condition: an invalid
 * pattern throws a `SyntaxError` here, which validation reports first.
 */
export function compileCondition(condition: Condition): CompiledCondition {
  const description = describeCondition(condition);
  return {
    action: condition.action,
    target: condition.field ?? condition.source ?? '',
    onField: condition.field !== undefined,
    message: condition.message ?? `Row rejected because ${description}.`,
    matches: matcher(condition),
  };
}

/** Why a condition's pattern cannot be used, or undefined when it can. */
export function checkPattern(pattern: string, caseInsensitive?: boolean): string | undefined {
  try {
    new RegExp(pattern, caseInsensitive ? 'iu' : 'u');
    return undefined;
  } catch (error) {
    return `pattern ${JSON.stringify(pattern)} is not a valid regular expression: ${(error as Error).message}`;
  }
}
