import { DateTime, IANAZone } from 'luxon';
import { type Converter, describeValue, ValueProblem } from './value-problem';

/** Options of a date or timestamp field. */
export interface DateSettings {
  type: 'date' | 'timestamp';
  format?: string;
  timeZone?: string;
}

/** A fixed instant used to check that a format can write and read back a date. */
const probe = DateTime.fromISO('2024-03-05T13:14:15.678', { zone: 'UTC' });

const parseLocale = { locale: 'en-US' };

/** True when `zone` is an IANA zone name (or UTC) luxon can use. */
export function isKnownTimeZone(zone: string): boolean {
  return zone.toUpperCase() === 'UTC' || IANAZone.isValidZone(zone);
}

/**
 * Why `format` cannot be used for a field of `type`, or undefined when it can.
 * A format that does not carry year, month and day, or that luxon cannot read
 * back, is refused when the template is saved rather than on every row.
 */
export function checkDateFormat(format: string, type: 'date' | 'timestamp'): string | undefined {
  let parsed: DateTime;
  try {
    const parser = DateTime.buildFormatParser(format, parseLocale);
    parsed = DateTime.fromFormatParser(probe.toFormat(format, parseLocale), parser, {
      zone: 'UTC',
    });
  } catch (error) {
    return `format ${JSON.stringify(format)} is not a luxon format: ${(error as Error).message}`;
  }
  if (!parsed.isValid || parsed.toISODate() !== probe.toISODate()) {
    return `format ${JSON.stringify(format)} must contain a year (yyyy), a month (MM) and a day (dd) that luxon can read back, e.g. "dd/MM/yyyy"${type === 'timestamp' ? ' or "yyyy-MM-dd HH:mm:ss"' : ''}`;
  }
  return undefined;
}

const daysInMonth = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Fast path for the most common date text, "2024-03-05", without luxon. */
function readIsoDate(text: string): string | undefined {
  const match = isoDatePattern.exec(text);
  if (!match) {
    return undefined;
  }
  return isValidDay(Number(match[1]), Number(match[2]), Number(match[3])) ? text : '';
}

function isValidDay(year: number, month: number, day: number): boolean {
  const isLeap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const maxDay = month === 2 && !isLeap ? 28 : daysInMonth[month - 1];
  return month >= 1 && day >= 1 && day <= maxDay;
}

const isoTimestampPattern =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

function offsetMinutes(offset: string): number {
  if (offset === 'Z') {
    return 0;
  }
  const sign = offset.startsWith('-') ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0'));
}

/**
 * Fast path for ISO timestamps with an offset, or without one in a UTC field:
 * luxon reads about 150,000 values a second, too slow for large files. Returns
 * undefined for anything else (luxon then decides), '' for an impossible date.
 */
function readIsoTimestamp(text: string, isUtc: boolean): string | undefined {
  const match = isoTimestampPattern.exec(text);
  if (!match || (match[8] === undefined && !isUtc)) {
    return undefined;
  }
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (!isValidDay(year, month, day) || match[4] > '23' || match[5] > '59' || match[6] > '59') {
    return '';
  }
  const second = match[6] ?? '00';
  const milliseconds = (match[7] ?? '').padEnd(3, '0').slice(0, 3);
  const offset = match[8] ?? 'Z';
  if (offset === 'Z' || offsetMinutes(offset) === 0) {
    return `${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${second}.${milliseconds}Z`;
  }
  // Date.UTC maps years 0 to 99 to the 1900s; luxon handles those rare years.
  if (year < 100) {
    return undefined;
  }
  const local = Date.UTC(year, month - 1, day, Number(match[4]), Number(match[5]), Number(second));
  return new Date(local + Number(milliseconds) - offsetMinutes(offset) * 60_000).toISOString();
}

/**
 * Reads date or timestamp text: ISO 8601 (and "yyyy-MM-dd HH:mm:ss") when no
 * format is set, else exactly the format. Values without an offset are in the
 * field's time zone (UTC by default). A date is written "yyyy-MM-dd"; a
 * timestamp as an ISO instant in UTC ("2024-03-05T13:14:15.678Z").
 */
export function dateConverter(settings: DateSettings): Converter {
  const zone = settings.timeZone ?? 'UTC';
  const isDate = settings.type === 'date';
  const isUtc = zone.toUpperCase() === 'UTC';
  const allowed = settings.format
    ? `a ${settings.type} written ${JSON.stringify(settings.format)}`
    : `an ISO 8601 ${settings.type}${isDate ? ' (yyyy-MM-dd)' : ' (yyyy-MM-ddTHH:mm:ss with an optional offset)'}`;
  const parser = settings.format
    ? DateTime.buildFormatParser(settings.format, parseLocale)
    : undefined;

  const problem = (raw: unknown) =>
    new ValueProblem('invalid_date', `${describeValue(raw)} is not ${allowed}.`);

  return (raw) => {
    if (typeof raw !== 'string') {
      return problem(raw);
    }
    const text = raw.trim();
    if (!parser) {
      const fast = isDate ? readIsoDate(text) : readIsoTimestamp(text, isUtc);
      if (fast !== undefined) {
        return fast === '' ? problem(raw) : fast;
      }
    }
    let parsed: DateTime;
    if (parser) {
      parsed = DateTime.fromFormatParser(text, parser, { zone });
    } else {
      parsed = DateTime.fromISO(text, { zone });
      if (!parsed.isValid) {
        parsed = DateTime.fromSQL(text, { zone });
      }
    }
    if (!parsed.isValid) {
      return problem(raw);
    }
    return isDate ? parsed.toISODate() : parsed.toUTC().toISO();
  };
}
