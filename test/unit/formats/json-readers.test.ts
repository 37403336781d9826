import { describe, expect, it } from 'vitest';
import { FileFailure } from '../../../lambdas/core/errors';
import type { ReadOptions } from '../../../lambdas/core/formats/types';
import { collect, collectBatches, failureOf, gzip, rowValues, utf8 } from './collect';

const jsonl: ReadOptions = { format: 'jsonl', headerRow: 0 };
const json: ReadOptions = { format: 'json', headerRow: 0 };

describe('reading JSON lines', () => {
  it('reads one object per line, LF or CRLF, skipping blank lines', async () => {
    const bytes = utf8('{"id":1}\r\n\n  \n{"id":2,"tags":["a"]}\n{"id":3}');

    const items = await collect(bytes, jsonl);

    expect(items).toEqual([
      { kind: 'row', row: 1, values: { id: 1 } },
      { kind: 'row', row: 4, values: { id: 2, tags: ['a'] } },
      { kind: 'row', row: 5, values: { id: 3 } },
    ]);
  });

  it('turns a bad line into that row’s error and goes on', async () => {
    const bytes = utf8('{"id":1}\n{"id":\n[1,2]\n{"id":4}\n');

    const items = await collect(bytes, jsonl);

    expect(items[1]).toMatchObject({ kind: 'row_error', row: 2, code: 'malformed_row' });
    expect((items[1] as { message: string }).message).toMatch(/^Line 2 is not valid JSON: /);
    expect(items[2]).toEqual({
      kind: 'row_error',
      row: 3,
      code: 'not_an_object',
      message: 'Line 3 holds an array; each line must be a JSON object.',
      value: '[1,2]',
    });
    expect(items[3]).toEqual({ kind: 'row', row: 4, values: { id: 4 } });
  });

  it('fails the file when one line is over the record limit', async () => {
    const bytes = utf8(`{"id":1}\n{"blob":"${'x'.repeat(5000)}"}\n`);

    const error = await failureOf(
      collect(bytes, { ...jsonl, maxRecordBytes: 1000, chunkBytes: 256 }, 256),
    );

    expect(error).toBeInstanceOf(FileFailure);
    expect(error.code).toBe('record_too_large');
    expect(error.message).toContain(
      'Row 2 is larger than the record limit of 1,000 bytes, which fails the file',
    );
  });

  it('reads gzipped JSON lines and resumes an uncompressed file at a line', async () => {
    const lines = Array.from({ length: 50 }, (_, index) =>
      JSON.stringify({ id: index, name: `Zoë ${index}` }),
    );
    const bytes = utf8(`${lines.join('\n')}\n`);
    const whole = await collect(bytes, { ...jsonl, chunkBytes: 128 }, 128);
    const batches = await collectBatches(bytes, { ...jsonl, chunkBytes: 128 }, 128);
    const position = batches[3].position;

    const zipped = await collect(gzip(bytes), jsonl);
    const rest = await collect(bytes.subarray(position.startOffset), {
      ...jsonl,
      resume: position,
    });

    expect(zipped).toEqual(whole);
    expect([...batches.slice(0, 4).flatMap((batch) => batch.items), ...rest]).toEqual(whole);
  });
});

describe('reading a JSON document', () => {
  it('streams a top-level array element by element across chunk boundaries', async () => {
    const bytes = utf8('[\n {"id": 1, "a": {"b": [1, 2]}},\n {"id": 2, "s": "é"}\n]\n');

    const items = await collect(bytes, { ...json, chunkBytes: 4 }, 3);

    expect(items).toEqual([
      { kind: 'row', row: 1, values: { id: 1, a: { b: [1, 2] } } },
      { kind: 'row', row: 2, values: { id: 2, s: 'é' } },
    ]);
  });

  it('reads a single top-level object as one row', async () => {
    const items = await collect(utf8('{"orders": [{"id": 1}], "count": 1}'), json);

    expect(rowValues(items)).toEqual([{ orders: [{ id: 1 }], count: 1 }]);
  });

  it('reports an element that is not an object as a row error', async () => {
    const items = await collect(utf8('[{"id":1}, 42, null]'), json);

    expect(items.slice(1)).toEqual([
      {
        kind: 'row_error',
        row: 2,
        code: 'not_an_object',
        message: 'Element 2 is a number; each element must be a JSON object.',
        value: '42',
      },
      {
        kind: 'row_error',
        row: 3,
        code: 'not_an_object',
        message: 'Element 3 is null; each element must be a JSON object.',
        value: 'null',
      },
    ]);
  });

  it('fails malformed JSON with the position where parsing stopped', async () => {
    const error = await failureOf(collect(utf8('[{"id":1},{"id":2,}]'), json));

    expect(error.code).toBe('malformed_file');
    expect(error.message).toBe(
      'The JSON document is malformed at position 18: Expected double-quoted property name in element 2.',
    );
  });

  it('fails a document that stops before its end', async () => {
    const error = await failureOf(collect(utf8('[{"id":1},'), json));

    expect(error.code).toBe('malformed_file');
    expect(error.message).toBe(
      'The JSON document is malformed at position 10: the document ends before its top-level array is closed.',
    );
  });

  it('fails trailing data after the top-level value', async () => {
    const error = await failureOf(collect(utf8('[{"id":1}] {"id":2}'), json));

    expect(error.code).toBe('malformed_file');
    expect(error.message).toBe(
      'The JSON document is malformed at position 11: unexpected data after the end of the top-level value.',
    );
  });

  it('fails an empty document', async () => {
    const error = await failureOf(collect(utf8('  \n'), json));

    expect(error.code).toBe('malformed_file');
    expect(error.message).toBe(
      'The JSON document is malformed at position 3: the file holds no JSON value.',
    );
  });

  it('fails the file when one element grows past the record limit', async () => {
    const bytes = utf8(`[{"id":1},{"blob":"${'x'.repeat(5000)}"}]`);

    const error = await failureOf(
      collect(bytes, { ...json, maxRecordBytes: 1000, chunkBytes: 256 }, 256),
    );

    expect(error.code).toBe('record_too_large');
    expect(error.message).toContain(
      'Row 2 is larger than the record limit of 1,000 bytes, which fails the file',
    );
  });

  it('marks a JSON document as not seekable, so a resume reads it again', async () => {
    const batches = await collectBatches(utf8('[{"id":1}]'), json);

    expect(batches.at(-1)?.position).toMatchObject({ seekable: false, nextRow: 2 });
  });
});
