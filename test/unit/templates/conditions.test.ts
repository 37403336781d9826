import { describe, expect, it } from 'vitest';
import { compileTemplate } from '../../../lambdas/core/templates/compile';
import type { Condition } from '../../../lambdas/core/templates/schema';
import { buildTemplate } from './helpers';

function compileWith(conditions: Partial<Condition>[]) {
  return compileTemplate(
    buildTemplate({
      fields: [
        { name: 'id', source: 'ID', type: 'integer', required: true },
        { name: 'kind', source: 'Kind' },
        { name: 'amount', source: 'Amount', type: 'decimal', thousandsSeparator: ',' },
      ],
      conditions,
    }),
  );
}

describe('ignore conditions', () => {
  it('ignore rows whose column equals a value, before any field is checked', () => {
    const compiled = compileWith([
      { action: 'ignore', source: 'ID', operator: 'equals', value: 'TOTAL' },
    ]);

    expect(compiled.mapRow({ ID: 'TOTAL', Amount: 'n/a' }, 9)).toEqual({ kind: 'ignored' });
    expect(compiled.mapRow({ ID: '1' }, 2)).toMatchObject({ kind: 'record' });
  });

  it('ignore rows matching a pattern, case-insensitively when asked', () => {
    const compiled = compileWith([
      { action: 'ignore', source: 'ID', operator: 'matches', pattern: '^#', caseInsensitive: true },
      {
        action: 'ignore',
        source: 'Kind',
        operator: 'matches',
        pattern: '^test',
        caseInsensitive: true,
      },
    ]);

    expect(compiled.mapRow({ ID: '# comment' }, 2)).toEqual({ kind: 'ignored' });
    expect(compiled.mapRow({ ID: '3', Kind: 'TEST-order' }, 3)).toEqual({ kind: 'ignored' });
    expect(compiled.mapRow({ ID: '3', Kind: 'real' }, 4)).toMatchObject({ kind: 'record' });
  });

  it('ignore rows by an empty column', () => {
    const compiled = compileWith([{ action: 'ignore', source: 'ID', operator: 'empty' }]);

    expect(compiled.mapRow({ ID: '  ' }, 2)).toEqual({ kind: 'ignored' });
    expect(compiled.mapRow({}, 3)).toEqual({ kind: 'ignored' });
  });

  it('ignore rows by a typed field value after conversion', () => {
    const compiled = compileWith([
      { action: 'ignore', field: 'amount', operator: 'lte', value: 0 },
    ]);

    expect(compiled.mapRow({ ID: '1', Amount: '-1,000.5' }, 2)).toEqual({ kind: 'ignored' });
    expect(compiled.mapRow({ ID: '1', Amount: '0.01' }, 3)).toMatchObject({ kind: 'record' });
  });

  it('skip a field condition whose field value is invalid, rejecting the row for that value', () => {
    const compiled = compileWith([{ action: 'ignore', field: 'amount', operator: 'empty' }]);

    const outcome = compiled.mapRow({ ID: '1', Amount: 'lots' }, 2);

    expect(outcome.kind === 'rejected' && outcome.errors.map((error) => error.code)).toEqual([
      'invalid_decimal',
    ]);
  });
});

describe('reject conditions', () => {
  it('reject rows with the template message alongside field errors', () => {
    const compiled = compileWith([
      {
        action: 'reject',
        source: 'Kind',
        operator: 'in',
        values: ['void', 'draft'],
        caseInsensitive: true,
        message: 'Void and draft orders cannot be imported.',
      },
    ]);

    const outcome = compiled.mapRow({ ID: 'x', Kind: 'VOID' }, 4);

    expect(outcome).toEqual({
      kind: 'rejected',
      errors: [
        {
          row: 4,
          field: 'Kind',
          code: 'condition_rejected',
          message: 'Void and draft orders cannot be imported.',
          value: 'VOID',
        },
        {
          row: 4,
          field: 'id',
          code: 'invalid_integer',
          message: 'Field "id": "x" is not a whole number (digits with an optional sign).',
          value: 'x',
        },
      ],
    });
  });

  it('describe the condition when the template gives no message', () => {
    const compiled = compileWith([
      { action: 'reject', field: 'amount', operator: 'gt', value: '1000' },
    ]);

    const outcome = compiled.mapRow({ ID: '1', Amount: '1,000.01' }, 3);

    expect(outcome).toEqual({
      kind: 'rejected',
      errors: [
        {
          row: 3,
          field: 'amount',
          code: 'condition_rejected',
          message: 'Row rejected because field "amount" is greater than "1000".',
          value: '1,000.01',
        },
      ],
    });
  });

  it('compare decimals exactly, beyond the precision of a double', () => {
    const compiled = compileWith([
      { action: 'reject', field: 'amount', operator: 'gte', value: '0.30000000000000000001' },
    ]);

    expect(compiled.mapRow({ ID: '1', Amount: '0.3' }, 2)).toMatchObject({ kind: 'record' });
    expect(compiled.mapRow({ ID: '1', Amount: '0.30000000000000000001' }, 3)).toMatchObject({
      kind: 'rejected',
    });
  });

  it.each([
    ['notEquals', { value: 'sale' }, 'refund', true],
    ['notEquals', { value: 'sale' }, 'sale', false],
    ['equals', { value: 'Sale', caseInsensitive: true }, ' sale ', true],
    ['notEmpty', {}, 'x', true],
    ['notIn', { values: ['a', 'b'] }, 'c', true],
    ['notIn', { values: ['a', 'b'] }, 'a', false],
    ['gt', { value: 5 }, '6', true],
    ['gt', { value: 5 }, '5', false],
    ['lt', { value: 5 }, 'abc', false],
    ['gte', { value: -1.5 }, '-1.5', true],
    ['lte', { value: 10 }, '10.0', true],
  ])('test a column with %s %j against %j (matches: %s)', (operator, operand, value, expected) => {
    const compiled = compileWith([
      { action: 'reject', source: 'Kind', operator: operator as Condition['operator'], ...operand },
    ]);

    const outcome = compiled.mapRow({ ID: '1', Kind: value }, 2);

    expect(outcome.kind).toBe(expected ? 'rejected' : 'record');
  });

  it('let an ignore condition win over a reject condition', () => {
    const compiled = compileWith([
      { action: 'reject', source: 'Kind', operator: 'notEmpty' },
      { action: 'ignore', field: 'id', operator: 'equals', value: 0 },
    ]);

    expect(compiled.mapRow({ ID: '0', Kind: 'x' }, 2)).toEqual({ kind: 'ignored' });
  });
});
