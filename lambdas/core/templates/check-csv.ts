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
  const hasQuoteInDelimiter =
    delimiter !== undefined && quote !== undefined && delimiter.includes(quote);
  if (hasQuoteInDelimiter) {
    // The default quote goes unnamed: the file may not set it, and `"\""` reads badly.
    const which = quote === '"' ? '' : ` ${JSON.stringify(quote)}`;
    issues.push({
      path: 'csv.delimiter',
      message: `must not contain the quote character${which}`,
    });
  }
  if (delimiter !== undefined && /[\r\n]/.test(delimiter)) {
    issues.push({ path: 'csv.delimiter', message: 'must not contain a line break' });
  }
  if (quote !== undefined && /[\r\n]/.test(quote)) {
    issues.push({ path: 'csv.quote', message: 'must not be a line break' });
  }
  // An escape equal to the quote (its default) in the delimiter is the problem reported above.
  const isQuoteProblem = hasQuoteInDelimiter && escapeChar === quote;
  if (
    delimiter !== undefined &&
    escapeChar !== undefined &&
    delimiter.includes(escapeChar) &&
    !isQuoteProblem
  ) {
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
