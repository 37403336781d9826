import { InvalidInputError } from '../errors';
import { type CellMapper, createCellMapper } from './cell-mapper';
import { compileCondition } from './conditions';
import { blankTextResult, compileConverter } from './converters';
import {
  type ConditionPlan,
  createRawMapper,
  type FieldPlan,
  type MappingPlan,
  notAnObject,
  type RowOutcome,
} from './row-mapper';
import type { Template } from './schema';
import { sourceReader } from './source-reader';
import { validateTemplate } from './validate';
import { ValueProblem } from './value-problem';

export type { CellMapper } from './cell-mapper';
export type { RowOutcome } from './row-mapper';

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
  /**
   * A mapper for the rows of a delimited file with these header columns, read
   * as cells: the same outcomes as `mapRow` on the header-keyed row, faster.
   * Rows with values beyond the named columns must go through `mapRow`.
   */
  bindColumns(columns: readonly string[]): CellMapper;
}

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
    source: field.source,
    read: sourceReader(field.source),
    convert,
    isRequired: field.required,
    hasDefault,
    blankText: blankTextResult(field),
    // Shared by every record of the file, so no record may change it for the others.
    defaultValue: deepFreeze(structuredClone(defaultValue)),
    requiredMessage: `Field "${field.name}" is required and its value is missing or empty.`,
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
  const conditions = (valid.conditions ?? []).map((condition): ConditionPlan => {
    const fieldIndex = valid.fields.findIndex((field) => field.name === condition.field);
    return {
      ...compileCondition(condition),
      read: sourceReader(condition.source ?? valid.fields[fieldIndex]?.source ?? ''),
      fieldIndex,
    };
  });
  const plan: MappingPlan = {
    fields,
    sourceConditions: conditions.filter((condition) => !condition.onField),
    fieldConditions: conditions.filter((condition) => condition.onField),
    recordType: valid.recordType,
    primaryKey: valid.primaryKey,
    requiredFields: new Set(
      valid.fields.filter((field) => field.required).map((field) => field.name),
    ),
  };
  const mapRaws = createRawMapper(plan);

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
      ...plan.sourceConditions.map((condition) => condition.target),
    ]),
  ];

  // Reused across rows: the mapper copies what it keeps before returning.
  const fieldRaws: unknown[] = fields.map(() => undefined);
  const conditionRaws: unknown[] = plan.sourceConditions.map(() => undefined);
  function mapRow(values: Record<string, unknown>, row: number): RowOutcome {
    // A JSON lines file may hold a bare number, text or null on a line.
    if (typeof values !== 'object' || values === null) {
      return { kind: 'rejected', errors: [notAnObject(values, row)] };
    }
    for (let index = 0; index < fields.length; index += 1) {
      fieldRaws[index] = fields[index].read(values);
    }
    for (let index = 0; index < conditionRaws.length; index += 1) {
      conditionRaws[index] = plan.sourceConditions[index].read(values);
    }
    return mapRaws(fieldRaws, conditionRaws, row);
  }

  return {
    template,
    requiredColumns,
    sourceColumns,
    mapRow,
    bindColumns: (columns) => createCellMapper(plan, mapRaws, columns),
  };
}

/**
 * The required columns of `compiled` that a header lacks, in template order.
 * Header names are compared after `normaliseHeaderName`.
 */
export function findMissingColumns(compiled: CompiledTemplate, headerColumns: string[]): string[] {
  const present = new Set(headerColumns.map(normaliseHeaderName));
  return compiled.requiredColumns.filter((column) => !present.has(column));
}

/**
 * The other columns of `compiled` (optional fields, conditions) that a header
 * lacks: the file imports, but their fields are left out of every record.
 */
export function findAbsentColumns(compiled: CompiledTemplate, headerColumns: string[]): string[] {
  const present = new Set(headerColumns.map(normaliseHeaderName));
  const required = new Set(compiled.requiredColumns);
  return compiled.sourceColumns.filter((column) => !present.has(column) && !required.has(column));
}
