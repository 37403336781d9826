import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileTemplate } from '../../../lambdas/core/templates/compile';
import { buildTemplate, expectCellsMapLikeKeyedRows } from './helpers';

const template = buildTemplate({
  fields: [
    { name: 'id', source: 'ID', type: 'integer', required: true },
    { name: 'amount', source: 'Amount', type: 'decimal', default: '0' },
    { name: 'when', source: 'When', type: 'timestamp' },
    { name: 'mail', source: 'Mail', type: 'email' },
    { name: 'state', source: 'State', type: 'enum', values: ['open', 'closed'] },
    { name: 'flag', source: 'Flag', type: 'boolean' },
    { name: 'proto', source: '__proto__' },
    { name: 'inherited', source: 'toString' },
  ],
  conditions: [
    { action: 'ignore', source: 'Skip', operator: 'equals', value: 'yes' },
    { action: 'reject', field: 'amount', operator: 'lt', value: 0, message: 'Negative.' },
  ],
  primaryKey: ['id', 'state'],
});
const compiled = compileTemplate(template);

const cellText = fc.oneof(
  fc.constantFrom('', ' ', '7', '-3', '12.50', 'open', 'closed', 'yes', 'no', 'x#y'),
  fc.constantFrom('2026-03-05T10:00:00Z', '2026-02-30T10:00:00Z', 'a@Example.COM', 'bad@'),
  fc.string({ maxLength: 8 }),
);

describe('compileTemplate bindColumns', () => {
  it('maps cells exactly as mapRow maps the same row keyed by header name', () => {
    const columnSets = fc
      .shuffledSubarray(['ID', 'Amount', 'When', 'Mail', 'State', 'Flag', 'Skip', 'Other'])
      .chain((names) =>
        fc.tuple(
          fc.constant(names),
          fc.array(fc.array(cellText, { maxLength: names.length }), { maxLength: 8 }),
        ),
      );

    expectCellsMapLikeKeyedRows(compiled, columnSets, 300);
  });

  it('reads a cell missing from a short row as empty, so a required field is reported', () => {
    const mapCells = compiled.bindColumns(['Amount', 'ID']);

    const outcome = mapCells(['5'], 4);

    expect(outcome).toEqual({
      kind: 'rejected',
      errors: [
        {
          row: 4,
          field: 'id',
          code: 'required',
          message: 'Field "id" is required and its value is missing or empty.',
          value: '',
        },
      ],
    });
  });

  it('reads a column named "__proto__" as missing, as a header-keyed row does', () => {
    const mapCells = compiled.bindColumns(['ID', 'State', '__proto__']);

    const outcome = mapCells(['1', 'open', 'kept out'], 2);

    expect(outcome).toEqual({
      kind: 'record',
      recordType: 'order',
      recordKey: '1#open',
      data: { id: 1, amount: '0', state: 'open' },
    });
  });
});
