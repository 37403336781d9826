import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { FileFailure } from '../../../lambdas/core/errors';
import type { ReadOptions } from '../../../lambdas/core/formats/types';
import { collect, collectBatches, failureOf, gzip, rowValues, utf8 } from './collect';

const csv: ReadOptions = { format: 'csv', headerRow: 1 };
const text = 'name,city\nZoë,Köln\nJosé,€uro\n';
const expected = [
  { name: 'Zoë', city: 'Köln' },
  { name: 'José', city: '€uro' },
];

function withBom(bom: number[], body: Uint8Array): Uint8Array {
  return new Uint8Array([...bom, ...body]);
}

describe('decoding files', () => {
  it('reads UTF-8 with a byte order mark without keeping the mark in the first name', async () => {
    const items = await collect(withBom([0xef, 0xbb, 0xbf], utf8(text)), csv);

    expect(items[0]).toEqual({ kind: 'header', columns: ['name', 'city'] });
    expect(rowValues(items)).toEqual(expected);
  });

  it.each([
    ['little-endian', 'utf-16le', [0xff, 0xfe]],
    ['big-endian', 'utf-16be', [0xfe, 0xff]],
  ])(
    'detects UTF-16 %s from its byte order mark, across odd chunk boundaries',
    async (_name, encoding, bom) => {
      const bytes = withBom(bom, new Uint8Array(iconv.encode(text, encoding)));

      const items = await collect(bytes, { ...csv, chunkBytes: 5 }, 5);

      expect(rowValues(items)).toEqual(expected);
    },
  );

  it.each(['latin1', 'windows-1252'])(
    'decodes single-byte %s declared by the template',
    async (encoding) => {
      const source = encoding === 'latin1' ? text.replace('€', 'E') : text;
      const bytes = new Uint8Array(iconv.encode(source, encoding));

      const items = await collect(bytes, { ...csv, encoding });

      expect(rowValues(items)[0]).toEqual({ name: 'Zoë', city: 'Köln' });
      expect(rowValues(items)[1].city).toBe(encoding === 'latin1' ? 'Euro' : '€uro');
    },
  );

  it('fails the file with the byte offset of the first invalid UTF-8 byte', async () => {
    const bytes = new Uint8Array([...utf8('a,b\n1,'), 0xe9, ...utf8('t\n')]);

    const error = await failureOf(collect(bytes, csv));

    expect(error).toBeInstanceOf(FileFailure);
    expect(error.code).toBe('invalid_encoding');
    expect(error.message).toBe(
      "The file is not valid utf-8: invalid bytes at byte offset 6. Declare the file's encoding in the template (for example latin1 or windows-1252) or re-export it as UTF-8.",
    );
  });

  it('counts the offset of an invalid byte across chunks', async () => {
    const bytes = new Uint8Array([...utf8(`h\n${'x'.repeat(100)}\n`), 0xff, 0x0a]);

    const error = await failureOf(collect(bytes, { ...csv, chunkBytes: 16 }, 16));

    expect(error.code).toBe('invalid_encoding');
    expect(error.message).toContain('invalid bytes at byte offset 103.');
  });

  it('fails a Windows-1252 file at the offset of a byte that encoding leaves undefined', async () => {
    const bytes = new Uint8Array([...utf8(`h\n${'x'.repeat(40)}\n`), 0x8d, 0x0a]);

    const error = await failureOf(
      collect(bytes, { ...csv, encoding: 'windows-1252', chunkBytes: 16 }, 16),
    );

    expect(error.code).toBe('invalid_encoding');
    expect(error.message).toContain('not valid windows-1252: invalid bytes at byte offset 43.');
    const asLatin1 = await collect(bytes, { ...csv, encoding: 'latin1' });
    expect(rowValues(asLatin1)).toEqual([{ h: 'x'.repeat(40) }, { h: '\u008d' }]);
  });

  it('refuses an encoding nobody can decode', async () => {
    const error = await failureOf(collect(utf8(text), { ...csv, encoding: 'klingon-8' }));

    expect(error.code).toBe('invalid_encoding');
    expect(error.message).toContain('Encoding "klingon-8" is not supported');
  });

  it('gunzips a file recognised by its magic bytes, whatever it is called', async () => {
    const bytes = gzip(utf8(text));

    const batches = await collectBatches(bytes, { ...csv, chunkBytes: 8 }, 8);

    expect(rowValues(batches.flatMap((batch) => batch.items))).toEqual(expected);
    expect(batches.at(-1)?.bytesRead).toBe(bytes.byteLength);
    expect(batches.at(-1)?.position.seekable).toBe(false);
  });

  it('fails a corrupt gzip file as malformed', async () => {
    const bytes = gzip(utf8(text.repeat(50)));
    bytes.fill(0x41, 30, 60);

    const error = await failureOf(collect(bytes, csv));

    expect(error.code).toBe('malformed_file');
    expect(error.message).toMatch(/^The gzip data is corrupt after \d+ decompressed bytes/);
  });

  it('fails a file that outgrows the size limit while it is read', async () => {
    const error = await failureOf(
      collect(utf8(text.repeat(100)), { ...csv, maxFileBytes: 1000 }, 256),
    );

    expect(error.code).toBe('file_too_large');
    expect(error.message).toBe(
      'The file is larger than the limit of 1000 bytes (1024 bytes read so far).',
    );
  });

  it('applies the size limit to decompressed content, against decompression bombs', async () => {
    const bytes = gzip(utf8(`a\n${'0\n'.repeat(50_000)}`));

    const error = await failureOf(collect(bytes, { ...csv, maxFileBytes: 10_000 }));

    expect(bytes.byteLength).toBeLessThan(10_000);
    expect(error.code).toBe('file_too_large');
    expect(error.message).toBe('The decompressed file is larger than the limit of 10000 bytes.');
  });

  it('gives resume offsets in bytes, so multi-byte text resumes at the right place', async () => {
    const rows = Array.from({ length: 100 }, (_, index) => `${index},Zoë € ${index}`);
    const bytes = withBom([0xef, 0xbb, 0xbf], utf8(`id,name\n${rows.join('\n')}\n`));
    const whole = await collect(bytes, { ...csv, chunkBytes: 100 }, 100);
    const batches = await collectBatches(bytes, { ...csv, chunkBytes: 100 }, 100);
    const position = batches[5].position;

    const rest = await collect(bytes.subarray(position.startOffset), { ...csv, resume: position });

    expect([...batches.slice(0, 6).flatMap((batch) => batch.items), ...rest]).toEqual(whole);
  });
});
