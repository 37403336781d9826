import type { RowError } from '../model';
import { type CompiledCondition, isEmptyValue } from './conditions';
import { createRecordBuilder } from './record-builder';
import { buildRecordKey } from './record-key';
import { checkRecordSize } from './record-size';
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
  /** What `convert` makes of blank text (`blankTextResult`). */
  blankText: 'problem' | 'empty' | 'value';
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
    code: 'not_an_object',
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

/** Marks a field left out of the record: empty and optional, or not convertible. */
const absent = Symbol('absent');

/**
 * The row mapping shared by header-keyed objects and column cells. Hot: it runs
 * on every row of every file, so it reads from arrays by index, allocates the
 * error list only for failing rows and builds each record as one literal when
 * every field has a value.
 */
export function createRawMapper(plan: MappingPlan): RawMapper {
  const { fields, sourceConditions, fieldConditions, recordType, primaryKey, requiredFields } =
    plan;
  const hasKey = primaryKey.length > 0;
  const fieldCount = fields.length;
  const buildRecord = createRecordBuilder(fields.map((field) => field.name));
  // Reused across rows: every slot is written before it is read.
  const converted: unknown[] = fields.map(() => absent);

  function buildData(absentCount: number): Record<string, unknown> {
    if (absentCount === 0 && buildRecord) {
      return buildRecord(converted);
    }
    const data: Record<string, unknown> = {};
    for (let index = 0; index < fieldCount; index += 1) {
      const value = converted[index];
      if (value !== absent) {
        data[fields[index].name] = value;
      }
    }
    return data;
  }

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

    let absentCount = 0;
    let failed: Set<string> | undefined;
    for (let index = 0; index < fieldCount; index += 1) {
      const field = fields[index];
      const raw = fieldRaws[index];
      // A visible ASCII first character settles most cells without the full emptiness test.
      const first = typeof raw === 'string' ? raw.charCodeAt(0) : 0;
      if (!(first > 32 && first < 127) && isEmptyValue(raw)) {
        if (field.hasDefault) {
          converted[index] = field.defaultValue;
          continue;
        }
        if (field.isRequired) {
          errors = append(errors, {
            row,
            field: field.name,
            code: 'required',
            message: field.requiredMessage,
            value: originalText(raw ?? undefined),
          });
        }
        converted[index] = absent;
        absentCount += 1;
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
        converted[index] = absent;
        absentCount += 1;
      } else {
        converted[index] = value;
      }
    }

    for (const condition of fieldConditions) {
      if (failed?.has(condition.target)) {
        continue;
      }
      const value = converted[condition.fieldIndex];
      if (condition.matches(value === absent ? undefined : value)) {
        if (condition.action === 'ignore') {
          return ignored;
        }
        errors = append(errors, rejection(condition, row, fieldRaws[condition.fieldIndex]));
      }
    }

    const data = buildData(absentCount);
    const key = hasKey ? buildRecordKey(primaryKey, data, row, failed, requiredFields) : undefined;
    if (Array.isArray(key)) {
      errors = errors ? errors.concat(key) : key;
    }
    if (errors) {
      return { kind: 'rejected', errors };
    }
    const tooLarge = checkRecordSize(row, data);
    if (tooLarge) {
      return { kind: 'rejected', errors: [tooLarge] };
    }
    return { kind: 'record', recordType, recordKey: key as string | undefined, data };
  };
}
