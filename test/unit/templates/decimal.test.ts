import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareDecimals,
  numberToDecimal,
  parsePlainDecimal,
} from '../../../lambdas/core/templates/decimal';

/** A decimal as an exact integer count of 10^-scale, for comparison by BigInt. */
function scaled(canonical: string, scale: number): bigint {
  const negative = canonical.startsWith('-');
  const [whole, fraction = ''] = canonical.replace('-', '').split('.');
  const value = BigInt(whole + fraction.padEnd(scale, '0'));
  return negative ? -value : value;
}

const decimalText = fc
  .tuple(
    fc.constantFrom('', '-', '+'),
    fc.stringMatching(/^\d{1,25}$/),
    fc.option(fc.stringMatching(/^\d{0,20}$/), { nil: undefined }),
  )
  .map(([sign, whole, fraction]) =>
    fraction === undefined ? sign + whole : `${sign}${whole}.${fraction}`,
  );

describe('decimal text', () => {
  it('keeps the exact value of any decimal text, in canonical form', () => {
    fc.assert(
      fc.property(decimalText, (text) => {
        const canonical = parsePlainDecimal(text);

        expect(canonical).toMatch(/^-?(0|[1-9]\d*)(\.\d*[1-9])?$/);
        expect(scaled(canonical ?? '', 40)).toBe(scaled(text.replace('+', ''), 40));
      }),
    );
  });

  it('orders decimals exactly as their values', () => {
    fc.assert(
      fc.property(decimalText, decimalText, (a, b) => {
        const left = parsePlainDecimal(a) ?? '';
        const right = parsePlainDecimal(b) ?? '';
        const exact = scaled(left, 40) - scaled(right, 40);

        expect(Math.sign(compareDecimals(left, right))).toBe(
          exact === 0n ? 0 : exact < 0n ? -1 : 1,
        );
      }),
    );
  });

  it('writes any finite double as the shortest decimal that reads back as it', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        const text = numberToDecimal(value) ?? '';

        expect(text).not.toMatch(/e/i);
        expect(Number(text)).toBe(value === 0 ? 0 : value);
      }),
    );
  });

  it('has no decimal text for NaN or infinities', () => {
    expect(numberToDecimal(Number.NaN)).toBeUndefined();
    expect(numberToDecimal(Number.POSITIVE_INFINITY)).toBeUndefined();
  });
});
