import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { FileFailure } from '../errors';

/** What the decoder found out about the source; filled in while it is read. */
export interface SourceState {
  /** Bytes of the stored object read so far. */
  bytesRead: number;
  compressed: boolean;
  /** Canonical name: utf-8, utf-16le, utf-16be, or an iconv-lite single-byte name. */
  encoding: string;
  /** Length of the byte order mark skipped at the start of the text. */
  bomBytes: number;
  /** Whether text offsets map to byte offsets exactly (false for multi-byte iconv encodings). */
  isByteExact: boolean;
}

// Measured: 32 to 64 KiB beat larger chunks, whose rows live long enough to
// leave the young generation and make garbage collection dear.
export const defaultChunkBytes = 64 * 1024;

async function* countAndLimit(
  bytes: AsyncIterable<Uint8Array>,
  state: SourceState,
  maxFileBytes: number,
): AsyncGenerator<Uint8Array> {
  for await (const chunk of bytes) {
    state.bytesRead += chunk.byteLength;
    if (state.bytesRead > maxFileBytes) {
      throw new FileFailure(
        'file_too_large',
        `The file is larger than the limit of ${maxFileBytes} bytes (${state.bytesRead} bytes read so far).`,
        { details: { maxFileBytes, bytesRead: state.bytesRead } },
      );
    }
    yield chunk;
  }
}

async function* gunzip(
  bytes: AsyncIterable<Uint8Array>,
  maxFileBytes: number,
): AsyncGenerator<Uint8Array> {
  const stream = Readable.from(bytes).pipe(createGunzip());
  let total = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      total += chunk.byteLength;
      // Guards against decompression bombs: the limit applies to the content, too.
      if (total > maxFileBytes) {
        throw new FileFailure(
          'file_too_large',
          `The decompressed file is larger than the limit of ${maxFileBytes} bytes.`,
          { details: { maxFileBytes } },
        );
      }
      yield chunk;
    }
  } catch (error) {
    if (error instanceof FileFailure || !isZlibError(error)) throw error;
    throw new FileFailure(
      'malformed_file',
      `The gzip data is corrupt after ${total} decompressed bytes: ${(error as Error).message}.`,
      { cause: error, details: { position: total } },
    );
  } finally {
    stream.destroy();
  }
}

function isZlibError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && code.startsWith('Z_');
}

/** Regroups small reads into chunks of at least `chunkBytes`. */
async function* coalesce(
  bytes: AsyncIterable<Uint8Array>,
  chunkBytes: number,
): AsyncGenerator<Uint8Array> {
  let parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of bytes) {
    parts.push(chunk);
    size += chunk.byteLength;
    if (size >= chunkBytes) {
      yield parts.length === 1 ? parts[0] : Buffer.concat(parts, size);
      parts = [];
      size = 0;
    }
  }
  if (size > 0) {
    yield parts.length === 1 ? parts[0] : Buffer.concat(parts, size);
  }
}

async function* withGzipDetection(
  bytes: AsyncIterable<Uint8Array>,
  state: SourceState,
  maxFileBytes: number,
  chunkBytes: number,
): AsyncGenerator<Uint8Array> {
  const iterator = coalesce(bytes, chunkBytes)[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return;
  const rest: AsyncIterable<Uint8Array> = {
    async *[Symbol.asyncIterator]() {
      yield first.value;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        yield next.value;
      }
    },
  };
  // Magic bytes, not the file name, decide: exports are often gzipped under a plain name.
  state.compressed = first.value[0] === 0x1f && first.value[1] === 0x8b;
  yield* state.compressed ? coalesce(gunzip(rest, maxFileBytes), chunkBytes) : rest;
}

/**
 * The stored bytes as chunks of at least `chunkBytes`: counted and limited
 * (`file_too_large`), and gunzipped when they start with the gzip magic bytes
 * (a corrupt stream fails with `malformed_file`).
 */
export function readSourceBytes(
  bytes: AsyncIterable<Uint8Array>,
  state: SourceState,
  options: { maxFileBytes: number; chunkBytes: number; detectsGzip: boolean },
): AsyncIterable<Uint8Array> {
  const counted = countAndLimit(bytes, state, options.maxFileBytes);
  return options.detectsGzip
    ? withGzipDetection(counted, state, options.maxFileBytes, options.chunkBytes)
    : coalesce(counted, options.chunkBytes);
}
