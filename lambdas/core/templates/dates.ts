import { DateTime, IANAZone } from 'luxon';
import { readIsoDate, readIsoTimestamp } from './iso-fast-path';
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

  const readFast = (text: string) => (isDate ? readIsoDate(text) : readIsoTimestamp(text, isUtc));
  const problem = (raw: unknown) =>
    new ValueProblem('invalid_date', `${describeValue(raw)} is not ${allowed}.`);

  return (raw) => {
    if (typeof raw !== 'string') {
      return problem(raw);
    }
    if (!parser) {
      // The fast readers refuse surrounding whitespace: most cells are read before trimming.
      let fast = readFast(raw);
      if (fast === undefined) {
        const trimmed = raw.trim();
        if (trimmed !== raw) fast = readFast(trimmed);
      }
      if (fast !== undefined) {
        return fast === '' ? problem(raw) : fast;
      }
    }
    const text = raw.trim();
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
