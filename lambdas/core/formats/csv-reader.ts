import Papa from 'papaparse';
import { FileFailure } from '../errors';
import { type ChunkReader, recordTooLarge, withItemsBefore } from './chunk-reader';
import { encodedLength, type TextChunk } from './decode';
import { buildColumns, numberedColumns } from './header';
import type { CellSourceItem } from './types';

export interface CsvReaderOptions {
  delimiter: string;
  quote: string;
  escape: string;
  /** 1-based row from which the first non-empty row is the header; 0 = no header. */
  headerRow: number;
  maxRecordBytes: number;
  /** Reads the encoding lazily: it is known only once the first bytes are decoded. */
  encoding: () => string;
  resume?: { nextRow: number; columns?: string[]; newline?: string; headerWidth?: number };
  /** Rows come as their cells (`CellsItem`) rather than keyed by header name, where they can. */
  emitsCells?: boolean;
}

type Newline = '\r\n' | '\n' | '\r';

/**
 * Guesses the line ending from the text so far, ignoring line breaks inside
 * quotes; undefined until a line break has been seen (a trailing CR may be the
 * first half of a CRLF split between chunks).
 */
// Limitation: one line ending per file, guessed from its start; a file that
// mixes CR, LF and CRLF outside quotes keeps the others inside its fields.
export function guessNewline(text: string, quote: string, isEnd: boolean): Newline | undefined {
  const escaped = quote.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const sample = text
    .slice(0, 1024 * 1024)
    .replace(new RegExp(`${escaped}[^]*?${escaped}`, 'g'), '');
  const byCr = sample.split('\r');
  const byLf = sample.split('\n');
  if (byCr.length === 1 && byLf.length === 1) return isEnd ? '\n' : undefined;
  if (!isEnd && byLf.length === 1 && sample.endsWith('\r') && byCr.length === 2) return undefined;
  if (byCr.length === 1 || (byLf.length > 1 && byLf[0].length < byCr[0].length)) return '\n';
  const followedByLf = byCr.slice(1).filter((part) => part.startsWith('\n')).length;
  return followedByLf >= (byCr.length - 1) / 2 ? '\r\n' : '\r';
}

function isEmptyRow(cells: string[]): boolean {
  return cells[0] === '' && areEmptyFrom(cells, 1);
}

/** Only whitespace in every cell: no header, and no sign that the file holds data. */
function isBlankRow(cells: string[]): boolean {
  return cells.every((cell) => cell.trim() === '');
}

function areEmptyFrom(cells: string[], start: number): boolean {
  for (let index = start; index < cells.length; index += 1) {
    if (cells[index] !== '') return false;
  }
  return true;
}

/**
 * CSV and TSV on papaparse's core parser, fed chunk by chunk with the
 * incomplete last row carried over: the fast path (`header: false`), with
 * rows mapped to header names here. Rows with more non-empty fields than the
 * header become `too_many_fields` row errors; short rows are padded with ''.
 */
export function createCsvReader(options: CsvReaderOptions): ChunkReader {
  let partial = '';
  let partialBytes = 0;
  let consumedBytes = 0;
  let nextRow = options.resume?.nextRow ?? 1;
  let columns = options.resume?.columns;
  let headerWidth = options.resume?.headerWidth ?? columns?.length ?? 0;
  let newline = options.resume?.newline as Newline | undefined;
  let parser: Papa.Parser | undefined;
  /** A row with a value was seen; before the header only, since the header is one. */
  let hasValues = columns !== undefined;

  /**
   * Values beyond the named columns: kept under their column number while the
   * header had a (trailing, unnamed) cell there, so a template can still map
   * them; false when a value lies beyond the header altogether.
   */
  function addExtraCells(cells: string[], values: Record<string, unknown>): boolean {
    const named = columns?.length ?? 0;
    for (let index = named; index < cells.length; index += 1) {
      if (cells[index] === '') continue;
      if (index >= headerWidth) return false;
      values[String(index + 1)] = cells[index];
    }
    return true;
  }

  const createParser = (lineEnding: Newline) =>
    new Papa.Parser({
      delimiter: options.delimiter,
      newline: lineEnding,
      quoteChar: options.quote,
      escapeChar: options.escape,
    });

  function toItems(
    rows: string[][],
    errors: Papa.ParseError[],
    checkSize: boolean,
    items: CellSourceItem[],
  ): CellSourceItem[] {
    // Most chunks have no error: their rows skip the lookup.
    const badRows = errors.length === 0 ? undefined : new Map<number, string>();
    for (const error of errors) {
      if (error.row !== undefined) badRows?.set(error.row, error.message);
    }
    for (let index = 0; index < rows.length; index += 1) {
      const cells = rows[index];
      const row = nextRow;
      nextRow += 1;
      if (
        checkSize &&
        cells.reduce((sum, cell) => sum + cell.length + 1, 0) > options.maxRecordBytes
      ) {
        throw recordTooLarge(row, options.maxRecordBytes);
      }
      if (isEmptyRow(cells)) continue;
      if (columns === undefined) {
        if (options.headerRow === 0) {
          columns = numberedColumns(cells.length);
          headerWidth = cells.length;
          items.push({ kind: 'header', columns });
        } else {
          if (isBlankRow(cells)) continue;
          hasValues = true;
          if (row >= options.headerRow) {
            columns = buildColumns(cells, row).columns;
            headerWidth = cells.length;
            items.push({ kind: 'header', columns });
          }
          continue;
        }
      }
      const problem = badRows?.get(index);
      if (problem !== undefined) {
        items.push({
          kind: 'row_error',
          row,
          code: 'malformed_row',
          message: `Row ${row} has misplaced quotes: ${problem}.`,
        });
        continue;
      }
      // Cells past the named columns are allowed only when empty; then the row reads the same.
      if (
        options.emitsCells &&
        (cells.length <= columns.length || areEmptyFrom(cells, columns.length))
      ) {
        items.push({ kind: 'cells', row, cells });
        continue;
      }
      const values: Record<string, unknown> = {};
      for (let column = 0; column < columns.length; column += 1) {
        values[columns[column]] = column < cells.length ? cells[column] : '';
      }
      if (cells.length > columns.length && !addExtraCells(cells, values)) {
        items.push({
          kind: 'row_error',
          row,
          code: 'too_many_fields',
          message: `Row ${row} has ${cells.length} fields; the header has ${headerWidth} columns.`,
        });
        continue;
      }
      items.push({ kind: 'row', row, values });
    }
    return items;
  }

  function parseRest(): CellSourceItem[] {
    parser ??= createParser(newline ?? guessNewline(partial, options.quote, true) ?? '\n');
    const result = parser.parse(partial, 0, false);
    const unclosed = result.errors.find((error: Papa.ParseError) => error.code === 'MissingQuotes');
    if (unclosed) {
      const row = nextRow + (unclosed.row ?? 0);
      // Limitation: papaparse keeps a field open after text that follows its
      // closing quote, so such a row fails the file here instead of being rejected.
      throw new FileFailure(
        'malformed_file',
        `A quoted field opened on row ${row} is never closed: the file ends inside it. A quote inside an unquoted field, or text after a closing quote, keeps a field open.`,
        { details: { row } },
      );
    }
    consumedBytes += partialBytes;
    partial = '';
    partialBytes = 0;
    const items: CellSourceItem[] = [];
    try {
      return toItems(result.data as string[][], result.errors, true, items);
    } catch (error) {
      throw withItemsBefore(error, items);
    }
  }

  return {
    push(chunk: TextChunk): CellSourceItem[] {
      // Joined rather than added: `+` makes a rope, which papaparse reads more slowly.
      const text = partial === '' ? chunk.text : [partial, chunk.text].join('');
      const textBytes = partialBytes + chunk.byteLength;
      newline ??= guessNewline(text, options.quote, false);
      if (newline === undefined) {
        partial = text;
        partialBytes = textBytes;
        if (partialBytes > options.maxRecordBytes)
          throw recordTooLarge(nextRow, options.maxRecordBytes);
        return [];
      }
      parser ??= createParser(newline);

      const result = parser.parse(text, 0, true);
      partial = text.substring(result.meta.cursor);
      partialBytes = partial.length === 0 ? 0 : encodedLength(partial, options.encoding());
      consumedBytes += textBytes - partialBytes;

      const items: CellSourceItem[] = [];
      try {
        toItems(
          result.data as string[][],
          result.errors,
          text.length > options.maxRecordBytes,
          items,
        );
        if (partialBytes > options.maxRecordBytes) {
          throw recordTooLarge(nextRow, options.maxRecordBytes);
        }
      } catch (error) {
        throw withItemsBefore(error, items);
      }
      return items;
    },

    finish(): CellSourceItem[] {
      const items = partial === '' ? [] : parseRest();
      // A file with no value at all (0 bytes, blank lines) is a day without data, not a bad header.
      if (columns === undefined && options.headerRow > 0 && hasValues) {
        throw new FileFailure(
          'invalid_header',
          `The file has no header row: no row at or after row ${options.headerRow} has any value.`,
          { details: { headerRow: options.headerRow } },
        );
      }
      return items;
    },

    get consumedBytes() {
      return consumedBytes;
    },
    get nextRow() {
      return nextRow;
    },
    get columns() {
      return columns;
    },
    get newline() {
      return newline;
    },
    get headerWidth() {
      return headerWidth;
    },
  };
}
