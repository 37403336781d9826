/**
 * Header names are compared after trimming spaces and a stray byte order mark.
 * Kept in one place so the reader and the templates agree.
 */
export function normaliseHeaderName(name: string): string {
  return name.replace(/^\uFEFF/, '').trim();
}
