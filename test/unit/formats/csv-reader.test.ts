import { describe, expect, it } from 'vitest';
import { FileFailure } from '../../../lambdas/core/errors';
import type { ReadOptions } from '../../../lambdas/core/formats/types';
import { collect, collectBatches, failureOf, rowValues, utf8 } from './collect';

const csv: ReadOptions = { format: 'csv', headerRow: 1 };

describe('reading CSV', () => {
  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['CR', '\r'],
  ])('reads rows with %s line ends, numbering them as a spreadsheet does', async (_name, eol) => {
    const bytes = utf8(`id,name${eol}1,Ada${eol}2,Grace${eol}`);

    const items = await collect(bytes, csv);

    expect(items).toEqual([
      { kind: 'header', columns: ['id', 'name'] },
      { kind: 'row', row: 2, values: { id: '1', name: 'Ada' } },
      { kind: 'row', row: 3, values: { id: '2', name: 'Grace' } },
    ]);
  });

  it('keeps delimiters, doubled quotes and line breaks inside quoted fields', async () => {
    const bytes = utf8('a,b\r\n"x, y","say ""hi""\r\nbye"\r\n');

    const items = await collect(bytes, csv);

    expect(rowValues(items)).toEqual([{ a: 'x, y', b: 'say "hi"\r\nbye' }]);
  });

  it('gives the same rows whatever the chunk boundaries', async () => {
    const text = 'name,note\r\n"Zoë","multi\nline, ""quoted"""\r\nÅsa,plain\r\n\r\nBo,€5\r\n';
    const whole = await collect(utf8(text), csv);

    const byteByByte = await collect(utf8(text), { ...csv, chunkBytes: 1 }, 1);

    expect(byteByByte).toEqual(whole);
    expect(rowValues(whole)).toHaveLength(3);
  });

  it('skips empty lines but counts them in row numbers', async () => {
    const bytes = utf8('a,b\n1,2\n\n,\n3,4\n');

    const items = await collect(bytes, csv);

    expect(items.filter((item) => item.kind === 'row')).toEqual([
      { kind: 'row', row: 2, values: { a: '1', b: '2' } },
      { kind: 'row', row: 5, values: { a: '3', b: '4' } },
    ]);
  });

  it('finds the header below a preamble at the configured row', async () => {
    const bytes = utf8('Sales report\nGenerated 2026-01-01\n\nsku,qty\nA1,3\n');

    const items = await collect(bytes, { ...csv, headerRow: 3 });

    expect(items).toEqual([
      { kind: 'header', columns: ['sku', 'qty'] },
      { kind: 'row', row: 5, values: { sku: 'A1', qty: '3' } },
    ]);
  });

  it('reports a row with too many fields and pads a row with too few', async () => {
    const bytes = utf8('a,b,c\n1,2,3,4\n5\n');

    const items = await collect(bytes, csv);

    expect(items.slice(1)).toEqual([
      {
        kind: 'row_error',
        row: 2,
        code: 'too_many_fields',
        message: 'Row 2 has 4 fields; the header has 3 columns.',
      },
      { kind: 'row', row: 3, values: { a: '5', b: '', c: '' } },
    ]);
  });

  it('fails the file when text after a closing quote leaves the field open to the end', async () => {
    const error = await failureOf(collect(utf8('a,b\n"V1"x,1\n2,3\n'), csv));

    expect(error.code).toBe('malformed_file');
    expect(error.message).toBe(
      'A quoted field opened on row 2 is never closed: the file ends inside it. A quote inside an unquoted field, or text after a closing quote, keeps a field open.',
    );
  });

  it('trims header names and drops trailing unnamed columns, keeping a value there by number', async () => {
    const bytes = utf8(' id , amount ,,\n1,2,,\n3,4,,x\n5,6,,,y\n');

    const items = await collect(bytes, csv);

    expect(items[0]).toEqual({ kind: 'header', columns: ['id', 'amount'] });
    expect(items[1]).toEqual({ kind: 'row', row: 2, values: { id: '1', amount: '2' } });
    expect(items[2]).toEqual({ kind: 'row', row: 3, values: { id: '3', amount: '4', '4': 'x' } });
    expect(items[3]).toEqual({
      kind: 'row_error',
      row: 4,
      code: 'too_many_fields',
      message: 'Row 4 has 5 fields; the header has 4 columns.',
    });
  });

  it('fails the file when a header name is used twice', async () => {
    const error = await failureOf(collect(utf8('id, name,name \n1,a,b\n'), csv));

    expect(error).toBeInstanceOf(FileFailure);
    expect(error.code).toBe('invalid_header');
    expect(error.message).toBe(
      'The header on row 1 names "name" more than once; column names must be unique.',
    );
  });

  it('fails the file when a header name before the last one is empty', async () => {
    const error = await failureOf(collect(utf8('id,,amount\n1,2,3\n'), csv));

    expect(error.code).toBe('invalid_header');
    expect(error.message).toBe(
      'The header on row 1 has an empty column name at position 2; every column before the last named one needs a name.',
    );
  });

  it('reads a header without rows as zero rows', async () => {
    const items = await collect(utf8('id,name\r\n'), csv);

    expect(items).toEqual([{ kind: 'header', columns: ['id', 'name'] }]);
  });

  it.each([
    ['a 0-byte CSV file', '', 'csv'],
    ['a CSV file of blank lines', '\n\r\n  \n', 'csv'],
    ['a TSV file of whitespace', ' \t \n\n', 'tsv'],
  ] as const)(
    'reads %s as no rows, not as a file without a header',
    async (_name, text, format) => {
      const items = await collect(utf8(text), { format, headerRow: 1 });

      expect(items).toEqual([]);
    },
  );

  it('skips whitespace-only lines before the header', async () => {
    const items = await collect(utf8('  \n\nid\n1\n'), csv);

    expect(items).toEqual([
      { kind: 'header', columns: ['id'] },
      { kind: 'row', row: 4, values: { id: '1' } },
    ]);
  });

  it('fails the file when no header row is found at or after the configured row', async () => {
    const error = await failureOf(collect(utf8('title\n\n'), { ...csv, headerRow: 3 }));

    expect(error.code).toBe('invalid_header');
    expect(error.message).toBe(
      'The file has no header row: no row at or after row 3 has any value.',
    );
  });

  it('reads quotes escaped with the template’s escape character', async () => {
    const items = await collect(utf8('a,b\n"say \\"hi\\"",2\n'), { ...csv, escape: '\\' });

    expect(rowValues(items)).toEqual([{ a: 'say "hi"', b: '2' }]);
  });

  it('keys the values of a headerless file by column number', async () => {
    const items = await collect(utf8('x,y\nz,w\n'), { ...csv, headerRow: 0 });

    expect(rowValues(items)).toEqual([
      { '1': 'x', '2': 'y' },
      { '1': 'z', '2': 'w' },
    ]);
  });

  it('splits a TSV on tabs and honours a custom delimiter and quote', async () => {
    const tsv = await collect(utf8('a\tb\n1,5\t2\n'), { format: 'tsv', headerRow: 1 });
    const semicolon = await collect(utf8("a;b\n'x;y';2\n"), { ...csv, delimiter: ';', quote: "'" });

    expect(rowValues(tsv)).toEqual([{ a: '1,5', b: '2' }]);
    expect(rowValues(semicolon)).toEqual([{ a: 'x;y', b: '2' }]);
  });

  it('fails the file with the row number when an unclosed quote outgrows the record limit', async () => {
    const text = `a,b\n1,2\n3,"never closed${'x'.repeat(5000)}\n4,5\n`;

    const error = await failureOf(
      collect(utf8(text), { ...csv, maxRecordBytes: 1000, chunkBytes: 512 }),
    );

    expect(error.code).toBe('record_too_large');
    expect(error.message).toBe(
      'Row 3 is larger than the record limit of 1,000 bytes, which fails the file; check for an unclosed quote or a missing line break.',
    );
  });

  it('fails the file when a single complete record is over the limit', async () => {
    const error = await failureOf(
      collect(utf8(`a\n${'y'.repeat(3000)}\nz\n`), { ...csv, maxRecordBytes: 1000 }),
    );

    expect(error.code).toBe('record_too_large');
    expect(error.message).toContain(
      'Row 2 is larger than the record limit of 1,000 bytes, which fails the file',
    );
  });

  it('fails the file when it ends inside a quoted field', async () => {
    const error = await failureOf(collect(utf8('a,b\n1,"open\n'), csv));

    expect(error.code).toBe('malformed_file');
    expect(error.message).toBe(
      'A quoted field opened on row 2 is never closed: the file ends inside it. A quote inside an unquoted field, or text after a closing quote, keeps a field open.',
    );
  });

  it('resumes from a batch position with the same rows as a read in one go', async () => {
    const lines = Array.from({ length: 200 }, (_, index) => `${index},"v ${index}\nnext"`);
    const bytes = utf8(`id,value\r\n${lines.join('\r\n')}\r\n`);
    const whole = await collect(bytes, { ...csv, chunkBytes: 1024 }, 1024);
    const batches = await collectBatches(bytes, { ...csv, chunkBytes: 1024 }, 1024);
    const position = batches[2].position;
    const before = batches.slice(0, 3).flatMap((batch) => batch.items);

    const after = await collect(
      bytes.subarray(position.startOffset),
      {
        ...csv,
        chunkBytes: 1024,
        resume: position,
      },
      1024,
    );

    expect(position.seekable).toBe(true);
    expect([...before, ...after]).toEqual(whole);
  });
});
