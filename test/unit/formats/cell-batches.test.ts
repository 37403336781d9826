import { describe, expect, it } from 'vitest';
import { readCellBatches, readRowBatches } from '../../../lambdas/core/formats/read-rows';
import type { CellSourceItem, ReadOptions, SourceItem } from '../../../lambdas/core/formats/types';
import { chunksOf, utf8 } from './collect';

async function collectCells(bytes: Uint8Array, options: ReadOptions): Promise<CellSourceItem[]> {
  const items: CellSourceItem[] = [];
  for await (const batch of readCellBatches(chunksOf(bytes, 7), options)) {
    items.push(...batch.items);
  }
  return items;
}

async function collectRows(bytes: Uint8Array, options: ReadOptions): Promise<SourceItem[]> {
  const items: SourceItem[] = [];
  for await (const batch of readRowBatches(chunksOf(bytes, 7), options)) {
    items.push(...batch.items);
  }
  return items;
}

describe('reading delimited rows as cells', () => {
  it('gives rows as cells in header order, short rows unpadded and empty extra cells kept', async () => {
    const bytes = utf8('id,name,,\n1,Ada\n2,"Grace, H",,\n\n3,Bo,\n');

    const items = await collectCells(bytes, { format: 'csv', headerRow: 1 });

    expect(items).toEqual([
      { kind: 'header', columns: ['id', 'name'] },
      { kind: 'cells', row: 2, cells: ['1', 'Ada'] },
      { kind: 'cells', row: 3, cells: ['2', 'Grace, H', '', ''] },
      { kind: 'cells', row: 5, cells: ['3', 'Bo', ''] },
    ]);
  });

  it('keeps the keyed row for a value beyond the named columns, and the row error past the header', async () => {
    const bytes = utf8('id,name,\n1,Ada,extra\n2,Bo,,more\n');

    const items = await collectCells(bytes, { format: 'csv', headerRow: 1 });

    expect(items.slice(1)).toEqual([
      { kind: 'row', row: 2, values: { id: '1', name: 'Ada', '3': 'extra' } },
      {
        kind: 'row_error',
        row: 3,
        code: 'too_many_fields',
        message: 'Row 3 has 4 fields; the header has 3 columns.',
      },
    ]);
  });

  it('reads a headerless file as cells under numbered columns', async () => {
    const bytes = utf8('a\tb\nc\td\n');

    const items = await collectCells(bytes, { format: 'tsv', headerRow: 0 });

    expect(items).toEqual([
      { kind: 'header', columns: ['1', '2'] },
      { kind: 'cells', row: 1, cells: ['a', 'b'] },
      { kind: 'cells', row: 2, cells: ['c', 'd'] },
    ]);
  });

  it('reads JSON lines as keyed rows, exactly as readRowBatches does', async () => {
    const bytes = utf8('{"id":1}\n{"id":2,"tags":["x"]}\n');
    const options: ReadOptions = { format: 'jsonl', headerRow: 0 };

    const items = await collectCells(bytes, options);

    expect(items).toEqual(await collectRows(bytes, options));
  });
});
