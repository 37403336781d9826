import { FileFailure } from '../errors';
import { normaliseHeaderName } from '../templates/compile';

/** The columns of a header row, and how many trailing unnamed cells rows may carry. */
export interface HeaderColumns {
  columns: string[];
}

/**
 * Normalises header cells into column names. Trailing empty cells are dropped
 * (spreadsheets export them); a row's value under them must then be empty,
 * which the reader checks. Any other empty name, or a name used twice, fails
 * the file with `invalid_header`.
 */
export function buildColumns(cells: string[], row: number): HeaderColumns {
  const names = cells.map((cell) => normaliseHeaderName(cell));
  let end = names.length;
  while (end > 0 && names[end - 1] === '') end -= 1;
  const columns = names.slice(0, end);

  const empty = columns.flatMap((name, index) => (name === '' ? [index + 1] : []));
  if (empty.length > 0) {
    throw new FileFailure(
      'invalid_header',
      `The header on row ${row} has ${empty.length === 1 ? `an empty column name at position ${empty[0]}` : `empty column names at positions ${empty.join(', ')}`}; every column before the last named one needs a name.`,
      { details: { row, emptyPositions: empty } },
    );
  }

  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const name of columns) {
    if (seen.has(name)) duplicates.add(name);
    seen.add(name);
  }
  if (duplicates.size > 0) {
    const list = [...duplicates].map((name) => `"${name}"`).join(', ');
    throw new FileFailure(
      'invalid_header',
      `The header on row ${row} names ${list} more than once; column names must be unique.`,
      { details: { row, duplicates: [...duplicates] } },
    );
  }
  if (columns.length === 0) {
    throw new FileFailure('invalid_header', `The header on row ${row} has no column names.`, {
      details: { row },
    });
  }
  return { columns };
}

/** Column names of a file without a header: '1', '2', ... as the template's sources name them. */
export function numberedColumns(count: number): string[] {
  return Array.from({ length: count }, (_, index) => String(index + 1));
}
