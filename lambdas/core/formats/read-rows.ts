import type { RowError } from '../model';
import { type ChunkReader, itemsBefore } from './chunk-reader';
import { createCsvReader } from './csv-reader';
import { decodeText, type SourceState } from './decode';
import { createJsonLinesReader } from './json-lines-reader';
import { createJsonReader } from './json-reader';
import {
  type CellSourceItem,
  defaultMaxFileBytes,
  defaultMaxRecordBytes,
  type ReadOptions,
  type RowBatch,
  type RowErrorItem,
  type SourceItem,
} from './types';

function createReader(
  options: ReadOptions,
  state: SourceState,
  maxRecordBytes: number,
  emitsCells: boolean,
): ChunkReader {
  const encoding = () => state.encoding;
  switch (options.format) {
    case 'csv':
    case 'tsv':
      return createCsvReader({
        // A TSV is tab-separated whatever the template's CSV delimiter says.
        delimiter: options.format === 'tsv' ? '\t' : (options.delimiter ?? ','),
        quote: options.quote ?? '"',
        escape: options.escape ?? options.quote ?? '"',
        headerRow: options.headerRow,
        maxRecordBytes,
        encoding,
        resume: options.resume,
        emitsCells,
      });
    case 'jsonl':
      return createJsonLinesReader({ maxRecordBytes, encoding, resume: options.resume });
    case 'json':
      return createJsonReader({ maxRecordBytes });
  }
}

/**
 * Reads a stored file as batches of header, row and row-error items, one
 * batch per chunk of input, each with the position a later read can resume
 * from. Memory stays bounded: one chunk plus one incomplete record.
 *
 * Throws `FileFailure` for what fails the whole file: `file_too_large`,
 * `invalid_encoding` (with the byte offset), `malformed_file` (with a
 * position), `invalid_header`, `record_too_large` (with the row number).
 * The rows a chunk held before the failure come first, in a batch marked
 * `endsInFailure`, so a caller counts every row read up to it.
 */
export function readRowBatches(
  bytes: AsyncIterable<Uint8Array>,
  options: ReadOptions,
): AsyncGenerator<RowBatch> {
  return readBatches(bytes, options, false) as AsyncGenerator<RowBatch>;
}

/**
 * `readRowBatches` with the rows of CSV and TSV files as `CellsItem`s, their
 * cells in header column order, instead of objects keyed by header name:
 * for a caller that resolves columns once per header (the import), it saves
 * building one object per row. JSON rows and rows with values beyond the
 * named columns come as `RowItem`s still.
 */
export function readCellBatches(
  bytes: AsyncIterable<Uint8Array>,
  options: ReadOptions,
): AsyncGenerator<RowBatch<CellSourceItem>> {
  return readBatches(bytes, options, true);
}

async function* readBatches(
  bytes: AsyncIterable<Uint8Array>,
  options: ReadOptions,
  emitsCells: boolean,
): AsyncGenerator<RowBatch<CellSourceItem>> {
  const resume = options.resume;
  const startOffset = resume?.startOffset ?? 0;
  const state: SourceState = {
    bytesRead: 0,
    compressed: false,
    encoding: resume?.encoding ?? options.encoding ?? 'utf-8',
    bomBytes: 0,
    isByteExact: true,
  };
  const reader = createReader(
    options,
    state,
    options.maxRecordBytes ?? defaultMaxRecordBytes,
    emitsCells,
  );
  const text = decodeText(
    bytes,
    {
      encoding: state.encoding,
      maxFileBytes: options.maxFileBytes ?? defaultMaxFileBytes,
      isResume: startOffset > 0,
      startOffset,
      chunkBytes: options.chunkBytes,
    },
    state,
  );

  const batchOf = (items: CellSourceItem[]): RowBatch<CellSourceItem> => ({
    items,
    bytesRead: state.bytesRead,
    position: {
      startOffset: startOffset + state.bomBytes + reader.consumedBytes,
      nextRow: reader.nextRow,
      columns: reader.columns,
      encoding: state.encoding,
      seekable: !state.compressed && options.format !== 'json' && state.isByteExact,
      ...(reader.newline ? { newline: reader.newline } : {}),
      ...(reader.headerWidth ? { headerWidth: reader.headerWidth } : {}),
    },
  });

  // A failure mid-chunk still hands over the rows before it, as earlier chunks' rows were.
  let items: CellSourceItem[];
  try {
    for await (const chunk of text) {
      items = reader.push(chunk);
      if (items.length > 0) yield batchOf(items);
    }
    items = reader.finish();
  } catch (error) {
    const before = itemsBefore(error);
    if (before.length > 0) yield { ...batchOf(before), endsInFailure: true };
    throw error;
  }
  yield batchOf(items);
}

/** The items of `readRowBatches` one by one; convenient where speed matters less. */
export async function* readRows(
  bytes: AsyncIterable<Uint8Array>,
  options: ReadOptions,
): AsyncGenerator<SourceItem> {
  for await (const batch of readRowBatches(bytes, options)) {
    yield* batch.items;
  }
}

/** The row error of a row the reader could not read, with its value when it has one. */
export function rowErrorOf(item: RowErrorItem): RowError {
  const error: RowError = { row: item.row, code: item.code, message: item.message };
  if (item.value !== undefined) error.value = item.value;
  return error;
}
