import { FileFailure, InvalidInputError } from '../errors';
import { detectFormat } from '../formats/detect';
import type { ReadOptions, ResumePosition } from '../formats/types';
import { type CompiledTemplate, compileTemplate } from '../templates/compile';
import type { ImportDeps } from './import-deps';

/** Compiles the template; an invalid one fails the file (`invalid_input`) instead of retrying. */
export function compile(template: ImportDeps['template']): CompiledTemplate {
  try {
    return compileTemplate(template);
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    throw new FileFailure(
      'invalid_input',
      `Template ${template.templateId} is invalid: ${error.message}`,
      {
        cause: error,
      },
    );
  }
}

/** The failure naming the missing, expected and found columns. */
export function missingColumnsFailure(
  compiled: CompiledTemplate,
  columns: string[],
  missing: string[],
) {
  const list = (names: string[]) => names.map((name) => `"${name}"`).join(', ');
  return new FileFailure(
    'missing_columns',
    `The file lacks the required columns ${list(missing)}. Expected columns: ${list(compiled.sourceColumns)}; found: ${list(columns)}.`,
    { details: { missing, expected: compiled.sourceColumns, found: columns } },
  );
}

/** How to read the file: its format (by name and template) and the template's settings. */
export function readOptionsFor(
  deps: Pick<ImportDeps, 'template' | 'limits'>,
  key: string,
  resume: ResumePosition | undefined,
): ReadOptions {
  const { template, limits } = deps;
  const format = detectFormat(key, template.format);
  if (format === undefined) {
    throw new FileFailure(
      'unsupported_format',
      `The file name does not match the template's format "${template.format}"; the importer reads .csv, .tsv, .json, .jsonl (optionally gzipped), and for a fixed format also .txt, .dat and files without an extension.`,
    );
  }
  return {
    format,
    headerRow: template.headerRow,
    delimiter: template.csv.delimiter,
    quote: template.csv.quote,
    escape: template.csv.escape,
    encoding: template.csv.encoding,
    maxRecordBytes: limits.maxRecordBytes,
    maxFileBytes: limits.maxFileBytes,
    resume,
  };
}
