import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../../lambdas/core/formats/detect';

describe('detectFormat', () => {
  it.each([
    ['in/orders.csv', 'csv'],
    ['in/ORDERS.CSV', 'csv'],
    ['in/report.tsv', 'tsv'],
    ['in/report.tab', 'tsv'],
    ['in/orders.json', 'json'],
    ['in/events.jsonl', 'jsonl'],
    ['in/events.ndjson', 'jsonl'],
    ['in/events.ndjson.gz', 'jsonl'],
    ['in/orders.csv.GZ', 'csv'],
  ])('picks the format of %s from its extension under auto', (key, format) => {
    expect(detectFormat(key, 'auto')).toBe(format);
  });

  it.each([
    'in/photo.png',
    'in/book.xlsx',
    'in/orders',
    'in/orders.gz',
    'in/.csv',
    'in.csv/orders',
  ])('finds no format for %s under auto', (key) => {
    expect(detectFormat(key, 'auto')).toBeUndefined();
  });

  it('takes the template format for its own extension, .txt, .dat and no extension', () => {
    expect(
      ['in/a.json', 'in/a.txt', 'in/a.dat', 'in/a', 'in/a.txt.gz'].map((key) =>
        detectFormat(key, 'json'),
      ),
    ).toEqual(['json', 'json', 'json', 'json', 'json']);
  });

  it('splits a delimited file by the template whichever delimited extension it has', () => {
    expect(detectFormat('in/report.tsv', 'csv')).toBe('csv');
    expect(detectFormat('in/report.csv', 'tsv')).toBe('tsv');
  });

  it('refuses a file whose extension names another format than the template', () => {
    expect(detectFormat('in/orders.json', 'csv')).toBeUndefined();
    expect(detectFormat('in/orders.csv', 'jsonl')).toBeUndefined();
    expect(detectFormat('in/photo.png', 'csv')).toBeUndefined();
  });
});
