/**
 * Exact decimal numbers as text. Values never pass through a float, so "0.1"
 * stays "0.1" and "12345678901234567890.01" keeps every digit.
 */

/** How a template writes numbers: the separators it uses. */
export interface NumberStyle {
  /** Groups thousands ("1,234"); absent when numbers have no grouping. */
  thousandsSeparator?: string;
  /** "." unless the template says "," (decimal comma). */
  decimalSeparator?: string;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A regular expression that splits a number written in `style` into sign,
 * integer digits and fraction digits. Grouping, when used, must be regular
 * ("1,234,567"), so "1,23,4" is refused rather than guessed at.
 */
export function numberPattern(style: NumberStyle, allowFraction: boolean): RegExp {
  const group = style.thousandsSeparator ? escapeRegExp(style.thousandsSeparator) : undefined;
  const point = escapeRegExp(style.decimalSeparator ?? '.');
  const integer = group ? `(\\d{1,3}(?:${group}\\d{3})+|\\d+)` : '(\\d+)';
  const fraction = allowFraction ? `(?:${point}(\\d*))?` : '';
  return allowFraction
    ? new RegExp(`^([+-]?)(?:${integer}${fraction}|${point}(\\d+))$`)
    : new RegExp(`^([+-]?)${integer}$`);
}

/**
 * Canonical form of a decimal from its parts: no leading zeros in the integer
 * part, no trailing zeros in the fraction, no sign on zero ("-0.0" is "0").
 */
export function canonicalDecimal(sign: string, integer: string, fraction: string): string {
  let start = 0;
  while (start < integer.length - 1 && integer.charCodeAt(start) === 48) {
    start += 1;
  }
  let end = fraction.length;
  while (end > 0 && fraction.charCodeAt(end - 1) === 48) {
    end -= 1;
  }
  const whole = integer === '' ? '0' : integer.slice(start);
  const decimals = fraction.slice(0, end);
  const isZero = whole === '0' && decimals === '';
  const body = decimals === '' ? whole : `${whole}.${decimals}`;
  return sign === '-' && !isZero ? `-${body}` : body;
}

/**
 * Parses decimal text with a pattern from `numberPattern`; undefined when the
 * text is not a number in that style. The result is canonical.
 */
export function parseDecimalText(
  text: string,
  pattern: RegExp,
  thousandsSeparator?: string,
): string | undefined {
  const match = pattern.exec(text);
  if (!match) {
    return undefined;
  }
  const sign = match[1];
  let integer = match[2] ?? '';
  const fraction = match[3] ?? match[4] ?? '';
  if (integer === '' && fraction === '') {
    return undefined;
  }
  if (thousandsSeparator && integer.length > 3) {
    integer = integer.replaceAll(thousandsSeparator, '');
  }
  return canonicalDecimal(sign, integer, fraction);
}

const plainDecimal = numberPattern({}, true);

/**
 * The exact decimal text of a JavaScript number, expanding exponent notation
 * ("1e-7" is "0.0000001"); undefined for NaN and infinities.
 *
 * Limitation: a JSON number reaches the template already parsed into a double,
 * so a number written with more than 15 significant digits may have lost digits
 * before this point. Send such values as JSON strings to keep them exact.
 */
export function numberToDecimal(value: number): string | undefined {
  if (!Number.isFinite(value)) {
    return undefined;
  }
  const text = String(value);
  const exponentAt = text.indexOf('e');
  if (exponentAt < 0) {
    return parseDecimalText(text, plainDecimal);
  }
  const mantissa = text.slice(0, exponentAt);
  const exponent = Number(text.slice(exponentAt + 1));
  const sign = mantissa.startsWith('-') ? '-' : '';
  const unsigned = sign ? mantissa.slice(1) : mantissa;
  const pointAt = unsigned.indexOf('.');
  const digits = unsigned.replace('.', '');
  const pointPosition = (pointAt < 0 ? unsigned.length : pointAt) + exponent;
  if (pointPosition <= 0) {
    return canonicalDecimal(sign, '0', '0'.repeat(-pointPosition) + digits);
  }
  if (pointPosition >= digits.length) {
    return canonicalDecimal(sign, digits + '0'.repeat(pointPosition - digits.length), '');
  }
  return canonicalDecimal(sign, digits.slice(0, pointPosition), digits.slice(pointPosition));
}

/** Plain decimal text ("-12.5") to canonical form; undefined when it is not one. */
export function parsePlainDecimal(text: string): string | undefined {
  return parseDecimalText(text.trim(), plainDecimal);
}

/** Number of digits after the point of a canonical decimal. */
export function scaleOf(canonical: string): number {
  const pointAt = canonical.indexOf('.');
  return pointAt < 0 ? 0 : canonical.length - pointAt - 1;
}

function compareMagnitudes(a: string, b: string): number {
  const [aWhole, aFraction = ''] = a.split('.');
  const [bWhole, bFraction = ''] = b.split('.');
  if (aWhole.length !== bWhole.length) {
    return aWhole.length < bWhole.length ? -1 : 1;
  }
  if (aWhole !== bWhole) {
    return aWhole < bWhole ? -1 : 1;
  }
  if (aFraction === bFraction) {
    return 0;
  }
  return aFraction < bFraction ? -1 : 1;
}

/** Exact comparison of two canonical decimals: negative, zero or positive. */
export function compareDecimals(a: string, b: string): number {
  const aNegative = a.startsWith('-');
  const bNegative = b.startsWith('-');
  if (aNegative !== bNegative) {
    return aNegative ? -1 : 1;
  }
  const magnitude = compareMagnitudes(aNegative ? a.slice(1) : a, bNegative ? b.slice(1) : b);
  return aNegative ? -magnitude : magnitude;
}
