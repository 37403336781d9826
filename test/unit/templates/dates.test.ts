import fc from 'fast-check';
import { DateTime, FixedOffsetZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { convert, errorOf } from './helpers';

describe('date fields', () => {
  it('reads ISO dates and refuses impossible ones', () => {
    expect(convert({ type: 'date' }, '2024-02-29')).toBe('2024-02-29');

    const error = errorOf({ type: 'date' }, '2023-02-29');

    expect(error.code).toBe('invalid_date');
    expect(error.message).toBe('Field "value": "2023-02-29" is not an ISO 8601 date (yyyy-MM-dd).');
  });

  it('reads dates and timestamps with surrounding whitespace as without it', () => {
    expect(convert({ type: 'date' }, ' 2024-02-29\t')).toBe('2024-02-29');
    expect(convert({ type: 'timestamp' }, '  2024-03-05T10:00:00Z ')).toBe(
      '2024-03-05T10:00:00.000Z',
    );
    expect(convert({ type: 'timestamp' }, ' 2024-03-31 10:00 ')).toBe('2024-03-31T10:00:00.000Z');
    expect(errorOf({ type: 'date' }, ' 2023-02-29 ').code).toBe('invalid_date');
  });

  it('takes the date of an ISO timestamp in the field time zone', () => {
    expect(convert({ type: 'date' }, '2024-03-05T23:30:00Z')).toBe('2024-03-05');
    expect(convert({ type: 'date', timeZone: 'Europe/Paris' }, '2024-03-05T23:30:00Z')).toBe(
      '2024-03-06',
    );
  });

  it('reads exactly the format of the template', () => {
    expect(convert({ type: 'date', format: 'dd/MM/yyyy' }, '05/03/2024')).toBe('2024-03-05');
    expect(convert({ type: 'date', format: 'd MMM yyyy' }, '5 Mar 2024')).toBe('2024-03-05');

    const error = errorOf({ type: 'date', format: 'dd/MM/yyyy' }, '2024-03-05');

    expect(error.message).toBe('Field "value": "2024-03-05" is not a date written "dd/MM/yyyy".');
  });

  it('rejects a JSON number for a date field', () => {
    expect(errorOf({ type: 'date' }, 20240305).message).toBe(
      'Field "value": the number 20240305 is not an ISO 8601 date (yyyy-MM-dd).',
    );
  });
});

describe('timestamp fields', () => {
  it.each([
    ['2024-03-05T13:14:15Z', '2024-03-05T13:14:15.000Z'],
    ['2024-03-05T13:14:15.5Z', '2024-03-05T13:14:15.500Z'],
    ['2024-03-05T13:14:15.123456+00:00', '2024-03-05T13:14:15.123Z'],
    ['2024-03-05T13:14:15+02:00', '2024-03-05T11:14:15.000Z'],
    ['2024-03-05T01:00-0130', '2024-03-05T02:30:00.000Z'],
    ['2024-03-05 13:14:15', '2024-03-05T13:14:15.000Z'],
    ['2024-03-05T13:14', '2024-03-05T13:14:00.000Z'],
    ['2024-03-05', '2024-03-05T00:00:00.000Z'],
    ['20240305T131415Z', '2024-03-05T13:14:15.000Z'],
    ['2024-03-05T13:14:15,25+01', '2024-03-05T12:14:15.250Z'],
    ['2024-03-05T00:30:00+0100', '2024-03-04T23:30:00.000Z'],
    ['2024-03-05T13:14:15.123456789-00:00', '2024-03-05T13:14:15.123Z'],
    ['0099-03-05T13:14:15+01:00', '0099-03-05T12:14:15.000Z'],
  ])('reads %j as the UTC instant %j', (raw, expected) => {
    expect(convert({ type: 'timestamp' }, raw)).toBe(expected);
  });

  it('reads values without an offset in the field time zone, daylight saving included', () => {
    const field = { type: 'timestamp' as const, timeZone: 'Europe/Paris' };

    expect(convert(field, '2024-01-15T12:00:00')).toBe('2024-01-15T11:00:00.000Z');
    expect(convert(field, '2024-07-15 12:00:00')).toBe('2024-07-15T10:00:00.000Z');
    expect(convert(field, '2024-07-15T12:00:00Z')).toBe('2024-07-15T12:00:00.000Z');
  });

  it('reads a template format in the field time zone', () => {
    const field = {
      type: 'timestamp' as const,
      format: 'dd/MM/yyyy HH:mm',
      timeZone: 'America/New_York',
    };

    expect(convert(field, '05/03/2024 08:30')).toBe('2024-03-05T13:30:00.000Z');
  });

  it.each([
    '2024-03-05T24:00:00Z',
    '2024-03-05T12:60:00Z',
    '2024-13-01T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '2024-03-05T12:00:00Zulu',
    'soon',
  ])('rejects %j', (raw) => {
    const error = errorOf({ type: 'timestamp' }, raw);

    expect(error.code).toBe('invalid_date');
    expect(error.message).toBe(
      `Field "value": ${JSON.stringify(raw)} is not an ISO 8601 timestamp (yyyy-MM-ddTHH:mm:ss with an optional offset).`,
    );
  });
});

describe('the fast timestamp reader', () => {
  it('agrees with luxon on ISO timestamps with any offset', () => {
    const instants = fc.date({
      min: new Date('1900-01-01T00:00:00Z'),
      max: new Date('2199-12-31T23:59:59Z'),
      noInvalidDate: true,
    });
    const offsets = fc.integer({ min: -14 * 60, max: 14 * 60 });

    fc.assert(
      fc.property(instants, offsets, (instant, offset) => {
        const text = DateTime.fromJSDate(instant, {
          zone: FixedOffsetZone.instance(offset),
        }).toISO();

        expect(convert({ type: 'timestamp' }, text)).toBe(
          DateTime.fromISO(text ?? '')
            .toUTC()
            .toISO(),
        );
      }),
    );
  });
});
