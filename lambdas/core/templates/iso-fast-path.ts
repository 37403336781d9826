/**
 * Hand-written readers for the ISO 8601 shapes most files use. Luxon reads
 * about 150,000 timestamps a second, a regular expression with captures about
 * 700,000; these read several million, which matters on every row of a 1 GiB
 * file. Anything they do not recognise is left to luxon (undefined).
 */

const daysInMonth = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The number written by two digits at `start`, or -1 when one is not a digit. */
function twoDigitsAt(text: string, start: number): number {
  const tens = text.charCodeAt(start) - 48;
  const units = text.charCodeAt(start + 1) - 48;
  // NaN past the end of the text fails these tests too.
  if (!(tens >= 0 && tens <= 9 && units >= 0 && units <= 9)) {
    return -1;
  }
  return tens * 10 + units;
}

/** The four-digit year at the start of `text`, or -1. */
function yearOf(text: string): number {
  const century = twoDigitsAt(text, 0);
  const rest = twoDigitsAt(text, 2);
  return century < 0 || rest < 0 ? -1 : century * 100 + rest;
}

function isValidDay(year: number, month: number, day: number): boolean {
  const isLeap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const maxDay = month === 2 && !isLeap ? 28 : daysInMonth[month - 1];
  return month >= 1 && day >= 1 && day <= maxDay;
}

function isDateLayout(text: string): boolean {
  return text.charCodeAt(4) === 45 && text.charCodeAt(7) === 45;
}

/** "2024-03-05" as it is, '' for an impossible day, undefined for another shape. */
export function readIsoDate(text: string): string | undefined {
  if (text.length !== 10 || !isDateLayout(text)) {
    return undefined;
  }
  const year = yearOf(text);
  const month = twoDigitsAt(text, 5);
  const day = twoDigitsAt(text, 8);
  if (year < 0 || month < 0 || day < 0) {
    return undefined;
  }
  return isValidDay(year, month, day) ? text : '';
}

/** Offset in minutes of "Z", "+02", "+0200" or "+02:00" at `start`; undefined when malformed. */
function readOffset(text: string, start: number): number | undefined {
  const sign = text.charCodeAt(start);
  if (sign === 90) {
    return start + 1 === text.length ? 0 : undefined;
  }
  if (sign !== 43 && sign !== 45) {
    return undefined;
  }
  const hours = twoDigitsAt(text, start + 1);
  const rest = text.length - start - 3;
  const minutesAt = text.charCodeAt(start + 3) === 58 ? start + 4 : start + 3;
  const minutes = rest === 0 ? 0 : twoDigitsAt(text, minutesAt);
  const isWhole = rest === 0 || minutesAt + 2 === text.length;
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59 || !isWhole) {
    return undefined;
  }
  return (sign === 45 ? -1 : 1) * (hours * 60 + minutes);
}

/**
 * "yyyy-MM-ddTHH:mm:ss[.SSS]Z" on a day every month has (1 to 28): the shape
 * most exports write, whose result is the text itself (with ".000" added when
 * it has no fraction). One regular expression checks it faster than reading
 * its characters one by one; other days and shapes take the full reader.
 */
const usualUtcInstant =
  /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1\d|2[0-8])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{3})?Z$/;

const pad = (value: number, width: number) => String(value).padStart(width, '0');

/**
 * "yyyy-MM-ddTHH:mm[:ss[.fff]][offset]" (a space may replace the T) as a UTC
 * ISO instant. Text without an offset is read only when the zone is UTC.
 * Returns '' for an impossible date or time, undefined for any other shape.
 */
export function readIsoTimestamp(text: string, isUtc: boolean): string | undefined {
  if (usualUtcInstant.test(text)) {
    return text.length === 20 ? `${text.slice(0, 19)}.000Z` : text;
  }
  const length = text.length;
  const separator = text.charCodeAt(10);
  if (length < 16 || !isDateLayout(text) || (separator !== 84 && separator !== 32)) {
    return undefined;
  }
  if (text.charCodeAt(13) !== 58) {
    return undefined;
  }
  const year = yearOf(text);
  const month = twoDigitsAt(text, 5);
  const day = twoDigitsAt(text, 8);
  const hour = twoDigitsAt(text, 11);
  const minute = twoDigitsAt(text, 14);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0) {
    return undefined;
  }

  let position = 16;
  let second = 0;
  let millisecond = 0;
  if (text.charCodeAt(position) === 58) {
    second = twoDigitsAt(text, position + 1);
    if (second < 0) {
      return undefined;
    }
    position += 3;
    const mark = text.charCodeAt(position);
    if (mark === 46 || mark === 44) {
      position += 1;
      let digits = 0;
      for (let digit = text.charCodeAt(position) - 48; digit >= 0 && digit <= 9; ) {
        // Limitation: precision beyond milliseconds is dropped, as luxon does.
        millisecond = digits < 3 ? millisecond * 10 + digit : millisecond;
        digits += 1;
        position += 1;
        digit = text.charCodeAt(position) - 48;
      }
      if (digits === 0 || digits > 9) {
        return undefined;
      }
      millisecond *= digits >= 3 ? 1 : 10 ** (3 - digits);
    }
  }
  const offset = position === length ? (isUtc ? 0 : undefined) : readOffset(text, position);
  if (offset === undefined) {
    return undefined;
  }

  if (!isValidDay(year, month, day) || hour > 23 || minute > 59 || second > 59) {
    return '';
  }
  if (offset === 0) {
    // The usual shapes are already the output but for the milliseconds: no rebuilding.
    if (separator === 84 && length === 20 && position === 19) {
      return `${text.slice(0, 19)}.000Z`;
    }
    if (separator === 84 && length === 24 && position === 23 && text.charCodeAt(19) === 46) {
      return text;
    }
    return `${text.slice(0, 10)}T${text.slice(11, 16)}:${pad(second, 2)}.${pad(millisecond, 3)}Z`;
  }
  // Date.UTC maps years 0 to 99 to the 1900s; luxon handles those rare years.
  if (year < 100) {
    return undefined;
  }
  const local = Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
  return new Date(local - offset * 60_000).toISOString();
}
