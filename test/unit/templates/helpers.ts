import fc from 'fast-check';
import { expect } from 'vitest';
import {
  type CompiledTemplate,
  compileTemplate,
  type RowOutcome,
} from '../../../lambdas/core/templates/compile';
import type {
  FieldSettings,
  Template,
  TemplateInput,
} from '../../../lambdas/core/templates/schema';
import { validateTemplate } from '../../../lambdas/core/templates/validate';

/** A valid template input with one string field, to vary in each test. */
export function templateInput(overrides: Partial<Record<keyof TemplateInput, unknown>> = {}) {
  return {
    templateId: 'orders',
    name: 'Orders',
    recordType: 'order',
    fields: [{ name: 'id', source: 'ID' }],
    ...overrides,
  } as TemplateInput;
}

/** A stored-looking template built from settings, validated like a saved one. */
export function buildTemplate(
  overrides: Partial<Record<keyof TemplateInput, unknown>> = {},
): Template {
  return {
    ...validateTemplate(templateInput(overrides)),
    version: 1,
    createdAt: '2026-12-01T00:00:00.000Z',
  };
}

/** Maps `raw` through a template of the single field `field` (source "v"). */
export function mapValue(field: Partial<FieldSettings>, raw: unknown): RowOutcome {
  const compiled = compileTemplate(
    buildTemplate({ fields: [{ name: 'value', source: 'v', ...field }] }),
  );
  return compiled.mapRow(raw === undefined ? {} : { v: raw }, 2);
}

/** The converted value, or the thrown outcome when the row was not a record. */
export function convert(field: Partial<FieldSettings>, raw: unknown): unknown {
  const outcome = mapValue(field, raw);
  if (outcome.kind !== 'record') {
    throw new Error(`expected a record, got ${JSON.stringify(outcome)}`);
  }
  return outcome.data.value;
}

/** The single row error of a rejected value. */
export function errorOf(field: Partial<FieldSettings>, raw: unknown) {
  const outcome = mapValue(field, raw);
  if (outcome.kind !== 'rejected' || outcome.errors.length !== 1) {
    throw new Error(`expected one row error, got ${JSON.stringify(outcome)}`);
  }
  return outcome.errors[0];
}

/** The issues `validateTemplate` lists for `input`, as "path: message" lines. */
export function issuesOf(input: unknown): string[] {
  try {
    validateTemplate(input);
  } catch (error) {
    const issues = (error as { details?: { issues?: { path: string; message: string }[] } }).details
      ?.issues;
    return (issues ?? []).map((issue) => `${issue.path}: ${issue.message}`);
  }
  return [];
}

/** The header-keyed object the CSV reader builds from the same cells. */
export function keyedRow(columns: string[], cells: string[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  columns.forEach((column, index) => {
    values[column] = index < cells.length ? cells[index] : '';
  });
  return values;
}

/**
 * Asserts that `compiled.bindColumns(columns)` maps every generated row of
 * cells to exactly what `mapRow` gives the same row keyed by header name.
 */
export function expectCellsMapLikeKeyedRows(
  compiled: CompiledTemplate,
  columnSets: fc.Arbitrary<[string[], string[][]]>,
  numRuns: number,
): void {
  fc.assert(
    fc.property(columnSets, ([columns, rows]) => {
      const mapCells = compiled.bindColumns(columns);

      rows.forEach((cells, index) => {
        const expected = compiled.mapRow(keyedRow(columns, cells), index + 2);
        expect(mapCells(cells, index + 2)).toStrictEqual(expected);
      });
    }),
    { numRuns },
  );
}
