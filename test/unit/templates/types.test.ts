import { describe, expect, it } from 'vitest';
import { convert, errorOf } from './helpers';

describe('string fields', () => {
  it('trims surrounding whitespace unless trim is false', () => {
    expect(convert({ type: 'string' }, '  Ada  ')).toBe('Ada');
    expect(convert({ type: 'string', trim: false }, '  Ada  ')).toBe('  Ada  ');
  });

  it('keeps JSON numbers and booleans as their text', () => {
    expect(convert({ type: 'string' }, 42.5)).toBe('42.5');
    expect(convert({ type: 'string' }, false)).toBe('false');
  });

  it('rejects text longer than maxLength, counting characters not UTF-16 units', () => {
    expect(convert({ type: 'string', maxLength: 3 }, '😀😀😀')).toBe('😀😀😀');

    const error = errorOf({ type: 'string', maxLength: 3 }, 'abcd');

    expect(error).toEqual({
      row: 2,
      field: 'value',
      code: 'too_long',
      message: 'Field "value": "abcd" has 4 characters; at most 3 are allowed.',
      value: 'abcd',
    });
  });

  it('rejects a JSON object for a string field', () => {
    const error = errorOf({ type: 'string' }, { a: 1 });

    expect(error.code).toBe('invalid_string');
    expect(error.message).toBe('Field "value": an object is not text.');
    expect(error.value).toBe('{"a":1}');
  });
});

describe('integer fields', () => {
  it.each([
    ['42', 42],
    [' -7 ', -7],
    ['+3', 3],
    ['007', 7],
    ['-0', 0],
    ['9007199254740991', 9007199254740991],
  ])('reads %j as %j', (raw, expected) => {
    expect(convert({ type: 'integer' }, raw)).toBe(expected);
  });

  it.each(['1.5', '12abc', '1,000', '1e3', '0x10', '--1'])('rejects %j', (raw) => {
    const error = errorOf({ type: 'integer' }, raw);

    expect(error.code).toBe('invalid_integer');
    expect(error.message).toBe(
      `Field "value": ${JSON.stringify(raw)} is not a whole number (digits with an optional sign).`,
    );
  });

  it('reads thousands separators the template allows, with regular grouping only', () => {
    expect(convert({ type: 'integer', thousandsSeparator: ',' }, '1,234,567')).toBe(1234567);
    expect(convert({ type: 'integer', thousandsSeparator: '.' }, '1.234')).toBe(1234);
    expect(convert({ type: 'integer', thousandsSeparator: ' ' }, '12 345')).toBe(12345);

    const error = errorOf({ type: 'integer', thousandsSeparator: ',' }, '1,23,4');

    expect(error.message).toBe(
      'Field "value": "1,23,4" is not a whole number, digits optionally grouped by ",".',
    );
  });

  it('refuses integers beyond 2^53 - 1 instead of rounding them, pointing to decimal', () => {
    const error = errorOf({ type: 'integer' }, '9007199254740993');

    expect(error.code).toBe('invalid_integer');
    expect(error.message).toBe(
      'Field "value": "9007199254740993" is outside the exact integer range ±9007199254740991; use a decimal field for larger numbers.',
    );
  });

  it('accepts whole JSON numbers and rejects fractional ones', () => {
    expect(convert({ type: 'integer' }, 12)).toBe(12);

    expect(errorOf({ type: 'integer' }, 1.5).message).toBe(
      'Field "value": the number 1.5 is not a whole number (digits with an optional sign).',
    );
  });
});

describe('decimal fields', () => {
  it.each([
    ['0.1', '0.1'],
    ['12.50', '12.5'],
    ['-0.00', '0'],
    ['000123.4500', '123.45'],
    ['.5', '0.5'],
    ['+7.', '7'],
    ['12345678901234567890.123456789012345678', '12345678901234567890.123456789012345678'],
  ])('keeps %j exactly as %j', (raw, expected) => {
    expect(convert({ type: 'decimal' }, raw)).toBe(expected);
  });

  it('reads a decimal comma with dots grouping thousands', () => {
    const field = {
      type: 'decimal' as const,
      decimalSeparator: ',' as const,
      thousandsSeparator: '.' as const,
    };

    expect(convert(field, '1.234,56')).toBe('1234.56');
    expect(convert(field, '-0,5')).toBe('-0.5');
  });

  it('reads commas grouping thousands with a decimal point', () => {
    expect(convert({ type: 'decimal', thousandsSeparator: ',' }, '12,345.6789')).toBe('12345.6789');
  });

  it('rejects a value in another style than the template says', () => {
    const error = errorOf({ type: 'decimal' }, '1,5');

    expect(error.code).toBe('invalid_decimal');
    expect(error.message).toBe(
      'Field "value": "1,5" is not a decimal number with "." before the fraction.',
    );
  });

  it('rejects more digits after the point than scale allows, without rounding', () => {
    expect(convert({ type: 'decimal', scale: 2 }, '1.230')).toBe('1.23');

    const error = errorOf({ type: 'decimal', scale: 2 }, '1.235');

    expect(error.message).toBe(
      'Field "value": "1.235" has 3 digits after the decimal point; at most 2 are allowed.',
    );
  });

  it('keeps the shortest exact text of JSON numbers, expanding exponents', () => {
    expect(convert({ type: 'decimal' }, 0.1)).toBe('0.1');
    expect(convert({ type: 'decimal' }, 1e21)).toBe('1000000000000000000000');
    expect(convert({ type: 'decimal' }, -1.5e-7)).toBe('-0.00000015');
  });
});

describe('boolean fields', () => {
  it.each([
    ['true', true],
    ['YES', true],
    ['y', true],
    ['1', true],
    ['False', false],
    ['no', false],
    ['N', false],
    ['0', false],
  ])('reads %j as %j', (raw, expected) => {
    expect(convert({ type: 'boolean' }, raw)).toBe(expected);
  });

  it('passes JSON booleans and reads the numbers 1 and 0', () => {
    expect(convert({ type: 'boolean' }, false)).toBe(false);
    expect(convert({ type: 'boolean' }, 1)).toBe(true);
  });

  it('uses the words of the template instead of the defaults when given', () => {
    const field = { type: 'boolean' as const, trueValues: ['oui'], falseValues: ['non'] };

    expect(convert(field, 'OUI')).toBe(true);
    expect(errorOf(field, 'yes').message).toBe(
      'Field "value": "yes" is not a yes/no value; allowed (any case): oui, non.',
    );
  });

  it('rejects other words naming what is allowed', () => {
    const error = errorOf({ type: 'boolean' }, 'maybe');

    expect(error.code).toBe('invalid_boolean');
    expect(error.message).toBe(
      'Field "value": "maybe" is not a yes/no value; allowed (any case): true, yes, y, 1, false, no, n, 0.',
    );
  });
});

describe('enum, email and currency fields', () => {
  it('accepts listed values, in any case when caseInsensitive, storing the template spelling', () => {
    expect(convert({ type: 'enum', values: ['open', 'closed'] }, 'open')).toBe('open');
    expect(convert({ type: 'enum', values: ['Open'], caseInsensitive: true }, 'OPEN')).toBe('Open');
  });

  it('rejects a value that is not listed, or listed in another case', () => {
    const error = errorOf({ type: 'enum', values: ['open', 'closed'] }, 'Open');

    expect(error.code).toBe('invalid_enum');
    expect(error.message).toBe(
      'Field "value": "Open" is not one of the allowed values: "open", "closed".',
    );
  });

  it('accepts email addresses, lower-casing the domain only', () => {
    expect(convert({ type: 'email' }, ' Ada.Lovelace+x@Example.COM ')).toBe(
      'Ada.Lovelace+x@example.com',
    );
  });

  it.each(['ada', 'ada@', 'ada@example', 'a b@example.com', '@example.com'])(
    'rejects %j as an email address',
    (raw) => {
      const error = errorOf({ type: 'email' }, raw);

      expect(error.code).toBe('invalid_email');
      expect(error.message).toBe(
        `Field "value": ${JSON.stringify(raw)} is not an email address (name@example.com).`,
      );
    },
  );

  it('accepts active ISO 4217 codes in any case and stores them upper case', () => {
    expect(convert({ type: 'currency' }, 'eur')).toBe('EUR');
    expect(convert({ type: 'currency' }, 'CHF')).toBe('CHF');
  });

  it.each(['ABC', 'HRK', 'EURO', 'XXX'])('rejects %j as a currency code', (raw) => {
    const error = errorOf({ type: 'currency' }, raw);

    expect(error.code).toBe('invalid_currency');
    expect(error.message).toBe(
      `Field "value": ${JSON.stringify(raw)} is not an active ISO 4217 currency code (three letters, e.g. EUR, USD).`,
    );
  });
});

describe('json fields', () => {
  it('parses JSON text and passes values that are already JSON', () => {
    expect(convert({ type: 'json' }, '{"a":[1,2]}')).toEqual({ a: [1, 2] });
    expect(convert({ type: 'json' }, { b: true })).toEqual({ b: true });
    expect(convert({ type: 'json' }, 3)).toBe(3);
  });

  it('rejects text that is not JSON', () => {
    const error = errorOf({ type: 'json' }, '{a:1}');

    expect(error.code).toBe('invalid_json');
    expect(error.message).toMatch(/^Field "value": "\{a:1\}" is not valid JSON text \(.+\)\.$/);
    expect(error.value).toBe('{a:1}');
  });
});
