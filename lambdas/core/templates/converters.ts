import { currencyCodes } from './currencies';
import { dateConverter } from './dates';
import { numberPattern, numberToDecimal, parseDecimalText, scaleOf } from './decimal';
import { normaliseEmail, readPlainDecimal, readPlainInteger } from './plain-text';
import type { FieldSettings } from './schema';
import { type Converter, describeValue, ValueProblem } from './value-problem';

const defaultTrueWords = ['true', 'yes', 'y', '1'];
const defaultFalseWords = ['false', 'no', 'n', '0'];

function stringConverter(field: FieldSettings): Converter {
  const trim = field.trim ?? true;
  const maxLength = field.maxLength ?? Number.POSITIVE_INFINITY;
  return (raw) => {
    let text: string;
    if (typeof raw === 'string') {
      text = trim ? raw.trim() : raw;
    } else if (typeof raw === 'number' || typeof raw === 'boolean') {
      text = String(raw);
    } else {
      return new ValueProblem('invalid_string', `${describeValue(raw)} is not text.`);
    }
    // Counted in code points so that an emoji is one character, as people count.
    if (text.length > maxLength && [...text].length > maxLength) {
      return new ValueProblem(
        'too_long',
        `${describeValue(text)} has ${[...text].length} characters; at most ${maxLength} are allowed.`,
      );
    }
    return text;
  };
}

/**
 * Integers are JavaScript numbers, exact up to 2^53 - 1. Larger values are
 * refused rather than rounded: a decimal field keeps any number of digits.
 */
function integerConverter(field: FieldSettings): Converter {
  const pattern = numberPattern({ thousandsSeparator: field.thousandsSeparator }, false);
  const separator = field.thousandsSeparator;
  const allowed = separator
    ? `a whole number, digits optionally grouped by ${JSON.stringify(separator)}`
    : 'a whole number (digits with an optional sign)';
  return (raw) => {
    let value: number;
    const plain = typeof raw === 'string' && !separator ? readPlainInteger(raw) : undefined;
    if (plain !== undefined) {
      value = plain;
    } else if (typeof raw === 'number') {
      value = raw;
    } else if (typeof raw === 'string') {
      const match = pattern.exec(raw.trim());
      if (!match) {
        return new ValueProblem('invalid_integer', `${describeValue(raw)} is not ${allowed}.`);
      }
      const digits = separator ? match[2].replaceAll(separator, '') : match[2];
      value = Number(match[1] + digits);
    } else {
      return new ValueProblem('invalid_integer', `${describeValue(raw)} is not ${allowed}.`);
    }
    if (!Number.isInteger(value)) {
      return new ValueProblem('invalid_integer', `${describeValue(raw)} is not ${allowed}.`);
    }
    if (!Number.isSafeInteger(value)) {
      return new ValueProblem(
        'invalid_integer',
        `${describeValue(raw)} is outside the exact integer range ±9007199254740991; use a decimal field for larger numbers.`,
      );
    }
    return value === 0 ? 0 : value;
  };
}

/** Decimals are canonical decimal text ("1234.5"), never a float. */
function decimalConverter(field: FieldSettings): Converter {
  const style = {
    thousandsSeparator: field.thousandsSeparator,
    decimalSeparator: field.decimalSeparator ?? '.',
  };
  const pattern = numberPattern(style, true);
  const allowed = `a decimal number with ${JSON.stringify(style.decimalSeparator)} before the fraction${style.thousandsSeparator ? ` and thousands optionally grouped by ${JSON.stringify(style.thousandsSeparator)}` : ''}`;
  const scale = field.scale;
  const isPlainStyle = style.decimalSeparator === '.';
  return (raw) => {
    let value: string | undefined;
    if (typeof raw === 'string') {
      // The usual shape ("12.50") is read by hand; the pattern handles the rest.
      value =
        (isPlainStyle ? readPlainDecimal(raw) : undefined) ??
        parseDecimalText(raw.trim(), pattern, style.thousandsSeparator);
    } else if (typeof raw === 'number') {
      value = numberToDecimal(raw);
    }
    if (value === undefined) {
      return new ValueProblem('invalid_decimal', `${describeValue(raw)} is not ${allowed}.`);
    }
    if (scale !== undefined && scaleOf(value) > scale) {
      return new ValueProblem(
        'invalid_decimal',
        `${describeValue(raw)} has ${scaleOf(value)} digits after the decimal point; at most ${scale} are allowed.`,
      );
    }
    return value;
  };
}

/**
 * Finds a word among a few by comparing it with each, which is faster than
 * hashing the fresh string every cell is; a Map beyond a dozen words.
 */
function wordLookup<T>(entries: Map<string, T>): (text: string) => T | undefined {
  if (entries.size > 12) return (text) => entries.get(text);
  const words = [...entries.keys()];
  const results = [...entries.values()];
  return (text) => {
    for (let index = 0; index < words.length; index += 1) {
      if (words[index] === text) return results[index];
    }
    return undefined;
  };
}

function booleanConverter(field: FieldSettings): Converter {
  const words = new Map<string, boolean>();
  // Cells written exactly as a word ("true", "n") skip the trimming and case folding.
  const exactWords = new Map<string, boolean>();
  for (const word of field.trueValues ?? defaultTrueWords) {
    words.set(word.toLowerCase(), true);
  }
  for (const word of field.falseValues ?? defaultFalseWords) {
    words.set(word.toLowerCase(), false);
  }
  const allowed = [...words.keys()].join(', ');
  for (const [word, value] of words) {
    if (word === word.trim()) exactWords.set(word, value);
  }
  const exactWord = wordLookup(exactWords);
  return (raw) => {
    if (typeof raw === 'boolean') {
      return raw;
    }
    const exact = typeof raw === 'string' ? exactWord(raw) : undefined;
    if (exact !== undefined) {
      return exact;
    }
    const value =
      typeof raw === 'string' || typeof raw === 'number'
        ? words.get(String(raw).trim().toLowerCase())
        : undefined;
    if (value === undefined) {
      return new ValueProblem(
        'invalid_boolean',
        `${describeValue(raw)} is not a yes/no value; allowed (any case): ${allowed}.`,
      );
    }
    return value;
  };
}

function enumConverter(field: FieldSettings): Converter {
  const values = field.values ?? [];
  const byKey = new Map<string, string>();
  for (const value of values) {
    byKey.set(field.caseInsensitive ? value.toLowerCase() : value, value);
  }
  const allowed = values.map((value) => JSON.stringify(value)).join(', ');
  const allowedValue = wordLookup(byKey);
  return (raw) => {
    const text =
      typeof raw === 'string' ? raw.trim() : typeof raw === 'number' ? String(raw) : undefined;
    const value =
      text === undefined
        ? undefined
        : allowedValue(field.caseInsensitive ? text.toLowerCase() : text);
    if (value === undefined) {
      return new ValueProblem(
        'invalid_enum',
        `${describeValue(raw)} is not one of the allowed values${field.caseInsensitive ? ' (any case)' : ''}: ${allowed}.`,
      );
    }
    return value;
  };
}

/**
 * Email addresses are stored trimmed with the domain in lower case.
 *
 * Limitation: addresses with quoted local parts or non-ASCII (internationalised)
 * domain names are refused; the check covers what sign-up forms produce.
 */
const emailConverter: Converter = (raw) => {
  // An address holds no whitespace: most cells are read before trimming.
  const usual = typeof raw === 'string' && raw.length <= 254 ? normaliseEmail(raw) : undefined;
  if (usual !== undefined) return usual;
  const text = typeof raw === 'string' ? raw.trim() : '';
  const address = text.length > 254 || text === raw ? undefined : normaliseEmail(text);
  if (address === undefined) {
    return new ValueProblem(
      'invalid_email',
      `${describeValue(raw)} is not an email address (name@example.com).`,
    );
  }
  return address;
};

/** Currency codes are accepted in any case and stored upper case. */
const currencyConverter: Converter = (raw) => {
  const code = typeof raw === 'string' ? raw.trim().toUpperCase() : '';
  if (!currencyCodes.has(code)) {
    return new ValueProblem(
      'invalid_currency',
      `${describeValue(raw)} is not an active ISO 4217 currency code (three letters, e.g. EUR, USD).`,
    );
  }
  return code;
};

/**
 * A number in `value` that a record cannot store: DynamoDB keeps magnitudes
 * from 1e-130 to below 1e126 (and 0). Walked with a stack of its own, so no
 * depth of nesting overflows the call stack.
 */
function findUnstorableNumber(value: unknown): number | undefined {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === 'number') {
      const size = Math.abs(next);
      if (next !== 0 && (size >= 1e126 || size < 1e-130 || !Number.isFinite(size))) return next;
    } else if (typeof next === 'object' && next !== null) {
      for (const inner of Object.values(next)) pending.push(inner);
    }
  }
  return undefined;
}

/**
 * Text is parsed as JSON; a value that is already JSON (from a JSON source) is
 * kept as it is. A JSON string in a JSON source is therefore parsed too, as a
 * CSV cell would be. A number the destination cannot store rejects the value.
 */
const jsonConverter: Converter = (raw) => {
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch (error) {
      return new ValueProblem(
        'invalid_json',
        `${describeValue(raw)} is not valid JSON text (${(error as Error).message}).`,
      );
    }
  }
  const unstorable = findUnstorableNumber(value);
  if (unstorable !== undefined) {
    return new ValueProblem(
      'invalid_json',
      `the JSON value holds the number ${unstorable}, which a record cannot store: numbers must be 0 or between 1e-130 and 1e126 in size.`,
    );
  }
  return value;
};

/**
 * What a field's converter makes of blank text (empty or whitespace only),
 * which the mapping treats as a missing value: a `ValueProblem` for every
 * blank text ('problem'), '' for every blank text and for nothing else
 * ('empty', a trimmed string), or something that needs the emptiness test
 * first ('value': an untrimmed string, an enum with '' among its values).
 * Yes/no words are never blank: the schema trims them and refuses ''.
 */
export function blankTextResult(field: FieldSettings): 'problem' | 'empty' | 'value' {
  switch (field.type) {
    case 'string':
      return (field.trim ?? true) ? 'empty' : 'value';
    case 'enum':
      return (field.values ?? []).includes('') ? 'value' : 'problem';
    default:
      return 'problem';
  }
}

/** The converter of one field, with everything it needs built once. */
export function compileConverter(field: FieldSettings): Converter {
  switch (field.type) {
    case 'string':
      return stringConverter(field);
    case 'integer':
      return integerConverter(field);
    case 'decimal':
      return decimalConverter(field);
    case 'boolean':
      return booleanConverter(field);
    case 'date':
    case 'timestamp':
      return dateConverter({ type: field.type, format: field.format, timeZone: field.timeZone });
    case 'enum':
      return enumConverter(field);
    case 'email':
      return emailConverter;
    case 'currency':
      return currencyConverter;
    case 'json':
      return jsonConverter;
  }
}
