import { describe, expect, it } from 'vitest';
import { csvCell, ErrorReportBuilder } from '../../../lambdas/core/import/error-report';

describe('the error report', () => {
  it.each([
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+1', "'+1"],
    ['-5', "'-5"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', `"'\rcmd"`],
  ])('neutralises the formula-like cell %j', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it('quotes cells with separators, quotes or line breaks and leaves plain ones alone', () => {
    expect([
      csvCell('a,b'),
      csvCell('say "hi"'),
      csvCell('two\nlines'),
      csvCell(12),
      csvCell(undefined),
    ]).toEqual(['"a,b"', '"say ""hi"""', '"two\nlines"', '12', '']);
  });

  it('writes a header and one line per row error', () => {
    const report = new ErrorReportBuilder();

    report.add({
      row: 7,
      field: 'amount',
      code: 'invalid_decimal',
      message: 'Not a number.',
      value: '=1+1',
    });

    expect(report.count).toBe(1);
    expect(report.toCsv()).toBe(
      "row,field,code,message,value\r\n7,amount,invalid_decimal,Not a number.,'=1+1\r\n",
    );
  });
});
