import { Tokenizer, TokenParser } from '@streamparser/json';
import { FileFailure } from '../errors';
import { type ChunkReader, recordTooLarge } from './chunk-reader';
import type { TextChunk } from './decode';
import type { SourceItem } from './types';

export interface JsonReaderOptions {
  maxRecordBytes: number;
}

function malformed(error: unknown, position: number): FileFailure {
  const reason = (error as Error).message;
  return new FileFailure(
    'malformed_file',
    `The JSON document is malformed at position ${position}: ${reason}.`,
    { cause: error, details: { position } },
  );
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  return value === null ? 'null' : `a ${typeof value}`;
}

/**
 * A JSON document: a top-level array is streamed element by element (row n is
 * element n), a top-level object is one row, and any other element or value is
 * a `not_an_object` row error. Malformed JSON fails the file with the byte
 * position (in the UTF-8 text) where parsing stopped.
 */
export function createJsonReader(options: JsonReaderOptions): ChunkReader {
  let tokenizer: Tokenizer | undefined;
  let nextRow = 1;
  let consumedBytes = 0;
  let lastTokenOffset = 0;
  let charsSinceValue = 0;
  let pending: SourceItem[] = [];

  function start(firstChar: string) {
    // The shape decides the path: elements of an array, or the whole value.
    const paths = firstChar === '[' ? ['$.*'] : ['$'];
    const parser = new TokenParser({ paths, keepStack: false });
    const created = new Tokenizer();
    created.onToken = (info) => {
      lastTokenOffset = info.offset;
      parser.write(info);
    };
    created.onEnd = () => {
      if (!parser.isEnded) parser.end();
    };
    parser.onError = (error) => {
      throw malformed(error, lastTokenOffset);
    };
    parser.onEnd = () => {
      if (!created.isEnded) created.end();
    };
    parser.onValue = ({ value }) => {
      const row = nextRow;
      nextRow += 1;
      charsSinceValue = 0;
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
        pending.push({ kind: 'row', row, values: value as Record<string, unknown> });
      } else {
        pending.push({
          kind: 'row_error',
          row,
          code: 'not_an_object',
          message: `Element ${row} is ${describe(value)}; each element must be a JSON object.`,
        });
      }
    };
    return created;
  }

  function write(text: string) {
    if (tokenizer === undefined) {
      const trimmed = text.trimStart();
      if (trimmed === '') return;
      tokenizer = start(trimmed[0]);
    }
    try {
      tokenizer.write(text);
    } catch (error) {
      if (error instanceof FileFailure) throw error;
      throw malformed(error, positionOf(error) ?? lastTokenOffset);
    }
  }

  function take(): SourceItem[] {
    const items = pending;
    pending = [];
    return items;
  }

  return {
    push(chunk: TextChunk): SourceItem[] {
      const emittedBefore = nextRow;
      write(chunk.text);
      consumedBytes += chunk.byteLength;
      if (nextRow === emittedBefore) charsSinceValue += chunk.text.length;
      if (charsSinceValue > options.maxRecordBytes) {
        throw recordTooLarge(nextRow, options.maxRecordBytes);
      }
      return take();
    },

    finish(): SourceItem[] {
      if (tokenizer === undefined) {
        throw new FileFailure(
          'malformed_file',
          'The JSON document is malformed at position 0: the file holds no JSON value.',
          { details: { position: 0 } },
        );
      }
      if (!tokenizer.isEnded) {
        try {
          tokenizer.end();
        } catch (error) {
          if (error instanceof FileFailure) throw error;
          throw malformed(error, positionOf(error) ?? lastTokenOffset);
        }
      }
      return take();
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

function positionOf(error: unknown): number | undefined {
  const match = /absolute position "(\d+)"/.exec((error as Error).message ?? '');
  return match ? Number(match[1]) : undefined;
}
