import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { compileTemplate } from '../../../lambdas/core/templates/compile';
import { buildTemplate, expectCellsMapLikeKeyedRows } from './helpers';

/** A template every feature of which the generated fast path must reproduce. */
const template = buildTemplate({
  fields: [
    { name: 'id', source: 'ID', type: 'integer', required: true },
    { name: 'amount', source: 'Amount', type: 'decimal', default: '0' },
    { name: 'when', source: 'When', type: 'timestamp' },
    { name: 'mail', source: 'Mail', type: 'email' },
    { name: 'state', source: 'State', type: 'enum', values: ['open', 'closed'] },
    { name: 'flag', source: 'Flag', type: 'boolean', default: false },
    { name: 'note', source: 'Note', default: null },
  ],
  conditions: [
    { action: 'ignore', source: 'Skip', operator: 'equals', value: 'yes' },
    { action: 'reject', source: 'Gate', operator: 'equals', value: 'closed', message: 'Closed.' },
    { action: 'reject', field: 'amount', operator: 'lt', value: 0, message: 'Negative.' },
  ],
  primaryKey: ['id', 'state'],
});
const compiled = compileTemplate(template);

const anyText = fc.oneof(
  fc.constantFrom('', ' ', '7', '-3', '12.50', '-0.0', 'open', 'closed', 'yes', 'no', 'x#y'),
  fc.constantFrom('2026-03-05T10:00:00Z', '2026-02-30T10:00:00Z', 'a@Example.COM', 'bad@'),
  fc.string({ maxLength: 8 }),
);

/** Mostly values each column accepts, so that most rows are clean, and anything now and then. */
const validText: Record<string, fc.Arbitrary<string>> = {
  ID: fc.constantFrom('7', '-3', '12', '0'),
  Amount: fc.constantFrom('12.50', '-0.0', '-2', '3', ''),
  When: fc.constantFrom('2026-03-05T10:00:00Z', '2026-03-05 10:00', '2026-03-05T10:00:00+02:00'),
  Mail: fc.constantFrom('a@Example.COM', 'b.c@d.org'),
  State: fc.constantFrom('open', 'closed'),
  Flag: fc.constantFrom('yes', 'no', 'TRUE', ''),
  Note: fc.constantFrom('x#y', 'plain', ' padded ', ''),
  Skip: fc.constantFrom('no', '', 'yes'),
  Gate: fc.constantFrom('open', '', 'closed'),
};
const cellFor = (column: string) =>
  fc.oneof({ arbitrary: validText[column], weight: 9 }, { arbitrary: anyText, weight: 1 });

describe('clean rows through the generated mapper', () => {
  it('maps every row exactly as mapRow maps it keyed by header name', () => {
    const columnSets = fc
      .shuffledSubarray(['ID', 'Amount', 'When', 'Mail', 'State', 'Flag', 'Note', 'Skip', 'Gate'], {
        minLength: 2,
      })
      .map((names) => (names.includes('ID') ? names : ['ID', ...names]))
      .chain((names) =>
        fc.tuple(
          fc.constant(names),
          fc.array(
            fc
              .tuple(...names.map(cellFor))
              .chain((cells) =>
                fc.integer({ min: 0, max: cells.length }).map((width) => cells.slice(0, width)),
              ),
            { maxLength: 10 },
          ),
        ),
      );

    expectCellsMapLikeKeyedRows(compiled, columnSets, 500);
  });

  it('treats blank cells as the general mapper does, whatever the type makes of blank text', () => {
    // Blank text is a problem to typed converters, '' to trimmed strings, and a value to
    // untrimmed strings and to an enum that allows ''.
    const blankTemplate = buildTemplate({
      fields: [
        { name: 'id', source: 'ID', type: 'integer', required: true },
        { name: 'day', source: 'Day', type: 'date', default: '2026-01-01' },
        { name: 'raw', source: 'Raw', trim: false },
        { name: 'code', source: 'Code', type: 'enum', values: ['', 'A'] },
        { name: 'meta', source: 'Meta', type: 'json', default: { none: true } },
        { name: 'label', source: 'Label', default: 'n/a' },
      ],
    });
    const blankCell = fc.constantFrom('', ' ', '\t', '\u00a0', '  \r ');
    const cell = (valid: fc.Arbitrary<string>) => fc.oneof(valid, blankCell, anyText);
    const columns = ['ID', 'Day', 'Raw', 'Code', 'Meta', 'Label'];
    const rows = fc.array(
      fc.tuple(
        cell(fc.constantFrom('1', '22')),
        cell(fc.constantFrom('2026-03-05', '2026-02-30')),
        cell(fc.constantFrom('x', ' y ')),
        cell(fc.constantFrom('A', 'a')),
        cell(fc.constantFrom('{"a":1}', '[1]', 'null')),
        cell(fc.constantFrom('label', ' spaced ')),
      ),
      { maxLength: 10 },
    );

    expectCellsMapLikeKeyedRows(
      compileTemplate(blankTemplate),
      rows.map((cells) => [columns, cells]),
      300,
    );
  });

  it('rejects a record too large for a destination item, as the general mapper does', () => {
    const mapCells = compiled.bindColumns(['ID', 'State', 'Note']);
    const note = 'é'.repeat(210_000);

    const outcome = mapCells(['8', 'open', note], 4);

    expect(outcome).toStrictEqual(compiled.mapRow({ ID: '8', State: 'open', Note: note }, 4));
    expect(outcome).toMatchObject({
      kind: 'rejected',
      errors: [{ row: 4, code: 'record_too_large' }],
    });
    // Three bytes per character would exceed the limit; the exact size does not.
    expect(mapCells(['8', 'open', 'a'.repeat(140_000)], 5)).toMatchObject({ kind: 'record' });
  });

  it('gives a clean row its converted values, defaults for empty cells and a record key', () => {
    const mapCells = compiled.bindColumns(['ID', 'Amount', 'When', 'State', 'Mail']);

    const outcome = mapCells(['12', '', '2026-03-05 10:00', 'open', 'Ann@Example.com'], 2);

    expect(outcome).toStrictEqual({
      kind: 'record',
      recordType: 'order',
      recordKey: '12#open',
      data: {
        id: 12,
        amount: '0',
        when: '2026-03-05T10:00:00.000Z',
        mail: 'Ann@example.com',
        state: 'open',
        flag: false,
        note: null,
      },
    });
  });

  it('leaves an optional field with an empty cell and no default out of the record', () => {
    const mapCells = compiled.bindColumns(['ID', 'State', 'Mail']);

    const outcome = mapCells(['3', 'closed', '  '], 5);

    expect(outcome).toMatchObject({ kind: 'record', recordKey: '3#closed' });
    expect(outcome.kind === 'record' && 'mail' in outcome.data).toBe(false);
  });

  it('rejects a bad value and reports a matching condition as the general mapper does', () => {
    const mapCells = compiled.bindColumns(['ID', 'Amount', 'State', 'Gate']);

    expect(mapCells(['x', '-5', 'open', 'closed'], 9)).toStrictEqual({
      kind: 'rejected',
      errors: [
        {
          row: 9,
          field: 'Gate',
          code: 'condition_rejected',
          message: 'Closed.',
          value: 'closed',
        },
        {
          row: 9,
          field: 'id',
          code: 'invalid_integer',
          message: 'Field "id": "x" is not a whole number (digits with an optional sign).',
          value: 'x',
        },
        {
          row: 9,
          field: 'amount',
          code: 'condition_rejected',
          message: 'Negative.',
          value: '-5',
        },
      ],
    });
    expect(mapCells(['1', '5', 'open', 'yes'], 3)).toMatchObject({ kind: 'record' });
  });

  it('maps without generating code where the runtime forbids it', () => {
    const spy = vi.spyOn(globalThis, 'Function').mockImplementation(function refuse() {
      throw new EvalError('Code generation from strings disallowed for this context');
    });
    try {
      const mapCells = compileTemplate(template).bindColumns(['ID', 'State']);

      expect(mapCells(['4', 'open'], 2)).toMatchObject({ kind: 'record', recordKey: '4#open' });
      expect(spy).toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });
});
