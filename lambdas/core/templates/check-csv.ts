import iconv from 'iconv-lite';
import type { TemplateIssue } from './validate';

const commonEncodings = 'utf-8, utf-16le, utf-16be, latin1, windows-1252, iso-8859-15, shift_jis';

/**
 * Delimiter, quote and escape that a parser could not tell apart, and unknown
 * encodings. Takes the settings that are well formed; a check that needs a
 * missing one is skipped (that setting has its own problem already).
 */
export function checkCsvSettings(csv: {
  delimiter?: string;
  quote?: string;
  escape?: string;
  encoding?: string;
}): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  const { delimiter, quote, encoding } = csv;
  const escapeChar = csv.escape;
  if (delimiter !== undefined && quote !== undefined && delimiter.includes(quote)) {
    issues.push({
      path: 'csv.delimiter',
      message: `${JSON.stringify(delimiter)} contains the quote character ${JSON.stringify(quote)}; the delimiter and the quote must differ`,
    });
  }
  if (delimiter !== undefined && /[\r\n]/.test(delimiter)) {
    issues.push({ path: 'csv.delimiter', message: 'must not contain a line break' });
  }
  if (quote !== undefined && /[\r\n]/.test(quote)) {
    issues.push({ path: 'csv.quote', message: 'must not be a line break' });
  }
  if (delimiter !== undefined && escapeChar !== undefined && delimiter.includes(escapeChar)) {
    issues.push({
      path: 'csv.escape',
      message: `${JSON.stringify(escapeChar)} is also in the delimiter; the escape character must differ from it`,
    });
  }
  if (encoding !== undefined && !iconv.encodingExists(encoding)) {
    issues.push({
      path: 'csv.encoding',
      message: `unknown encoding ${JSON.stringify(encoding)}; allowed: ${commonEncodings} and the other encodings iconv-lite supports`,
    });
  }
  return issues;
}
