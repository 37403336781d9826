import { originalText } from '../templates/value-problem';
import { type ChunkReader, recordTooLarge, withItemsBefore } from './chunk-reader';
import { encodedLength, type TextChunk } from './decode';
import type { SourceItem } from './types';

export interface JsonLinesReaderOptions {
  maxRecordBytes: number;
  encoding: () => string;
  resume?: { nextRow: number };
}

/**
 * The reason and position of a `JSON.parse` error, without the excerpt of the
 * input some messages quote: results and logs carry no row contents.
 */
export function describeJsonError(error: unknown): { reason: string; position?: number } {
  const message = error instanceof Error ? error.message : String(error);
  const match = /at position (\d+)/.exec(message);
  const reason = message
    .replace(/, ".*" is not valid JSON$/s, '')
    .replace(/ in JSON at position \d+.*$/s, '')
    .replace(/^Unexpected token '(.)'$/, 'unexpected "$1"');
  return { reason, position: match ? Number(match[1]) : undefined };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses one line; a bad line is that row's error, never the file's. */
export function parseJsonLine(line: string, row: number): SourceItem | undefined {
  const text = line.endsWith('\r') ? line.slice(0, -1) : line;
  if (text.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return {
      kind: 'row_error',
      row,
      code: 'malformed_row',
      message: `Line ${row} is not valid JSON: ${describeJsonError(error).reason}.`,
    };
  }
  if (!isPlainObject(value)) {
    const found = Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
    return {
      kind: 'row_error',
      row,
      code: 'not_an_object',
      message: `Line ${row} holds ${found}; each line must be a JSON object.`,
      value: originalText(value),
    };
  }
  return { kind: 'row', row, values: value };
}

/**
 * JSON lines: one object per line (LF or CRLF), blank lines skipped. Row
 * numbers are line numbers.
 */
export function createJsonLinesReader(options: JsonLinesReaderOptions): ChunkReader {
  let partial = '';
  let partialBytes = 0;
  let consumedBytes = 0;
  let nextRow = options.resume?.nextRow ?? 1;

  function takeLine(line: string, items: SourceItem[]) {
    const row = nextRow;
    nextRow += 1;
    if (line.length > options.maxRecordBytes) throw recordTooLarge(row, options.maxRecordBytes);
    const item = parseJsonLine(line, row);
    if (item) items.push(item);
  }

  return {
    push(chunk: TextChunk): SourceItem[] {
      const text = partial + chunk.text;
      const textBytes = partialBytes + chunk.byteLength;
      const items: SourceItem[] = [];
      let start = 0;
      try {
        for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
          takeLine(text.substring(start, end), items);
          start = end + 1;
        }
      } catch (error) {
        throw withItemsBefore(error, items);
      }
      partial = text.substring(start);
      partialBytes = partial.length === 0 ? 0 : encodedLength(partial, options.encoding());
      consumedBytes += textBytes - partialBytes;
      if (partialBytes > options.maxRecordBytes)
        throw withItemsBefore(recordTooLarge(nextRow, options.maxRecordBytes), items);
      return items;
    },

    finish(): SourceItem[] {
      const items: SourceItem[] = [];
      if (partial !== '') takeLine(partial, items);
      consumedBytes += partialBytes;
      partial = '';
      partialBytes = 0;
      return items;
    },

    get consumedBytes() {
      return consumedBytes;
    },
    get nextRow() {
      return nextRow;
    },
    columns: undefined,
  };
}
