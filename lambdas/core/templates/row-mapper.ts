import type { RowError } from '../model';
import { type CompiledCondition, isEmptyValue } from './conditions';
import { buildRecordKey } from './record-key';
import type { SourceReader } from './source-reader';
import { type Converter, describeValue, originalText, ValueProblem } from './value-problem';

/** What one row became. */
export type RowOutcome =
  | { kind: 'record'; recordType: string; recordKey?: string; data: Record<string, unknown> }
  | { kind: 'ignored' }
  | { kind: 'rejected'; errors: RowError[] };

/** One field of a compiled template: where it reads from and how it converts. */
export interface FieldPlan {
  name: string;
  /** The field's source column, path or column number, as the template names it. */
  source: string;
  read: SourceReader;
  convert: Converter;
  isRequired: boolean;
  hasDefault: boolean;
  defaultValue: unknown;
  /** Message of the `required` row error, built once rather than on every failing row. */
  requiredMessage: string;
}

/** A condition with the reader of the value it tests. */
export interface ConditionPlan extends CompiledCondition {
  /** Reads the source value; for a field condition, the source of that field. */
  read: SourceReader;
  /** For a field condition, the index of its field in the template's fields. */
  fieldIndex: number;
}

/** Everything the mapping of one row needs, built once per template. */
export interface MappingPlan {
  fields: FieldPlan[];
  sourceConditions: ConditionPlan[];
  fieldConditions: ConditionPlan[];
  recordType: string;
  primaryKey: string[];
  requiredFields: Set<string>;
}

/**
 * Maps a row from its raw values: `fieldRaws[i]` is the source value of field
 * `i`, `conditionRaws[i]` that of source condition `i`. The arrays may be
 * reused by the caller once the call returns.
 */
export type RawMapper = (
  fieldRaws: readonly unknown[],
  conditionRaws: readonly unknown[],
  row: number,
) => RowOutcome;

const ignored: RowOutcome = Object.freeze({ kind: 'ignored' });

/** Adds to a row's errors, creating the list only for rows that have one. */
function append(errors: RowError[] | undefined, error: RowError): RowError[] {
  if (errors === undefined) {
    return [error];
  }
  errors.push(error);
  return errors;
}

/** The row error of a JSON row that is not an object. */
export function notAnObject(values: unknown, row: number): RowError {
  return {
    row,
    code: 'invalid_row',
    message: `The row is ${describeValue(values)}, not an object of columns; each JSON row must be an object.`,
    value: originalText(values),
  };
}

function rejection(condition: ConditionPlan, row: number, value: unknown): RowError {
  return {
    row,
    field: condition.target,
    code: 'condition_rejected',
    message: condition.message,
    value: originalText(value),
  };
}

/**
 * The row mapping shared by header-keyed objects and column cells. Hot: it runs
 * on every row of every file, so it reads from arrays by index, allocates the
 * error list only for failing rows and returns shared objects where it can.
 */
export function createRawMapper(plan: MappingPlan): RawMapper {
  const { fields, sourceConditions, fieldConditions, recordType, primaryKey, requiredFields } =
    plan;
  const hasKey = primaryKey.length > 0;
  const fieldCount = fields.length;

  return (fieldRaws, conditionRaws, row) => {
    let errors: RowError[] | undefined;

    for (let index = 0; index < sourceConditions.length; index += 1) {
      const condition = sourceConditions[index];
      const value = conditionRaws[index];
      if (condition.matches(value)) {
        if (condition.action === 'ignore') {
          return ignored;
        }
        errors = append(errors, rejection(condition, row, value));
      }
    }

    const data: Record<string, unknown> = {};
    let failed: Set<string> | undefined;
    for (let index = 0; index < fieldCount; index += 1) {
      const field = fields[index];
      const raw = fieldRaws[index];
      if (isEmptyValue(raw)) {
        if (field.hasDefault) {
          data[field.name] = field.defaultValue;
        } else if (field.isRequired) {
          errors = append(errors, {
            row,
            field: field.name,
            code: 'required',
            message: field.requiredMessage,
            value: originalText(raw ?? undefined),
          });
        }
        continue;
      }
      const value = field.convert(raw);
      if (value instanceof ValueProblem) {
        errors = append(errors, {
          row,
          field: field.name,
          code: value.code,
          message: `Field "${field.name}": ${value.message}`,
          value: originalText(raw),
        });
        failed = failed ?? new Set();
        failed.add(field.name);
      } else {
        data[field.name] = value;
      }
    }

    for (const condition of fieldConditions) {
      if (failed?.has(condition.target)) {
        continue;
      }
      if (condition.matches(data[condition.target])) {
        if (condition.action === 'ignore') {
          return ignored;
        }
        errors = append(errors, rejection(condition, row, fieldRaws[condition.fieldIndex]));
      }
    }

    const key = hasKey ? buildRecordKey(primaryKey, data, row, failed, requiredFields) : undefined;
    if (Array.isArray(key)) {
      errors = errors ? errors.concat(key) : key;
    }
    if (errors) {
      return { kind: 'rejected', errors };
    }
    return { kind: 'record', recordType, recordKey: key as string | undefined, data };
  };
}
