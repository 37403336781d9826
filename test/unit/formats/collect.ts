import { gzipSync } from 'node:zlib';
import { readRowBatches } from '../../../lambdas/core/formats/read-rows';
import type { ReadOptions, RowBatch, SourceItem } from '../../../lambdas/core/formats/types';

/** Splits bytes into chunks of `size`, as a network read would deliver them. */
export async function* chunksOf(bytes: Uint8Array, size = 64 * 1024): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < bytes.byteLength; offset += size) {
    yield bytes.subarray(offset, offset + size);
  }
}

export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

export function gzip(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(gzipSync(bytes));
}

/** Every item of a read, in order. */
export async function collect(
  bytes: Uint8Array,
  options: ReadOptions,
  chunkSize?: number,
): Promise<SourceItem[]> {
  const items: SourceItem[] = [];
  for await (const batch of readRowBatches(chunksOf(bytes, chunkSize), options)) {
    items.push(...batch.items);
  }
  return items;
}

/** Every batch of a read, for position checks. */
export async function collectBatches(
  bytes: Uint8Array,
  options: ReadOptions,
  chunkSize?: number,
): Promise<RowBatch[]> {
  const batches: RowBatch[] = [];
  for await (const batch of readRowBatches(chunksOf(bytes, chunkSize), options)) {
    batches.push(batch);
  }
  return batches;
}

/** The values of the row items only. */
export function rowValues(items: SourceItem[]): Record<string, unknown>[] {
  return items.flatMap((item) => (item.kind === 'row' ? [item.values] : []));
}

/** Runs a read expected to fail and returns the error. */
export async function failureOf(
  promise: Promise<unknown>,
): Promise<{ code?: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: string; message: string };
  }
  throw new Error('The read succeeded; a failure was expected.');
}
