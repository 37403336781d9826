import iconv from 'iconv-lite';
import type { TemplateIssue } from './validate';

const commonEncodings = 'utf-8, utf-16le, utf-16be, latin1, windows-1252, iso-8859-15, shift_jis';

/** Delimiter, quote and escape that a parser could not tell apart, and unknown encodings. */
export function checkCsvSettings(csv: {
  delimiter: string;
  quote: string;
  escape: string;
  encoding: string;
}): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  if (csv.delimiter.includes(csv.quote)) {
    issues.push({
      path: 'csv.delimiter',
      message: `${JSON.stringify(csv.delimiter)} contains the quote character ${JSON.stringify(csv.quote)}; the delimiter and the quote must differ`,
    });
  }
  if (/[\r\n]/.test(csv.delimiter)) {
    issues.push({ path: 'csv.delimiter', message: 'must not contain a line break' });
  }
  if (/[\r\n]/.test(csv.quote)) {
    issues.push({ path: 'csv.quote', message: 'must not be a line break' });
  }
  if (csv.delimiter.includes(csv.escape)) {
    issues.push({
      path: 'csv.escape',
      message: `${JSON.stringify(csv.escape)} is also in the delimiter; the escape character must differ from it`,
    });
  }
  if (!iconv.encodingExists(csv.encoding)) {
    issues.push({
      path: 'csv.encoding',
      message: `unknown encoding ${JSON.stringify(csv.encoding)}; allowed: ${commonEncodings} and the other encodings iconv-lite supports`,
    });
  }
  return issues;
}
