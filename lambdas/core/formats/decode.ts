import iconv from 'iconv-lite';
import { FileFailure } from '../errors';
import { defaultChunkBytes, readSourceBytes, type SourceState } from './source-bytes';

export type { SourceState } from './source-bytes';

/** Text decoded from the source, and how many decompressed bytes it came from. */
export interface TextChunk {
  text: string;
  byteLength: number;
}

export interface DecodeOptions {
  encoding: string;
  maxFileBytes: number;
  /** Resuming mid-file: no gzip or BOM detection, and the encoding is the one found before. */
  isResume: boolean;
  /** Offset of the first byte given, in the decompressed source; for error messages. */
  startOffset: number;
  /** Input is regrouped into chunks of at least this many bytes. */
  chunkBytes?: number;
}

/** Big enough that the per-chunk costs of the parsers stay small, small enough for memory. */
const singleByteAliases: Record<string, string> = {
  latin1: 'latin1',
  iso88591: 'latin1',
  windows1252: 'windows-1252',
  cp1252: 'windows-1252',
};

/** Maps a template's encoding name to the decoder that reads it. */
export function canonicalEncoding(name: string): string {
  const compact = name.toLowerCase().replace(/[-_\s]/g, '');
  if (compact === 'utf8') return 'utf-8';
  if (compact === 'utf16le' || compact === 'utf16') return 'utf-16le';
  if (compact === 'utf16be') return 'utf-16be';
  const alias = singleByteAliases[compact];
  if (alias) return alias;
  if (iconv.encodingExists(name)) return name.toLowerCase();
  throw new FileFailure(
    'invalid_encoding',
    `Encoding "${name}" is not supported; use utf-8, utf-16le, utf-16be, latin1, windows-1252 or another encoding iconv-lite knows.`,
    { details: { encoding: name } },
  );
}

function detectBom(bytes: Uint8Array): { encoding: string; length: number } | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { encoding: 'utf-8', length: 3 };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return undefined;
}

/** Bytes at the end of `bytes` that start a character the next chunk completes. */
function incompleteTail(bytes: Uint8Array, encoding: string): number {
  const length = bytes.byteLength;
  if (encoding === 'utf-8') {
    for (let index = length - 1; index >= 0 && index >= length - 4; index -= 1) {
      const byte = bytes[index];
      if ((byte & 0xc0) === 0x80) continue;
      if (byte < 0xc0) return 0;
      const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      return length - index < needed ? length - index : 0;
    }
    return 0;
  }
  const odd = length % 2;
  const last = length - odd - 2;
  if (last < 0) return odd;
  const unit =
    encoding === 'utf-16le'
      ? bytes[last] | (bytes[last + 1] << 8)
      : (bytes[last] << 8) | bytes[last + 1];
  const isHighSurrogate = unit >= 0xd800 && unit <= 0xdbff;
  return odd + (isHighSurrogate ? 2 : 0);
}

/** Finds the first byte a fatal decoder refuses, by bisecting on prefixes. */
function firstInvalidByte(bytes: Uint8Array, encoding: string): number {
  let low = 0;
  let high = bytes.byteLength;
  while (low < high) {
    const middle = (low + high) >> 1;
    try {
      new TextDecoder(encoding, { fatal: true }).decode(bytes.subarray(0, middle + 1), {
        stream: true,
      });
      low = middle + 1;
    } catch {
      high = middle;
    }
  }
  return encoding === 'utf-8' ? startOfSequence(bytes, low) : low - (low % 2);
}

/** A UTF-8 error shows at the byte that breaks a sequence; report where the sequence began. */
function startOfSequence(bytes: Uint8Array, index: number): number {
  for (let start = index - 1; start >= 0 && start >= index - 3; start -= 1) {
    const byte = bytes[start];
    if (byte >= 0xc0) return start;
    if (byte < 0x80) break;
  }
  return index;
}

function invalidEncoding(encoding: string, offset: number, cause: unknown): FileFailure {
  return new FileFailure(
    'invalid_encoding',
    `The file is not valid ${encoding}: invalid bytes at byte offset ${offset}. Declare the file's encoding in the template (for example latin1 or windows-1252) or re-export it as UTF-8.`,
    { cause, details: { encoding, byteOffset: offset } },
  );
}

/**
 * Turns the stored bytes into text: counts and limits them, gunzips when the
 * data starts with the gzip magic bytes, skips a byte order mark (which
 * overrides the declared encoding) and decodes. Invalid bytes fail the file
 * with `invalid_encoding` and their offset in the decompressed data.
 */
export async function* decodeText(
  bytes: AsyncIterable<Uint8Array>,
  options: DecodeOptions,
  state: SourceState,
): AsyncGenerator<TextChunk> {
  // Four bytes at least: gzip magic and byte order marks are read from the first chunk.
  const chunkBytes = Math.max(4, options.chunkBytes ?? defaultChunkBytes);
  const source = readSourceBytes(bytes, state, {
    maxFileBytes: options.maxFileBytes,
    chunkBytes,
    detectsGzip: !options.isResume,
  });
  let encoding = canonicalEncoding(options.encoding);
  let isFirst = !options.isResume;
  let carry: Uint8Array | undefined;
  let offset = options.startOffset;
  let iconvDecoder: ReturnType<typeof iconv.getDecoder> | undefined;

  for await (const raw of source) {
    let chunk: Uint8Array = carry ? Buffer.concat([carry, raw]) : raw;
    let chunkStart = offset - (carry?.byteLength ?? 0);
    offset += raw.byteLength;
    carry = undefined;
    if (isFirst) {
      isFirst = false;
      const bom = detectBom(chunk);
      if (bom) {
        encoding = bom.encoding;
        state.bomBytes = bom.length;
        chunk = chunk.subarray(bom.length);
        chunkStart += bom.length;
      }
    }
    state.encoding = encoding;

    if (encoding !== 'utf-8' && encoding !== 'utf-16le' && encoding !== 'utf-16be') {
      iconvDecoder ??= iconv.getDecoder(encoding);
      state.isByteExact = isSingleByte(encoding);
      const text = iconvDecoder.write(Buffer.from(chunk));
      // A single-byte encoding cannot write U+FFFD: it stands for a byte the encoding
      // leaves undefined (Windows-1252's 0x81, 0x8D, 0x8F, 0x90, 0x9D), one byte a character.
      // Limitation: multi-byte iconv encodings (Shift_JIS, GBK, ...) turn invalid bytes into U+FFFD.
      const undefinedAt = state.isByteExact ? text.indexOf('\uFFFD') : -1;
      if (undefinedAt >= 0) {
        throw invalidEncoding(encoding, chunkStart + undefinedAt, undefined);
      }
      yield { text, byteLength: chunk.byteLength };
      continue;
    }
    const tail = incompleteTail(chunk, encoding);
    if (tail > 0) {
      carry = chunk.slice(chunk.byteLength - tail);
      chunk = chunk.subarray(0, chunk.byteLength - tail);
    }
    yield { text: decodeFatal(chunk, encoding, chunkStart), byteLength: chunk.byteLength };
  }

  if (carry) {
    yield {
      text: decodeFatal(carry, encoding, offset - carry.byteLength),
      byteLength: carry.byteLength,
    };
  }
  const rest = iconvDecoder?.end();
  if (rest) yield { text: rest, byteLength: 0 };
}

function isSingleByte(encoding: string): boolean {
  return (
    encoding === 'latin1' || encoding.startsWith('windows-') || encoding.startsWith('iso-8859')
  );
}

function decodeFatal(bytes: Uint8Array, encoding: string, startOffset: number): string {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch (error) {
    throw invalidEncoding(encoding, startOffset + firstInvalidByte(bytes, encoding), error);
  }
}

/** Byte length of `text` in `encoding`, for checkpoint offsets. */
export function encodedLength(text: string, encoding: string): number {
  if (encoding === 'utf-8') return Buffer.byteLength(text, 'utf8');
  if (encoding === 'utf-16le' || encoding === 'utf-16be') return text.length * 2;
  return text.length;
}
