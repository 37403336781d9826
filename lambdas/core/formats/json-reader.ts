import { FileFailure } from '../errors';
import { originalText } from '../templates/value-problem';
import { type ChunkReader, recordTooLarge, withItemsBefore } from './chunk-reader';
import type { TextChunk } from './decode';
import { describeJsonError } from './json-lines-reader';
import type { SourceItem } from './types';

export interface JsonReaderOptions {
  maxRecordBytes: number;
}

// Where the scanner is in the document.
const start = 0;
const firstElementOrEnd = 1;
const nextElement = 2;
const inElement = 3;
const afterElement = 4;
const ended = 5;
const wholeValue = 6;

const space = 0x20;
const tab = 0x09;
const lineFeed = 0x0a;
const carriageReturn = 0x0d;
const quote = 0x22;
const backslash = 0x5c;
const comma = 0x2c;
const openBracket = 0x5b;
const closeBracket = 0x5d;
const openBrace = 0x7b;
const closeBrace = 0x7d;

function isWhitespace(code: number): boolean {
  return code === space || code === lineFeed || code === carriageReturn || code === tab;
}

function malformed(position: number, reason: string, cause?: unknown): FileFailure {
  return new FileFailure(
    'malformed_file',
    `The JSON document is malformed at position ${position}: ${reason}.`,
    {
      cause,
      details: { position },
    },
  );
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  return value === null ? 'null' : `a ${typeof value}`;
}

/**
 * A JSON document. A top-level array is scanned element by element (string
 * and nesting aware) and each element parsed with `JSON.parse`, which is far
 * faster than a token-by-token parser; row n is element n. Any other
 * top-level value is one row, held whole (within the record limit). An
 * element that is not an object is a `not_an_object` row error; malformed
 * JSON fails the file with the character position where it was found.
 */
// Limitation: a document whose top level is an object (an array under a root
// key, as some APIs export) is one row and must fit within the record limit;
// only a top-level array is streamed.
export function createJsonReader(options: JsonReaderOptions): ChunkReader {
  let state = start;
  let nextRow = 1;
  let consumedBytes = 0;
  let base = 0;
  let parts: string[] = [];
  let partsLength = 0;
  let elementStart = 0;
  let depth = 0;
  let isInString = false;
  let isEscaped = false;

  function emit(text: string, row: number, items: SourceItem[]) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      const { reason, position } = describeJsonError(error);
      throw malformed(elementStart + (position ?? 0), `${reason} in element ${row}`, error);
    }
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      items.push({ kind: 'row', row, values: value as Record<string, unknown> });
    } else {
      items.push({
        kind: 'row_error',
        row,
        code: 'not_an_object',
        message: `Element ${row} is ${describe(value)}; each element must be a JSON object.`,
        value: originalText(value),
      });
    }
  }

  function completeElement(text: string, from: number, to: number, items: SourceItem[]) {
    const tail = text.slice(from, to);
    const element = parts.length === 0 ? tail : parts.join('') + tail;
    parts = [];
    partsLength = 0;
    const row = nextRow;
    nextRow += 1;
    emit(element, row, items);
    state = afterElement;
  }

  /** Scans an element from `index`; returns where scanning stopped. */
  function scanElement(text: string, index: number, items: SourceItem[]): number {
    const from = index;
    for (let at = index; at < text.length; at += 1) {
      const code = text.charCodeAt(at);
      if (isInString) {
        if (isEscaped) isEscaped = false;
        else if (code === backslash) isEscaped = true;
        else if (code === quote) {
          isInString = false;
          if (depth === 0) {
            completeElement(text, from, at + 1, items);
            return at + 1;
          }
        }
      } else if (code === quote) {
        isInString = true;
      } else if (code === openBrace || code === openBracket) {
        depth += 1;
      } else if (code === closeBrace || code === closeBracket) {
        if (depth === 0) {
          completeElement(text, from, at, items);
          return at;
        }
        depth -= 1;
        if (depth === 0) {
          completeElement(text, from, at + 1, items);
          return at + 1;
        }
      } else if (depth === 0 && (code === comma || isWhitespace(code))) {
        completeElement(text, from, at, items);
        return at;
      }
    }
    parts.push(text.slice(from));
    partsLength += text.length - from;
    if (partsLength > options.maxRecordBytes) throw recordTooLarge(nextRow, options.maxRecordBytes);
    return text.length;
  }

  function scan(text: string, items: SourceItem[]): void {
    let index = 0;
    while (index < text.length) {
      if (state === inElement) {
        index = scanElement(text, index, items);
        continue;
      }
      if (state === wholeValue) {
        parts.push(index === 0 ? text : text.slice(index));
        partsLength += text.length - index;
        if (partsLength > options.maxRecordBytes) throw recordTooLarge(1, options.maxRecordBytes);
        break;
      }
      const code = text.charCodeAt(index);
      if (isWhitespace(code)) {
        index += 1;
        continue;
      }
      const position = base + index;
      if (state === start) {
        state = code === openBracket ? firstElementOrEnd : wholeValue;
        elementStart = position;
        index += code === openBracket ? 1 : 0;
      } else if (state === firstElementOrEnd && code === closeBracket) {
        state = ended;
        index += 1;
      } else if (state === firstElementOrEnd || state === nextElement) {
        if (code === closeBracket || code === comma) {
          throw malformed(position, `expected an element, found "${text[index]}"`);
        }
        state = inElement;
        elementStart = position;
        depth = 0;
      } else if (state === afterElement && (code === comma || code === closeBracket)) {
        state = code === comma ? nextElement : ended;
        index += 1;
      } else if (state === afterElement) {
        throw malformed(position, `expected "," or "]" after element ${nextRow - 1}`);
      } else {
        throw malformed(position, 'unexpected data after the end of the top-level value');
      }
    }
    base += text.length;
  }

  return {
    push(chunk: TextChunk): SourceItem[] {
      const items: SourceItem[] = [];
      try {
        scan(chunk.text, items);
      } catch (error) {
        throw withItemsBefore(error, items);
      }
      consumedBytes += chunk.byteLength;
      return items;
    },

    finish(): SourceItem[] {
      if (state === start) throw malformed(base, 'the file holds no JSON value');
      const items: SourceItem[] = [];
      if (state === wholeValue) {
        emit(parts.join(''), 1, items);
        parts = [];
        return items;
      }
      if (state === inElement && depth === 0 && !isInString) {
        completeElement('', 0, 0, items);
      }
      if (state !== ended) {
        const failure = malformed(base, 'the document ends before its top-level array is closed');
        throw withItemsBefore(failure, items);
      }
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
