/** Formats the parser reads. */
export type FileFormat = 'csv' | 'tsv' | 'json' | 'jsonl';

/** What a template says about format: one of them, or decide by the file name. */
export type TemplateFormat = FileFormat | 'auto';

const formatsByExtension: Record<string, FileFormat> = {
  csv: 'csv',
  tsv: 'tsv',
  tab: 'tsv',
  json: 'json',
  jsonl: 'jsonl',
  ndjson: 'jsonl',
};

/** Extensions that a fixed-format template also accepts (exports often use them). */
const neutralExtensions = new Set(['txt', 'dat']);

function extensionOf(key: string): string | undefined {
  const name = key.slice(key.lastIndexOf('/') + 1).toLowerCase();
  // Compression is recognised by magic bytes when the file is read; the name
  // suffix only hides the data extension underneath.
  const stem = name.endsWith('.gz') ? name.slice(0, -3) : name;
  const dot = stem.lastIndexOf('.');
  return dot > 0 ? stem.slice(dot + 1) : undefined;
}

/**
 * The format to parse `key` with, or `undefined` when the file is not one the
 * template can import (an image, a spreadsheet, an unknown extension under
 * `auto`). A fixed-format template takes files of that format's extensions,
 * `.txt`, `.dat` and files without an extension.
 */
export function detectFormat(key: string, templateFormat: TemplateFormat): FileFormat | undefined {
  const extension = extensionOf(key);
  const byExtension = extension === undefined ? undefined : formatsByExtension[extension];
  if (templateFormat === 'auto') {
    return byExtension;
  }
  if (extension === undefined || neutralExtensions.has(extension)) {
    return templateFormat;
  }
  const isDelimited = (format: FileFormat | undefined) => format === 'csv' || format === 'tsv';
  // The template's delimiter decides how a delimited file is split, whatever its name says.
  if (byExtension === templateFormat || (isDelimited(byExtension) && isDelimited(templateFormat))) {
    return templateFormat;
  }
  return undefined;
}
