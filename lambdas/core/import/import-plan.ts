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

const list = (names: string[]) => names.map((name) => `"${name}"`).join(', ');

/**
 * A hint for template columns the header lacks that a found column matches
 * but for case and surrounding spaces; '' when none does. Header names are
 * matched exactly, so `QTY` is not `qty`.
 */
export function columnHint(lacking: string[], found: string[]): string {
  const loose = (name: string) => name.trim().toLowerCase();
  const guesses = lacking.flatMap((name) => {
    const match = found.find((column) => loose(column) === loose(name));
    return match === undefined ? [] : [{ name, match }];
  });
  if (guesses.length === 0) return '';
  const named =
    lacking.length === 1
      ? `"${guesses[0].match}"`
      : guesses.map(({ name, match }) => `"${match}" for "${name}"`).join(', ');
  return ` Did you mean ${named}? Header names match exactly, case included.`;
}

/** The failure naming the missing, expected and found columns, with a hint for near misses. */
export function missingColumnsFailure(
  compiled: CompiledTemplate,
  columns: string[],
  missing: string[],
) {
  return new FileFailure(
    'missing_columns',
    `The file lacks the required columns ${list(missing)}. Expected columns: ${list(compiled.sourceColumns)}; found: ${list(columns)}.${columnHint(missing, columns)}`,
    { details: { missing, expected: compiled.sourceColumns, found: columns } },
  );
}

/** The warning for optional template columns a header lacks; the import goes on without them. */
export function absentColumnsWarning(absent: string[], columns: string[]): string {
  const one = absent.length === 1;
  return `The header lacks the column${one ? '' : 's'} ${list(absent)} the template reads; a field reading ${one ? 'it' : 'them'} takes its default in every record, or without a default is left out.${columnHint(absent, columns)}`;
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
