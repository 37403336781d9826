import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { numberPattern, parseDecimalText } from '../../../lambdas/core/templates/decimal';
import { readIsoTimestamp } from '../../../lambdas/core/templates/iso-fast-path';
import {
  normaliseEmail,
  readPlainDecimal,
  readPlainInteger,
} from '../../../lambdas/core/templates/plain-text';
import { convert } from './helpers';

/** The regular expressions the hand-written checks replace, kept as their reference. */
const plainInteger = /^[+-]?\d{1,15}$/;
const plainDecimal = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/;
const emailPattern =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/** Text built mostly from the characters that matter to a check, so that edge cases come up. */
function textOf(characters: string[], maxLength: number) {
  return fc
    .array(fc.oneof(fc.constantFrom(...characters), fc.string({ maxLength: 1 })), { maxLength })
    .map((parts) => parts.join(''));
}

const numberText = textOf(['0', '1', '9', '5', '.', '-', '+', ' ', 'e'], 8);
const emailText = fc.oneof(
  textOf(['a', 'Z', '0', '.', '-', '@', '+', '_', '!', ' ', 'é'], 14),
  fc
    .tuple(
      textOf(['a', '.', '+', '-'], 66),
      fc.array(textOf(['b', 'C', '9', '-'], 65), { minLength: 1, maxLength: 3 }),
    )
    .map(([local, labels]) => `${local}@${labels.join('.')}`),
);

describe('plain text checks', () => {
  it('read integers of up to 15 digits as Number does, and nothing else', () => {
    const longDigits = textOf(['0', '9', '5', '-', '+'], 18);
    fc.assert(
      fc.property(fc.oneof(numberText, longDigits), (text) => {
        const expected = plainInteger.test(text) ? Number(text) : undefined;
        expect(readPlainInteger(text)).toBe(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('read plain decimals to the same canonical text as the decimal parser, and nothing else', () => {
    const pattern = numberPattern({}, true);
    fc.assert(
      fc.property(numberText, (text) => {
        const expected = plainDecimal.test(text) ? parseDecimalText(text, pattern) : undefined;
        expect(readPlainDecimal(text)).toBe(expected);
      }),
      { numRuns: 5000 },
    );
  });

  it('drop trailing fraction zeros and the sign of zero', () => {
    expect(readPlainDecimal('12.50')).toBe('12.5');
    expect(readPlainDecimal('3.000')).toBe('3');
    expect(readPlainDecimal('-0.00')).toBe('0');
    expect(readPlainDecimal('-0')).toBe('0');
    expect(readPlainDecimal('0.05')).toBe('0.05');
    expect(readPlainDecimal('007')).toBeUndefined();
    expect(readPlainDecimal('1.')).toBeUndefined();
  });

  it('decide email addresses exactly as the email pattern does, lower-casing the domain only', () => {
    fc.assert(
      fc.property(emailText, (text) => {
        const at = text.lastIndexOf('@');
        const expected = emailPattern.test(text)
          ? text.slice(0, at + 1) + text.slice(at + 1).toLowerCase()
          : undefined;

        expect(normaliseEmail(text)).toBe(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('keep an email address whose domain is already lower case as it is', () => {
    expect(convert({ type: 'email' }, 'Ada@example.com')).toBe('Ada@example.com');
    expect(convert({ type: 'email' }, 'Ada@Example.COM')).toBe('Ada@example.com');
  });
});

describe('the fast timestamp reader on UTC timestamps', () => {
  it('agrees with luxon on "Z" timestamps with and without fractions', () => {
    const instants = fc.date({
      min: new Date('1900-01-01T00:00:00Z'),
      max: new Date('2199-12-31T23:59:59Z'),
      noInvalidDate: true,
    });
    // Each layout with the milliseconds it keeps of an instant.
    const shapes = fc.constantFrom<[string, number]>(
      ["yyyy-MM-dd'T'HH:mm:ss'Z'", 1000],
      ["yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", 1],
      ["yyyy-MM-dd'T'HH:mm:ss,SSS'Z'", 1],
      ["yyyy-MM-dd HH:mm:ss'Z'", 1000],
    );

    fc.assert(
      fc.property(instants, shapes, (instant, [layout, precision]) => {
        const text = DateTime.fromJSDate(instant, { zone: 'UTC' }).toFormat(layout);
        const kept =
          instant.getTime() - (((instant.getTime() % precision) + precision) % precision);

        expect(readIsoTimestamp(text, true)).toBe(new Date(kept).toISOString());
      }),
      { numRuns: 1000 },
    );
  });

  it('agrees with luxon on "Z" timestamps of any digits, impossible days and times included', () => {
    const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
    const texts = fc
      .tuple(
        fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0')),
        two(13),
        two(32),
        two(23),
        two(60),
        two(60),
        fc.constantFrom('', '.000', '.5', '.123', '.1234'),
      )
      .map(([y, mo, d, h, mi, se, fraction]) => `${y}-${mo}-${d}T${h}:${mi}:${se}${fraction}Z`);

    fc.assert(
      fc.property(texts, (text) => {
        const parsed = DateTime.fromISO(text, { zone: 'UTC' });
        const expected = parsed.isValid ? parsed.toUTC().toISO() : '';

        expect(readIsoTimestamp(text, true)).toBe(expected);
      }),
      { numRuns: 3000 },
    );
  });
});
