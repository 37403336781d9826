import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../lambdas/core/errors';
import {
  compileTemplate,
  findMissingColumns,
  normaliseHeaderName,
} from '../../../lambdas/core/templates/compile';
import type { Template } from '../../../lambdas/core/templates/schema';
import { buildTemplate } from './helpers';

const ordersTemplate = buildTemplate({
  fields: [
    { name: 'orderId', source: 'Order ID', type: 'integer', required: true },
    { name: 'amount', source: 'Amount', type: 'decimal', required: true },
    { name: 'currency', source: 'Currency', type: 'currency', default: 'usd' },
    {
      name: 'status',
      source: 'Status',
      type: 'enum',
      values: ['open', 'closed'],
      required: true,
      default: 'open',
    },
    { name: 'note', source: 'Note' },
  ],
  primaryKey: ['orderId'],
});

describe('compileTemplate mapRow', () => {
  it('maps a valid row to a typed record keyed by its primary key', () => {
    const compiled = compileTemplate(ordersTemplate);

    const outcome = compiled.mapRow(
      { 'Order ID': '17', Amount: '9.90', Currency: 'eur', Status: 'closed', Note: ' rush ' },
      5,
    );

    expect(outcome).toEqual({
      kind: 'record',
      recordType: 'order',
      recordKey: '17',
      data: { orderId: 17, amount: '9.9', currency: 'EUR', status: 'closed', note: 'rush' },
    });
  });

  it('fills defaults for missing or blank values and leaves out optional empty fields', () => {
    const compiled = compileTemplate(ordersTemplate);

    const outcome = compiled.mapRow({ 'Order ID': '1', Amount: '1', Currency: '  ', Note: '' }, 2);

    expect(outcome).toEqual({
      kind: 'record',
      recordType: 'order',
      recordKey: '1',
      data: { orderId: 1, amount: '1', currency: 'USD', status: 'open' },
    });
  });

  it('collects every field error of a row, with row, field, code, message and value', () => {
    const compiled = compileTemplate(ordersTemplate);

    const outcome = compiled.mapRow({ 'Order ID': '12abc', Amount: '', Currency: 'euro' }, 7);

    expect(outcome).toEqual({
      kind: 'rejected',
      errors: [
        {
          row: 7,
          field: 'orderId',
          code: 'invalid_integer',
          message: 'Field "orderId": "12abc" is not a whole number (digits with an optional sign).',
          value: '12abc',
        },
        {
          row: 7,
          field: 'amount',
          code: 'required',
          message: 'Field "amount" is required and its value is missing or empty.',
          value: '',
        },
        {
          row: 7,
          field: 'currency',
          code: 'invalid_currency',
          message:
            'Field "currency": "euro" is not an active ISO 4217 currency code (three letters, e.g. EUR, USD).',
          value: 'euro',
        },
      ],
    });
  });

  it('rejects a JSON row that is not an object instead of failing', () => {
    const compiled = compileTemplate(ordersTemplate);

    const outcome = compiled.mapRow(null as unknown as Record<string, unknown>, 3);

    expect(outcome).toEqual({
      kind: 'rejected',
      errors: [
        {
          row: 3,
          code: 'not_an_object',
          message: 'The row is null, not an object of columns; each JSON row must be an object.',
          value: 'null',
        },
      ],
    });
  });

  it('truncates the original value of a row error to 200 characters', () => {
    const compiled = compileTemplate(
      buildTemplate({ fields: [{ name: 'n', source: 'N', type: 'integer' }] }),
    );

    const outcome = compiled.mapRow({ N: 'x'.repeat(500) }, 2);

    expect(outcome.kind === 'rejected' && outcome.errors[0].value).toBe('x'.repeat(200));
  });

  it('does not let one record change the default value another record gets', () => {
    const compiled = compileTemplate(
      buildTemplate({ fields: [{ name: 'tags', source: 'Tags', type: 'json', default: ['a'] }] }),
    );
    const first = compiled.mapRow({}, 2);

    const change = () => {
      if (first.kind === 'record') {
        (first.data.tags as string[]).push('b');
      }
    };

    expect(change).toThrow(TypeError);
    expect(compiled.mapRow({}, 3)).toMatchObject({ data: { tags: ['a'] } });
  });

  it('refuses to compile a template that is not valid', () => {
    const invalid = { ...ordersTemplate, primaryKey: ['missing'] } as Template;

    expect(() => compileTemplate(invalid)).toThrow(InvalidInputError);
    expect(() => compileTemplate(invalid)).toThrow(
      'Template "orders" has 1 problem: primaryKey[0]: "missing" is not a field of this template; fields: orderId, amount, currency, status, note.',
    );
  });
});

describe('primary keys', () => {
  const compiled = compileTemplate(
    buildTemplate({
      fields: [
        { name: 'region', source: 'Region' },
        { name: 'id', source: 'Id', type: 'integer' },
      ],
      primaryKey: ['region', 'id'],
    }),
  );

  it('joins key fields in template order with #', () => {
    expect(compiled.mapRow({ Region: 'eu', Id: '7' }, 2)).toMatchObject({ recordKey: 'eu#7' });
  });

  it('escapes # and backslash so that different values never share a key', () => {
    const split = compiled.mapRow({ Region: 'a#1', Id: '2' }, 2);
    const joined = compiled.mapRow({ Region: 'a', Id: '12' }, 3);
    const slashed = compiled.mapRow({ Region: 'a\\', Id: '1' }, 4);

    expect(split).toMatchObject({ recordKey: 'a\\#1#2' });
    expect(joined).toMatchObject({ recordKey: 'a#12' });
    expect(slashed).toMatchObject({ recordKey: 'a\\\\#1' });
  });

  it('rejects a row whose key value is empty', () => {
    const outcome = compiled.mapRow({ Region: ' ', Id: '3' }, 9);

    expect(outcome).toEqual({
      kind: 'rejected',
      errors: [
        {
          row: 9,
          field: 'region',
          code: 'missing_primary_key',
          message: 'Primary key field "region" is empty; every row needs a value for it.',
        },
      ],
    });
  });

  it('reports only the required error when a required key value is missing', () => {
    const strict = compileTemplate(
      buildTemplate({ fields: [{ name: 'id', source: 'Id', required: true }], primaryKey: ['id'] }),
    );

    const outcome = strict.mapRow({ Id: '' }, 4);

    expect(outcome.kind === 'rejected' && outcome.errors.map((error) => error.code)).toEqual([
      'required',
    ]);
  });

  it('reports only the conversion error when a key value is invalid', () => {
    const outcome = compiled.mapRow({ Region: 'eu', Id: 'seven' }, 4);

    expect(outcome.kind === 'rejected' && outcome.errors.map((error) => error.code)).toEqual([
      'invalid_integer',
    ]);
  });

  it('rejects a key longer than DynamoDB allows', () => {
    const outcome = compiled.mapRow({ Region: 'é'.repeat(600), Id: '1' }, 2);

    expect(outcome.kind === 'rejected' && outcome.errors[0]).toMatchObject({
      code: 'primary_key_too_long',
      message: 'The primary key is 1202 bytes long; at most 1024 bytes are allowed.',
    });
  });

  it('leaves the key undefined when the template has no primary key', () => {
    const keyless = compileTemplate(buildTemplate());

    expect(keyless.mapRow({ ID: 'x' }, 2)).toEqual({
      kind: 'record',
      recordType: 'order',
      recordKey: undefined,
      data: { id: 'x' },
    });
  });
});

describe('sources', () => {
  it('reads nested JSON values by dotted path, including array indexes', () => {
    const compiled = compileTemplate(
      buildTemplate({
        format: 'json',
        fields: [
          { name: 'city', source: 'customer.address.city' },
          { name: 'sku', source: 'items.1.sku' },
          { name: 'price', source: 'items.1.price', type: 'decimal' },
        ],
      }),
    );
    const row = {
      customer: { address: { city: 'Lyon' } },
      items: [{ sku: 'A' }, { sku: 'B', price: 2.5 }],
    };

    expect(compiled.mapRow(row, 1)).toMatchObject({
      data: { city: 'Lyon', sku: 'B', price: '2.5' },
    });
  });

  it('prefers a key named like the whole path, as a CSV header may be', () => {
    const compiled = compileTemplate(
      buildTemplate({ fields: [{ name: 'p', source: 'unit.price' }] }),
    );

    expect(compiled.mapRow({ 'unit.price': '3' }, 2)).toMatchObject({ data: { p: '3' } });
  });

  it('treats a missing path as an empty value', () => {
    const compiled = compileTemplate(
      buildTemplate({ fields: [{ name: 'c', source: 'a.b.c', required: true }] }),
    );

    expect(compiled.mapRow({ a: 'text' }, 2)).toMatchObject({
      kind: 'rejected',
      errors: [{ code: 'required', field: 'c' }],
    });
  });

  it('never reads inherited object properties as column values', () => {
    const compiled = compileTemplate(
      buildTemplate({
        fields: [
          { name: 'c', source: 'constructor', required: true },
          { name: 'p', source: 'a.__proto__' },
        ],
      }),
    );

    expect(compiled.mapRow({ a: {} }, 2)).toMatchObject({
      kind: 'rejected',
      errors: [{ code: 'required', field: 'c' }],
    });
  });

  it('reads headerless rows by 1-based column number', () => {
    const compiled = compileTemplate(
      buildTemplate({
        headerRow: 0,
        fields: [
          { name: 'id', source: '2', type: 'integer' },
          { name: 'name', source: '1' },
        ],
      }),
    );

    expect(compiled.mapRow({ '1': 'Ada', '2': '36' }, 1)).toMatchObject({
      data: { id: 36, name: 'Ada' },
    });
  });
});

describe('columns', () => {
  it('lists required columns without a default, and every column read', () => {
    const compiled = compileTemplate(ordersTemplate);

    expect(compiled.requiredColumns).toEqual(['Order ID', 'Amount']);
    expect(compiled.sourceColumns).toEqual(['Order ID', 'Amount', 'Currency', 'Status', 'Note']);
  });

  it('finds required columns a header lacks, comparing trimmed names without a BOM', () => {
    const compiled = compileTemplate(ordersTemplate);

    expect(findMissingColumns(compiled, ['\uFEFFOrder ID ', 'Note'])).toEqual(['Amount']);
    expect(findMissingColumns(compiled, [' Amount', 'Order ID'])).toEqual([]);
  });

  it('normalises header names by trimming and stripping a byte order mark', () => {
    expect(normaliseHeaderName('\uFEFF  Order ID\t')).toBe('Order ID');
    expect(normaliseHeaderName('Amount')).toBe('Amount');
  });
});
