import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../lambdas/core/errors';
import { validateTemplate } from '../../../lambdas/core/templates/validate';
import { issuesOf, templateInput } from './helpers';

describe('validateTemplate', () => {
  it('fills in defaults and trims names', () => {
    const template = validateTemplate(
      templateInput({ fields: [{ name: ' id ', source: ' ID ' }], primaryKey: ['id'] }),
    );

    expect(template).toEqual({
      templateId: 'orders',
      name: 'Orders',
      recordType: 'order',
      format: 'auto',
      headerRow: 1,
      csv: { delimiter: ',', quote: '"', escape: '"', encoding: 'utf-8' },
      fields: [{ name: 'id', source: 'ID', type: 'string', required: false }],
      primaryKey: ['id'],
    });
  });

  it('gives TSV templates a tab delimiter unless they set one', () => {
    expect(validateTemplate(templateInput({ format: 'tsv' })).csv.delimiter).toBe('\t');
    expect(
      validateTemplate(templateInput({ format: 'tsv', csv: { delimiter: ';' } })).csv.delimiter,
    ).toBe(';');
  });

  it('accepts a stored template again, ignoring its version and creation time', () => {
    const stored = { ...validateTemplate(templateInput()), version: 3, createdAt: 'yesterday' };

    expect(validateTemplate(stored)).not.toHaveProperty('version');
  });

  it('throws InvalidInputError listing every problem in one message', () => {
    const input = templateInput({
      format: 'xml',
      fields: [
        { name: 'id', source: 'ID', type: 'int' },
        { name: 'id', source: 'Other' },
      ],
    });

    expect(() => validateTemplate(input)).toThrow(InvalidInputError);
    expect(() => validateTemplate(input)).toThrow(
      'Template "orders" has 3 problems: format: unknown format "xml"; allowed: auto, csv, tsv, json, jsonl; fields[0].type: unknown type "int"; allowed: string, integer, decimal, boolean, date, timestamp, enum, email, currency, json; fields[1].name: "id" is already the name of fields[0]; field names must be unique.',
    );
  });

  it('refuses something that is not an object', () => {
    expect(() => validateTemplate('orders')).toThrow(InvalidInputError);
    expect(() => validateTemplate('orders')).toThrow(
      'A template must be a JSON object with templateId, name, recordType and fields.',
    );
  });
});

describe('template settings validation', () => {
  it.each([
    [
      'a missing name and bad identifiers',
      { name: '  ', templateId: 'my orders', recordType: 'order#1' },
      [
        'templateId: must be 1 to 128 letters, digits, ".", "_" or "-", starting with a letter or digit',
        'name: must not be empty',
        'recordType: must be 1 to 128 letters, digits, ".", "_" or "-", starting with a letter or digit',
      ],
    ],
    ['no fields', { fields: [] }, ['fields: a template needs at least one field']],
    ['a negative header row', { headerRow: -1 }, ['headerRow: must be 0 or more']],
    [
      'a misspelt setting',
      { fields: [{ name: 'id', source: 'ID', requird: true }] },
      ['fields[0]: unknown setting "requird"'],
    ],
    [
      'a primary key naming no field',
      { primaryKey: ['ID', 'id', 'id'] },
      [
        'primaryKey[0]: "ID" is not a field of this template; fields: id',
        'primaryKey[2]: "id" is listed twice',
      ],
    ],
    [
      'a json field in the primary key',
      { fields: [{ name: 'doc', source: 'Doc', type: 'json' }], primaryKey: ['doc'] },
      [
        'primaryKey[0]: "doc" is a json field; a primary key field must hold a single value (any other type)',
      ],
    ],
    [
      'a delimiter equal to the quote',
      { csv: { delimiter: "'", quote: "'" } },
      ['csv.delimiter: must not contain the quote character "\'"'],
    ],
    [
      'the default quote as delimiter, with no escape set',
      { csv: { delimiter: '"' } },
      ['csv.delimiter: must not contain the quote character'],
    ],
    [
      'an escape equal to the delimiter',
      { csv: { delimiter: ';', escape: ';' } },
      ['csv.escape: ";" is also in the delimiter; the escape character must differ from it'],
    ],
    [
      'a line break as delimiter',
      { csv: { delimiter: '\n' } },
      ['csv.delimiter: must not contain a line break'],
    ],
    [
      'an unknown encoding',
      { csv: { encoding: 'ebcdic-klingon' } },
      [
        'csv.encoding: unknown encoding "ebcdic-klingon"; allowed: utf-8, utf-16le, utf-16be, latin1, windows-1252, iso-8859-15, shift_jis and the other encodings iconv-lite supports',
      ],
    ],
    [
      'a two-character quote with an unknown encoding, both at once',
      { csv: { quote: '""', encoding: 'klingon' } },
      [
        'csv.quote: must be exactly 1 character',
        'csv.encoding: unknown encoding "klingon"; allowed: utf-8, utf-16le, utf-16be, latin1, windows-1252, iso-8859-15, shift_jis and the other encodings iconv-lite supports',
      ],
    ],
    [
      'a header name as source of a headerless file',
      { headerRow: 0, fields: [{ name: 'id', source: 'ID' }] },
      [
        'fields[0].source: "ID" must be a column number (1, 2, ...) because headerRow is 0 (the file has no header)',
      ],
    ],
  ])('reports %s', (_case, overrides, expected) => {
    expect(issuesOf(templateInput(overrides))).toEqual(expected);
  });

  it('accepts known encodings in any case', () => {
    for (const encoding of ['UTF-8', 'utf-16le', 'UTF-16BE', 'latin1', 'windows-1252']) {
      expect(issuesOf(templateInput({ csv: { encoding } }))).toEqual([]);
    }
  });

  it('accepts column numbers as sources of a headerless file and paths in JSON templates', () => {
    expect(
      issuesOf(templateInput({ headerRow: 0, fields: [{ name: 'id', source: '2' }] })),
    ).toEqual([]);
    expect(
      issuesOf(
        templateInput({ format: 'jsonl', headerRow: 0, fields: [{ name: 'c', source: 'a.b.0' }] }),
      ),
    ).toEqual([]);
  });
});

describe('field settings validation', () => {
  function fieldIssues(field: Record<string, unknown>): string[] {
    return issuesOf(templateInput({ fields: [{ name: 'f', source: 'F', ...field }] }));
  }

  it.each([
    [
      'an enum without values',
      { type: 'enum' },
      ['fields[0].values: an enum field needs a non-empty list of values'],
    ],
    [
      'an enum value listed twice ignoring case',
      { type: 'enum', values: ['a', 'A'], caseInsensitive: true },
      ['fields[0].values[1]: "A" is listed twice (ignoring case)'],
    ],
    [
      'an option of another type',
      { type: 'integer', maxLength: 3, values: ['a'] },
      [
        'fields[0].maxLength: applies only to string fields, not to integer fields',
        'fields[0].values: applies only to enum fields, not to integer fields',
      ],
    ],
    [
      'a date format without a day',
      { type: 'date', format: 'MM/yyyy' },
      [
        'fields[0].format: format "MM/yyyy" must contain a year (yyyy), a month (MM) and a day (dd) that luxon can read back, e.g. "dd/MM/yyyy"',
      ],
    ],
    [
      'an unknown time zone',
      { type: 'timestamp', timeZone: 'Mars/Olympus' },
      [
        'fields[0].timeZone: "Mars/Olympus" is not an IANA time zone; use e.g. "UTC", "Europe/Paris", "America/New_York"',
      ],
    ],
    [
      'a thousands separator equal to the decimal separator',
      { type: 'decimal', thousandsSeparator: '.' },
      [
        'fields[0].thousandsSeparator: "." is also the decimal separator; set decimalSeparator to "," to read "1.234,56"',
      ],
    ],
    [
      'an unsupported thousands separator',
      { type: 'integer', thousandsSeparator: '#' },
      [
        `fields[0].thousandsSeparator: unknown thousands separator "#"; allowed: "," "." " " "'" "_", no-break space (U+00A0), narrow no-break space (U+202F)`,
      ],
    ],
    [
      'a word meaning both true and false',
      { type: 'boolean', trueValues: ['yes', 'ok'], falseValues: ['no', 'OK'] },
      ['fields[0].falseValues: "OK" cannot mean both true and false'],
    ],
    [
      'a default the type refuses',
      { type: 'integer', default: 'none' },
      [
        'fields[0].default: "none" is not a whole number (digits with an optional sign). The default must be a valid integer value',
      ],
    ],
    [
      'a default that is not JSON',
      { type: 'string', default: new Date(0) },
      ['fields[0].default: must be a JSON value (text, number, boolean, null, array or object)'],
    ],
    ['a negative maxLength', { maxLength: 0 }, ['fields[0].maxLength: must be more than 0']],
  ])('reports %s', (_case, field, expected) => {
    expect(fieldIssues(field)).toEqual(expected);
  });
});

describe('condition validation', () => {
  function conditionIssues({ headerless, ...condition }: Record<string, unknown>): string[] {
    return issuesOf(
      templateInput({
        headerRow: headerless ? 0 : 1,
        conditions: [{ action: 'reject', source: 'ID', ...condition }],
      }),
    );
  }

  it.each([
    [
      'an invalid regular expression',
      { operator: 'matches', pattern: '([a-z' },
      [
        'conditions[0].pattern: pattern "([a-z" is not a valid regular expression: Invalid regular expression: /([a-z/u: Unterminated character class',
      ],
    ],
    [
      'a pattern missing',
      { operator: 'matches' },
      ['conditions[0].pattern: operator "matches" needs a pattern (a regular expression)'],
    ],
    [
      'a value missing',
      { operator: 'equals' },
      ['conditions[0].value: operator "equals" needs a value to compare with'],
    ],
    [
      'a comparison with text',
      { operator: 'gt', value: 'ten' },
      ['conditions[0].value: operator "gt" needs a number to compare with, got "ten"'],
    ],
    [
      'an empty set',
      { operator: 'in', values: [] },
      ['conditions[0].values: operator "in" needs a non-empty list of values'],
    ],
    [
      'an operand the operator does not use',
      { operator: 'empty', value: 'x' },
      ['conditions[0].value: is not used by operator "empty"; remove it or change the operator'],
    ],
    [
      'both a source and a field',
      { operator: 'empty', field: 'id' },
      ['conditions[0]: set exactly one of "source" (a raw column) and "field" (a typed field)'],
    ],
    [
      'a field that does not exist',
      { source: undefined, field: 'total', operator: 'empty' },
      ['conditions[0].field: "total" is not a field of this template; fields: id'],
    ],
    [
      'a header name as condition source of a headerless file',
      { operator: 'empty', headerless: true },
      [
        'fields[0].source: "ID" must be a column number (1, 2, ...) because headerRow is 0 (the file has no header)',
        'conditions[0].source: "ID" must be a column number (1, 2, ...) because headerRow is 0 (the file has no header)',
      ],
    ],
    [
      'an unknown operator',
      { operator: 'like', value: 'x' },
      [
        'conditions[0].operator: unknown operator "like"; allowed: equals, notEquals, empty, notEmpty, matches, in, notIn, gt, gte, lt, lte',
      ],
    ],
    [
      'a message on an ignore condition',
      { action: 'ignore', operator: 'empty', message: 'why' },
      [
        'conditions[0].message: only a "reject" condition has a message; an ignored row is skipped silently',
      ],
    ],
  ])('reports %s', (_case, condition, expected) => {
    expect(conditionIssues(condition)).toEqual(expected);
  });
});
