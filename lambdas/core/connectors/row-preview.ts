import { FileFailure } from '../errors';
import { detectFormat, type FileFormat } from '../formats/detect';
import { readRowBatches, rowErrorOf } from '../formats/read-rows';
import { absentColumnsWarning, missingColumnsFailure } from '../import/import-plan';
import type { RowError } from '../model';
import { compileTemplate, findAbsentColumns, findMissingColumns } from '../templates/compile';
import type { Template } from '../templates/schema';

/** A row the template turned into a record. */
export interface PreviewRecord {
  row: number;
  recordType: string;
  recordKey?: string;
  data: Record<string, unknown>;
}

/** A template applied to the first rows of one file, as the importer would. */
export interface TemplatePreview {
  templateId: string;
  templateVersion?: number;
  key: string;
  format?: FileFormat;
  /** Header columns, for a delimited file with a header row. */
  columns?: string[];
  /** Required columns the header lacks: the importer would fail the file. */
  missingColumns: string[];
  /** Other columns the template reads that the header lacks: their fields are left out. */
  absentColumns: string[];
  /** What imports but probably not as meant (columns the header lacks), one sentence each. */
  warnings: string[];
  rowsRead: number;
  rowsImported: number;
  rowsIgnored: number;
  rowsRejected: number;
  /** The first records, at most `recordsShown` of them. */
  records: PreviewRecord[];
  /** Every row error among the rows read. */
  rowErrors: RowError[];
  /** What fails the whole file (format, encoding, malformed, missing columns). */
  fileError?: { code: string; message: string };
  /** True when the file has more rows than were read. */
  truncated: boolean;
}

export interface PreviewOptions {
  /** Rows read at most. */
  maxRows: number;
  /** Records kept in the preview. */
  recordsShown: number;
  maxRecordBytes: number;
  maxFileBytes: number;
}

/**
 * Applies `template` to the first rows of `bytes` through the importer's own
 * reader and template compiler, so a preview shows what an import would do.
 * File-level failures end the preview with `fileError`; they are not thrown.
 */
export async function previewRows(
  template: Template,
  key: string,
  bytes: AsyncIterable<Uint8Array>,
  options: PreviewOptions,
): Promise<TemplatePreview> {
  const preview: TemplatePreview = {
    templateId: template.templateId,
    templateVersion: template.version,
    key,
    missingColumns: [],
    absentColumns: [],
    warnings: [],
    rowsRead: 0,
    rowsImported: 0,
    rowsIgnored: 0,
    rowsRejected: 0,
    records: [],
    rowErrors: [],
    truncated: false,
  };
  const format = detectFormat(key, template.format);
  if (format === undefined) {
    preview.fileError = {
      code: 'unsupported_format',
      message: `"${key}" is not a file template "${template.templateId}" (format ${template.format}) imports: the importer reads .csv, .tsv, .json and .jsonl files (optionally gzipped).`,
    };
    return preview;
  }
  preview.format = format;
  const compiled = compileTemplate(template);

  try {
    reading: for await (const batch of readRowBatches(bytes, {
      format,
      headerRow: template.headerRow,
      delimiter: template.csv.delimiter,
      quote: template.csv.quote,
      escape: template.csv.escape,
      encoding: template.csv.encoding,
      maxRecordBytes: options.maxRecordBytes,
      maxFileBytes: options.maxFileBytes,
    })) {
      for (const item of batch.items) {
        if (item.kind === 'header') {
          preview.columns = item.columns;
          const isNamed = template.headerRow > 0 && (format === 'csv' || format === 'tsv');
          if (!isNamed) continue;
          preview.missingColumns = findMissingColumns(compiled, item.columns);
          if (preview.missingColumns.length > 0) {
            const failure = missingColumnsFailure(compiled, item.columns, preview.missingColumns);
            preview.fileError = { code: failure.code, message: failure.message };
            break reading;
          }
          preview.absentColumns = findAbsentColumns(compiled, item.columns);
          if (preview.absentColumns.length > 0) {
            preview.warnings.push(absentColumnsWarning(preview.absentColumns, item.columns));
          }
          continue;
        }
        if (preview.rowsRead >= options.maxRows) {
          preview.truncated = true;
          break reading;
        }
        preview.rowsRead += 1;
        if (item.kind === 'row_error') {
          preview.rowsRejected += 1;
          preview.rowErrors.push(rowErrorOf(item));
          continue;
        }
        const outcome = compiled.mapRow(item.values, item.row);
        if (outcome.kind === 'ignored') {
          preview.rowsIgnored += 1;
        } else if (outcome.kind === 'rejected') {
          preview.rowsRejected += 1;
          preview.rowErrors.push(...outcome.errors);
        } else {
          preview.rowsImported += 1;
          if (preview.records.length < options.recordsShown) {
            const { kind: _kind, ...record } = outcome;
            preview.records.push({ row: item.row, ...record });
          }
        }
      }
    }
  } catch (error) {
    if (!(error instanceof FileFailure)) throw error;
    preview.fileError = { code: error.code, message: error.message };
  }
  return preview;
}
