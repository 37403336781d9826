import { checkPattern } from './conditions';
import { numberToDecimal, parsePlainDecimal } from './decimal';
import type { Condition, ConditionOperator, FieldSettings } from './schema';
import type { TemplateIssue } from './validate';

/** Which operand each operator reads; the others must be absent. */
const operands: Record<ConditionOperator, 'value' | 'values' | 'pattern' | 'number' | 'none'> = {
  equals: 'value',
  notEquals: 'value',
  empty: 'none',
  notEmpty: 'none',
  matches: 'pattern',
  in: 'values',
  notIn: 'values',
  gt: 'number',
  gte: 'number',
  lt: 'number',
  lte: 'number',
};

function isNumeric(value: unknown): boolean {
  if (typeof value === 'number') {
    return numberToDecimal(value) !== undefined;
  }
  return typeof value === 'string' && parsePlainDecimal(value) !== undefined;
}

function checkOperand(condition: Condition, path: string): TemplateIssue[] {
  const needs = operands[condition.operator];
  const issues: TemplateIssue[] = [];
  const operator = JSON.stringify(condition.operator);

  if (needs === 'value' && condition.value === undefined) {
    issues.push({
      path: `${path}.value`,
      message: `operator ${operator} needs a value to compare with`,
    });
  }
  if (needs === 'number' && !isNumeric(condition.value)) {
    issues.push({
      path: `${path}.value`,
      message: `operator ${operator} needs a number to compare with, got ${JSON.stringify(condition.value) ?? 'nothing'}`,
    });
  }
  if (needs === 'values' && (condition.values === undefined || condition.values.length === 0)) {
    issues.push({
      path: `${path}.values`,
      message: `operator ${operator} needs a non-empty list of values`,
    });
  }
  if (needs === 'pattern') {
    const problem =
      condition.pattern === undefined
        ? `operator ${operator} needs a pattern (a regular expression)`
        : checkPattern(condition.pattern, condition.caseInsensitive);
    if (problem) {
      issues.push({ path: `${path}.pattern`, message: problem });
    }
  }

  const unused: [keyof Condition, boolean][] = [
    ['value', needs !== 'value' && needs !== 'number'],
    ['values', needs !== 'values'],
    ['pattern', needs !== 'pattern'],
  ];
  for (const [option, isUnused] of unused) {
    if (isUnused && condition[option] !== undefined) {
      issues.push({
        path: `${path}.${option}`,
        message: `is not used by operator ${operator}; remove it or change the operator`,
      });
    }
  }
  return issues;
}

/**
 * Problems of one well-formed condition: its target (exactly one of `source`
 * and `field`, and a field that exists), its operand and its message.
 */
export function checkCondition(
  condition: Condition,
  path: string,
  rawFields: unknown[],
  fields: (FieldSettings | undefined)[],
  isHeaderless: boolean,
): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  if (isHeaderless && condition.source !== undefined && !/^[1-9]\d*$/.test(condition.source)) {
    issues.push({
      path: `${path}.source`,
      message: `${JSON.stringify(condition.source)} must be a column number (1, 2, ...) because headerRow is 0 (the file has no header)`,
    });
  }
  const hasSource = condition.source !== undefined;
  const hasField = condition.field !== undefined;
  if (hasSource === hasField) {
    issues.push({
      path,
      message: 'set exactly one of "source" (a raw column) and "field" (a typed field)',
    });
  }
  if (hasField) {
    const names = rawFields.map((raw) => (raw as { name?: unknown } | null)?.name);
    const index = names.findIndex(
      (name) => typeof name === 'string' && name.trim() === condition.field,
    );
    if (index < 0) {
      const known = names.filter((name) => typeof name === 'string').join(', ');
      issues.push({
        path: `${path}.field`,
        message: `${JSON.stringify(condition.field)} is not a field of this template; fields: ${known}`,
      });
    } else if (fields[index]?.type === 'json' && operands[condition.operator] === 'number') {
      issues.push({
        path: `${path}.operator`,
        message: `${JSON.stringify(condition.operator)} compares numbers and cannot test the json field ${JSON.stringify(condition.field)}`,
      });
    }
  }
  if (condition.action === 'ignore' && condition.message !== undefined) {
    issues.push({
      path: `${path}.message`,
      message: 'only a "reject" condition has a message; an ignored row is skipped silently',
    });
  }
  return [...issues, ...checkOperand(condition, path)];
}
