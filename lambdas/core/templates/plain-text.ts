/**
 * Hand-written checks for the text shapes most cells have. Each answers
 * exactly as the regular expression in its comment, at a fraction of the cost
 * on the millions of cells of a large file.
 */

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isAlphanumeric(code: number): boolean {
  return isDigit(code) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/**
 * The number written by text shaped `/^[+-]?\d{1,15}$/` (digits with an
 * optional sign, few enough to be exact), as `Number` reads it; undefined for
 * any other shape.
 */
export function readPlainInteger(text: string): number | undefined {
  const length = text.length;
  const first = text.charCodeAt(0);
  const start = first === 43 || first === 45 ? 1 : 0;
  if (length === start || length - start > 15) return undefined;
  let value = 0;
  for (let index = start; index < length; index += 1) {
    const digit = text.charCodeAt(index) - 48;
    if (!(digit >= 0 && digit <= 9)) return undefined;
    value = value * 10 + digit;
  }
  return first === 45 ? -value : value;
}

/**
 * The canonical form of text shaped `/^-?(?:0|[1-9]\d*)(?:\.\d+)?$/`, the
 * shape most decimal cells have: trailing zeros of the fraction dropped
 * ("12.50" is "12.5", "3.00" is "3") and no sign on zero ("-0.0" is "0").
 * Undefined for any other shape, which the full decimal parser then reads.
 */
export function readPlainDecimal(text: string): string | undefined {
  const length = text.length;
  const isNegative = text.charCodeAt(0) === 45;
  let index = isNegative ? 1 : 0;
  const first = text.charCodeAt(index);
  if (first === 48) {
    index += 1;
  } else if (first >= 49 && first <= 57) {
    index += 1;
    while (index < length && isDigit(text.charCodeAt(index))) index += 1;
  } else {
    return undefined;
  }
  if (index === length) {
    return isNegative && first === 48 ? '0' : text;
  }

  const pointAt = index;
  if (text.charCodeAt(pointAt) !== 46 || pointAt + 1 === length) return undefined;
  for (index = pointAt + 1; index < length; index += 1) {
    if (!isDigit(text.charCodeAt(index))) return undefined;
  }
  let end = length;
  while (text.charCodeAt(end - 1) === 48) end -= 1;
  if (end === pointAt + 1) end = pointAt;
  if (isNegative && first === 48 && end === pointAt) return '0';
  return end === length ? text : text.slice(0, end);
}

/** Characters allowed before the @ of an email address, by char code below 128. */
const localCharacters = new Uint8Array(128);
for (const character of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.!#$%&'*+/=?^_`{|}~-") {
  localCharacters[character.charCodeAt(0)] = 1;
}

/**
 * The email pattern below for domains already in lower case, with the label
 * and local-part lengths left to the caller: unbounded repetitions compile to
 * smaller, faster matching code than `{0,61}` and `{1,64}`.
 */
const lowerCaseDomainEmail =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/;

/**
 * The email address with its domain in lower case, or undefined when `text`
 * is not one by
 * `/^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@<label>(?:\.<label>)+$/`, where a
 * label is `[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?`. One pass.
 */
export function normaliseEmail(text: string): string | undefined {
  const length = text.length;
  // A regular expression reads the usual address (lower-case domain) faster
  // than a loop, since it unwraps the substring a CSV cell is only once. A
  // domain of at most 63 characters has no label longer than that.
  if (lowerCaseDomainEmail.test(text)) {
    const domainAt = text.indexOf('@') + 1;
    if (domainAt <= 65 && length - domainAt <= 63) return text;
  }
  let at = 0;
  while (at < length) {
    const code = text.charCodeAt(at);
    if (code >= 128 || localCharacters[code] === 0) break;
    at += 1;
  }
  if (at < 1 || at > 64 || text.charCodeAt(at) !== 64) return undefined;

  let labels = 0;
  let labelStart = at + 1;
  let hasCapital = false;
  // The end of the text closes the last label as a dot would.
  for (let index = at + 1; index <= length; index += 1) {
    const code = index < length ? text.charCodeAt(index) : 46;
    if (code === 46) {
      const labelLength = index - labelStart;
      if (labelLength < 1 || labelLength > 63 || text.charCodeAt(index - 1) === 45) {
        return undefined;
      }
      labels += 1;
      labelStart = index + 1;
    } else if (code >= 65 && code <= 90) {
      hasCapital = true;
    } else if (code === 45) {
      if (index === labelStart) return undefined;
    } else if (!isAlphanumeric(code)) {
      return undefined;
    }
  }
  if (labels < 2) return undefined;
  return hasCapital ? text.slice(0, at + 1) + text.slice(at + 1).toLowerCase() : text;
}
