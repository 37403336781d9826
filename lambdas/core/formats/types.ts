import type { FileFormat } from './detect';

/** The header of a delimited file: the normalised column names, in order. */
export interface HeaderItem {
  kind: 'header';
  columns: string[];
}

/** One data row, keyed by column name (or by path-able object for JSON). */
export interface RowItem {
  kind: 'row';
  /** Row number as a spreadsheet shows it (JSON: element or line number). */
  row: number;
  values: Record<string, unknown>;
}

/** A row that could not be read; the file goes on. */
export interface RowErrorItem {
  kind: 'row_error';
  row: number;
  code: string;
  message: string;
  /** The offending value as text (at most 200 characters), where there is one. */
  value?: string;
}

export type SourceItem = HeaderItem | RowItem | RowErrorItem;

/**
 * A delimited row as its cells in header column order, from `readCellBatches`
 * only. A short row has fewer cells than columns (the rest read as ''); a row
 * with values beyond the named columns comes as a `RowItem` instead.
 */
export interface CellsItem {
  kind: 'cells';
  row: number;
  cells: string[];
}

/** What `readCellBatches` yields: the source items, with delimited rows as cells. */
export type CellSourceItem = SourceItem | CellsItem;

/**
 * Where a later read can resume: pass it back as `ReadOptions.resume`. Only a
 * `seekable` position can start mid-file; otherwise the whole source is read
 * again and rows before `nextRow` are the caller's to skip.
 */
export interface ResumePosition {
  /** Byte offset, in the decompressed source, after the last complete row. */
  startOffset: number;
  /** Row number of the next row to read. */
  nextRow: number;
  /** Header columns, when the file has a header. */
  columns?: string[];
  /** The encoding the file was read with (detected from a BOM or declared). */
  encoding: string;
  /** False for gzip sources and JSON documents, which cannot start mid-stream. */
  seekable: boolean;
  /** Line ending of a delimited file, as guessed from its first chunk. */
  newline?: string;
  /** Cells in the header row, including trailing unnamed ones. */
  headerWidth?: number;
}

/**
 * The items produced from one chunk of input, and the position after them.
 * Batches keep the per-row cost low: one await per chunk, not per row.
 */
export interface RowBatch<Item = SourceItem> {
  items: Item[];
  position: ResumePosition;
  /** Bytes of the source object (compressed, as stored) read so far in this read. */
  bytesRead: number;
  /**
   * The rows of a chunk before a file failure: the read throws right after
   * this batch, and its position is no place to resume from.
   */
  endsInFailure?: boolean;
}

export interface ReadOptions {
  format: FileFormat;
  /** 1-based row of the header (the first non-empty row from there on); 0 = no header. */
  headerRow: number;
  delimiter?: string;
  quote?: string;
  escape?: string;
  /** Declared encoding; a BOM overrides it. Default UTF-8. */
  encoding?: string;
  /** Largest single record, in bytes. Default 1 MiB. */
  maxRecordBytes?: number;
  /** Largest source, compressed or not, in bytes. Default 1 GiB. */
  maxFileBytes?: number;
  /** Continue a read: the bytes given start at `resume.startOffset`. */
  resume?: ResumePosition;
  /** Input is regrouped into chunks of at least this many bytes. Default 256 KiB. */
  chunkBytes?: number;
}

export const defaultMaxRecordBytes = 1024 * 1024;
export const defaultMaxFileBytes = 1024 ** 3;
