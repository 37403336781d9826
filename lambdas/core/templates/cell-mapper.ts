import { createCleanRowMapper } from './clean-row-mapper';
import type { MappingPlan, RawMapper, RowOutcome } from './row-mapper';

/** Maps one delimited row given as its cells, in the order of the header's columns. */
export type CellMapper = (cells: readonly string[], row: number) => RowOutcome;

/**
 * Where `source` sits among the header's columns; -1 when the header lacks it,
 * which a header-keyed row reads as a missing value too.
 */
function columnIndex(columns: readonly string[], source: string): number {
  // A row object cannot hold an own "__proto__" key, so such a column always reads as missing.
  if (source === '__proto__') {
    return -1;
  }
  return columns.indexOf(source);
}

/**
 * A mapper reading each source straight from the row's cells by column index,
 * resolved once per header: the same outcome as mapping the row keyed by
 * header name, without building that object. A cell past the end of a short
 * row reads as '' (as the reader pads short rows); cells beyond the named
 * columns are not read, so rows carrying values there need the keyed form.
 * Clean rows take a generated fast path (`createCleanRowMapper`).
 */
export function createCellMapper(
  plan: MappingPlan,
  mapRaws: RawMapper,
  columns: readonly string[],
): CellMapper {
  const fieldColumns = plan.fields.map((field) => columnIndex(columns, field.source));
  const conditionColumns = plan.sourceConditions.map((condition) =>
    columnIndex(columns, condition.target),
  );
  // Reused across rows: the mapper copies what it keeps before returning.
  const fieldRaws: unknown[] = fieldColumns.map(() => undefined);
  const conditionRaws: unknown[] = conditionColumns.map(() => undefined);

  const mapAnyRow: CellMapper = (cells, row) => {
    const width = cells.length;
    for (let index = 0; index < fieldColumns.length; index += 1) {
      const column = fieldColumns[index];
      fieldRaws[index] = column < 0 ? undefined : column < width ? cells[column] : '';
    }
    for (let index = 0; index < conditionColumns.length; index += 1) {
      const column = conditionColumns[index];
      conditionRaws[index] = column < 0 ? undefined : column < width ? cells[column] : '';
    }
    return mapRaws(fieldRaws, conditionRaws, row);
  };
  return createCleanRowMapper(plan, fieldColumns, conditionColumns, mapAnyRow) ?? mapAnyRow;
}
