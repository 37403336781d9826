import { InvalidInputError } from '../errors';

/** S3 refuses keys longer than this many bytes, so no prefix can be longer either. */
const maxKeyBytes = 1024;

/**
 * The listing prefix of a folder as a user typed it: '' for the whole bucket,
 * else the folder with leading slashes dropped and exactly one trailing '/', so
 * that `reports` lists `reports/…` and never `reports-old/…` or `reports.csv`.
 * Inner segments are kept as typed (`a//b` stays `a//b/`): S3 keys are opaque.
 * Throws `InvalidInputError` when the prefix would exceed S3's 1,024-byte key limit.
 */
export function normaliseFolder(input: string | undefined): string {
  const withoutLeading = (input ?? '').replace(/^\/+/, '');
  if (withoutLeading === '') {
    return '';
  }
  const folder = withoutLeading.endsWith('/') ? withoutLeading : `${withoutLeading}/`;
  if (Buffer.byteLength(folder, 'utf8') > maxKeyBytes) {
    throw new InvalidInputError(
      `The folder "${folder.slice(0, 40)}…" is ${Buffer.byteLength(folder, 'utf8')} bytes long; S3 keys, and so folders, are at most ${maxKeyBytes} bytes.`,
    );
  }
  return folder;
}

/** True for the zero-byte `…/` placeholders consoles create to show a folder: not files. */
export function isFolderMarker(object: { key: string; size: number }): boolean {
  return object.key.endsWith('/') && object.size === 0;
}
