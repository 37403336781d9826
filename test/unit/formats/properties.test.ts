import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { collect, rowValues, utf8 } from './collect';

const cell = fc.string({
  unit: fc.constantFrom('a', 'é', '€', '😀', ',', '"', '\n', '\r\n', ' ', 'x'),
});
const objectValue = fc.jsonValue({ maxDepth: 3 });

describe('readers, for any input and any chunking', () => {
  it('read a CSV written by papaparse back to its rows', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(cell, cell, cell), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 64 }),
        fc.constantFrom('\n', '\r\n'),
        async (rows, chunkSize, newline) => {
          const nonEmpty = rows.filter((row) => row.some((value) => value !== ''));
          const text = Papa.unparse([['a', 'b', 'c'], ...nonEmpty], { newline, quotes: true });

          const items = await collect(
            utf8(text),
            { format: 'csv', headerRow: 1, chunkBytes: chunkSize },
            chunkSize,
          );

          expect(rowValues(items)).toEqual(nonEmpty.map(([a, b, c]) => ({ a, b, c })));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('read a JSON array of objects to what JSON.parse gives', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.dictionary(fc.string(), objectValue, { maxKeys: 4 }), { maxLength: 20 }),
        fc.integer({ min: 1, max: 64 }),
        fc.constantFrom(0, 2),
        async (objects, chunkSize, indent) => {
          const text = JSON.stringify(objects, null, indent);

          const items = await collect(
            utf8(text),
            { format: 'json', headerRow: 0, chunkBytes: chunkSize },
            chunkSize,
          );

          expect(rowValues(items)).toEqual(JSON.parse(text));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('read JSON lines to the objects written', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.dictionary(fc.string(), objectValue, { maxKeys: 4 }), {
          minLength: 1,
          maxLength: 20,
        }),
        fc.integer({ min: 1, max: 64 }),
        async (objects, chunkSize) => {
          const text = objects.map((object) => JSON.stringify(object)).join('\r\n');

          const items = await collect(
            utf8(text),
            { format: 'jsonl', headerRow: 0, chunkBytes: chunkSize },
            chunkSize,
          );

          expect(rowValues(items)).toEqual(
            objects.map((object) => JSON.parse(JSON.stringify(object))),
          );
        },
      ),
      { numRuns: 150 },
    );
  });
});
