import { FileFailure } from '../errors';
import type { TextChunk } from './decode';
import type { CellSourceItem } from './types';

/**
 * A format's parser, fed one text chunk at a time. `consumedBytes` counts the
 * bytes of the text up to the end of the last complete row, so a read can
 * resume there.
 */
export interface ChunkReader {
  push(chunk: TextChunk): CellSourceItem[];
  /** Parses what is left at the end of the input. */
  finish(): CellSourceItem[];
  readonly consumedBytes: number;
  readonly nextRow: number;
  readonly columns: string[] | undefined;
  /** Line ending in use, for delimited files. */
  readonly newline?: string;
  /** Cells in the header row, named or not, for delimited files. */
  readonly headerWidth?: number;
}

// Kept beside the error rather than on it, so that a logged failure never carries row contents.
const itemsBeforeFailure = new WeakMap<object, CellSourceItem[]>();

/**
 * Keeps with a file failure the items its chunk produced before it, so the
 * rows read up to the failure are still counted and imported. Returns `error`
 * for the caller to throw.
 */
export function withItemsBefore(error: unknown, items: CellSourceItem[]): unknown {
  if (error instanceof FileFailure && items.length > 0) itemsBeforeFailure.set(error, items);
  return error;
}

/** The items a chunk produced before `error`; none for other errors. */
export function itemsBefore(error: unknown): CellSourceItem[] {
  return (typeof error === 'object' && error !== null && itemsBeforeFailure.get(error)) || [];
}

/**
 * Fails the file when one record's text grows past the record limit (1 MiB by
 * default: an unclosed quote, a huge line). Not to be confused with the
 * smaller destination item limit, which rejects one row (`checkRecordSize`).
 */
export function recordTooLarge(row: number, maxRecordBytes: number): FileFailure {
  return new FileFailure(
    'record_too_large',
    `Row ${row} is larger than the record limit of ${maxRecordBytes.toLocaleString('en-US')} bytes, which fails the file; check for an unclosed quote or a missing line break.`,
    { details: { row, maxRecordBytes } },
  );
}
