import type { RowError } from '../model';

/** Row errors kept inline in an import result; the rest are in the report only. */
export const inlineRowErrorLimit = 100;

/**
 * Row errors kept for one part's report. Beyond it rows are still counted as
 * rejected and the report ends with a line saying how many were left out.
 */
// Limitation: the report of one import part is built in memory, so it lists at
// most this many row errors; the rejected count stays exact.
export const reportRowErrorLimit = 100_000;

const formulaStart = /^[=+\-@\t\r]/;

/**
 * Makes a cell safe to open in a spreadsheet: a leading `=`, `+`, `-`, `@`,
 * tab or carriage return would be run as a formula, so it gets a `'` prefix;
 * cells with separators, quotes or line breaks are quoted.
 */
export function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  let text = String(value);
  if (formulaStart.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Collects the row errors of one import part for its report. */
export class ErrorReportBuilder {
  private readonly lines: string[] = ['row,field,code,message,value'];
  private omitted = 0;

  get count(): number {
    return this.lines.length - 1 + this.omitted;
  }

  add(error: RowError): void {
    if (this.lines.length > reportRowErrorLimit) {
      this.omitted += 1;
      return;
    }
    const cells = [error.row, error.field, error.code, error.message, error.value];
    this.lines.push(cells.map(csvCell).join(','));
  }

  /** The report as CSV (CRLF line ends, as RFC 4180 and spreadsheets expect). */
  toCsv(): string {
    const lines = [...this.lines];
    if (this.omitted > 0) {
      lines.push(
        csvCell(
          `${this.omitted} more row errors were not listed; this report keeps ${reportRowErrorLimit}.`,
        ),
      );
    }
    return `${lines.join('\r\n')}\r\n`;
  }
}

/** Where the report of the import part starting at `firstRow` is stored. */
export function errorReportKey(connectorId: string, fileId: string, firstRow: number): string {
  return `error-reports/${connectorId}/${fileId}/from-row-${firstRow}.csv`;
}
