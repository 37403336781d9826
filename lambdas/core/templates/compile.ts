import { InvalidInputError } from '../errors';
import type { RowError } from '../model';
import { type CompiledCondition, compileCondition, isEmptyValue } from './conditions';
import { compileConverter } from './converters';
import { buildRecordKey } from './record-key';
import type { Template } from './schema';
import { type SourceReader, sourceReader } from './source-reader';
import { validateTemplate } from './validate';
import { type Converter, describeValue, originalText, ValueProblem } from './value-problem';

/** What one row became. */
export type RowOutcome =
  | { kind: 'record'; recordType: string; recordKey?: string; data: Record<string, unknown> }
  | { kind: 'ignored' }
  | { kind: 'rejected'; errors: RowError[] };

/** A template ready to map rows: patterns, parsers and lookups built once per file. */
export interface CompiledTemplate {
  template: Template;
  /** Source columns a header must contain: fields that are required and have no default. */
  requiredColumns: string[];
  /** Every source column the template reads (for the error message listing expected columns). */
  sourceColumns: string[];
  /**
   * Maps one row. `values` is keyed by header name, by 1-based column number
   * ('1', '2', ...) for a headerless file, or is the parsed JSON object. `row`
   * is the row number a spreadsheet shows, copied into every row error.
   */
  mapRow(values: Record<string, unknown>, row: number): RowOutcome;
}

interface FieldPlan {
  name: string;
  read: SourceReader;
  convert: Converter;
  isRequired: boolean;
  hasDefault: boolean;
  defaultValue: unknown;
}

interface ConditionPlan extends CompiledCondition {
  /** Reads the source value; for a field condition, the source of that field. */
  read: SourceReader;
}

const ignored: RowOutcome = Object.freeze({ kind: 'ignored' });

/** Header names as templates compare them: trimmed, without a byte order mark. */
export function normaliseHeaderName(name: string): string {
  const text = name.charCodeAt(0) === 0xfeff ? name.slice(1) : name;
  return text.trim();
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) {
      deepFreeze(inner);
    }
    Object.freeze(value);
  }
  return value;
}

function planField(field: Template['fields'][number]): FieldPlan {
  const convert = compileConverter(field);
  const hasDefault = field.default !== undefined;
  let defaultValue: unknown = field.default ?? null;
  if (hasDefault && field.default !== null) {
    defaultValue = convert(field.default);
    if (defaultValue instanceof ValueProblem) {
      throw new InvalidInputError(
        `Field "${field.name}" has an invalid default: ${defaultValue.message}`,
      );
    }
  }
  return {
    name: field.name,
    read: sourceReader(field.source),
    convert,
    isRequired: field.required,
    hasDefault,
    // Shared by every record of the file, so no record may change it for the others.
    defaultValue: deepFreeze(structuredClone(defaultValue)),
  };
}

/** Adds to a row's errors, creating the list only for rows that have one. */
function append(errors: RowError[] | undefined, error: RowError): RowError[] {
  if (errors === undefined) {
    return [error];
  }
  errors.push(error);
  return errors;
}

function notAnObject(values: unknown, row: number): RowError {
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
 * Compiles a template for mapping rows. It is validated again here, so a
 * template built in code gets the same checks as a saved one; throws
 * `InvalidInputError` when it is invalid.
 *
 * Rows: a row matching an `ignore` condition is ignored whatever else is wrong
 * with it; otherwise every field error and every matching `reject` condition
 * is collected, and any of them rejects the row. Conditions on a field whose
 * own value is invalid are not evaluated. An empty value takes the field's
 * default; with no default, a required field is an error (`required`) and an
 * optional field is left out of the record.
 */
export function compileTemplate(template: Template): CompiledTemplate {
  const valid = validateTemplate(template);
  const fields = valid.fields.map(planField);
  const conditions = (valid.conditions ?? []).map(
    (condition): ConditionPlan => ({
      ...compileCondition(condition),
      read: sourceReader(
        condition.source ??
          valid.fields.find((field) => field.name === condition.field)?.source ??
          '',
      ),
    }),
  );
  const sourceConditions = conditions.filter((condition) => !condition.onField);
  const fieldConditions = conditions.filter((condition) => condition.onField);
  const { recordType, primaryKey } = valid;

  const requiredFields = new Set(
    valid.fields.filter((field) => field.required).map((field) => field.name),
  );
  const requiredColumns = [
    ...new Set(
      valid.fields
        .filter((field) => field.required && field.default === undefined)
        .map((field) => field.source),
    ),
  ];
  const sourceColumns = [
    ...new Set([
      ...valid.fields.map((field) => field.source),
      ...sourceConditions.map((condition) => condition.target),
    ]),
  ];

  function mapRow(values: Record<string, unknown>, row: number): RowOutcome {
    // A JSON lines file may hold a bare number, text or null on a line.
    if (typeof values !== 'object' || values === null) {
      return { kind: 'rejected', errors: [notAnObject(values, row)] };
    }
    let errors: RowError[] | undefined;

    for (const condition of sourceConditions) {
      const value = condition.read(values);
      if (condition.matches(value)) {
        if (condition.action === 'ignore') {
          return ignored;
        }
        errors = append(errors, rejection(condition, row, value));
      }
    }

    const data: Record<string, unknown> = {};
    let failed: Set<string> | undefined;
    for (const field of fields) {
      const raw = field.read(values);
      if (isEmptyValue(raw)) {
        if (field.hasDefault) {
          data[field.name] = field.defaultValue;
        } else if (field.isRequired) {
          errors = append(errors, {
            row,
            field: field.name,
            code: 'required',
            message: `Field "${field.name}" is required and its value is missing or empty.`,
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
        errors = append(errors, rejection(condition, row, condition.read(values)));
      }
    }

    const key =
      primaryKey.length > 0
        ? buildRecordKey(primaryKey, data, row, failed, requiredFields)
        : undefined;
    if (Array.isArray(key)) {
      errors = errors ? errors.concat(key) : key;
    }
    if (errors) {
      return { kind: 'rejected', errors };
    }
    return { kind: 'record', recordType, recordKey: key as string | undefined, data };
  }

  return { template, requiredColumns, sourceColumns, mapRow };
}

/**
 * The required columns of `compiled` that a header lacks, in template order.
 * Header names are compared after `normaliseHeaderName`.
 */
export function findMissingColumns(compiled: CompiledTemplate, headerColumns: string[]): string[] {
  const present = new Set(headerColumns.map(normaliseHeaderName));
  return compiled.requiredColumns.filter((column) => !present.has(column));
}
