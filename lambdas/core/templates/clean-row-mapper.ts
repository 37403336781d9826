import type { CellMapper } from './cell-mapper';
import { isEmptyValue } from './conditions';
import { buildRecordKey } from './record-key';
import { estimateRecordBytes, maxRecordItemBytes, valueBytesBound } from './record-size';
import type { MappingPlan } from './row-mapper';
import { ValueProblem } from './value-problem';

/** Where a field's value comes from in every row of one header. */
type FieldRead =
  | { kind: 'cell'; column: number }
  /** The header lacks the column: the field's default in every row, */
  | { kind: 'default' }
  /** or, for an optional field without one, left out of every record. */
  | { kind: 'absent' };

/**
 * How each field reads in every row of a header with these columns; undefined
 * when no row can be clean (a required field with neither column nor default).
 */
function planReads(plan: MappingPlan, fieldColumns: readonly number[]): FieldRead[] | undefined {
  const reads: FieldRead[] = [];
  for (const [index, field] of plan.fields.entries()) {
    const column = fieldColumns[index];
    if (column >= 0) {
      reads.push({ kind: 'cell', column });
    } else if (field.hasDefault) {
      reads.push({ kind: 'default' });
    } else if (!field.isRequired) {
      reads.push({ kind: 'absent' });
    } else {
      return undefined;
    }
  }
  return reads;
}

/**
 * A mapper generated for one template and one header, for the rows that are
 * clean: every field has a value (its cell, or its default for an empty cell)
 * that converts without a problem, no condition matches, the record key needs
 * no error and the record fits a destination item. Such rows are nearly all
 * rows of a real file; this maps them with straight-line code, one call site
 * per field converter, which the engine can inline, and builds the record as
 * one object literal. A blank cell is tested for emptiness only where the
 * field's converter cannot tell (`FieldPlan.blankText`), and the item size
 * only where a cheap bound exceeds the limit.
 *
 * Every other row (an empty cell with no default, a bad value, a matching
 * condition, a key error, a record too large) is handed to `general`, which
 * alone decides rejections, ignores and left-out fields, so both give the
 * same outcome for every row. Only column and field numbers and JSON-quoted
 * field names are written into the code, so no header or template text can
 * change it.
 *
 * Undefined when the fast path cannot help (a field named "__proto__", a
 * required field whose column is missing) or when the runtime forbids
 * generating code (`--disallow-code-generation-from-strings`).
 */
export function createCleanRowMapper(
  plan: MappingPlan,
  fieldColumns: readonly number[],
  conditionColumns: readonly number[],
  general: CellMapper,
): CellMapper | undefined {
  const reads = planReads(plan, fieldColumns);
  if (reads === undefined || plan.fields.some((field) => field.name === '__proto__')) {
    return undefined;
  }

  // A cell past the end of a short row reads as '', as the reader pads short rows.
  const cellAt = (column: number) =>
    column < 0 ? 'undefined' : `(${column} < width ? cells[${column}] : '')`;
  const lines: string[] = ['const width = cells.length;'];
  plan.sourceConditions.forEach((_, index) => {
    lines.push(`if (sourceConditions[${index}].matches(${cellAt(conditionColumns[index])})) {`);
    lines.push('  return general(cells, row);', '}');
  });
  reads.forEach((read, index) => {
    const value = `v${index}`;
    if (read.kind === 'absent') {
      lines.push(`const ${value} = undefined;`);
      return;
    }
    if (read.kind === 'default') {
      lines.push(`const ${value} = defaults[${index}];`);
      return;
    }
    const raw = `r${index}`;
    const field = plan.fields[index];
    lines.push(`const ${raw} = ${cellAt(read.column)};`);
    lines.push(`let ${value};`);
    // An empty cell takes the default, and with none the general mapper decides.
    const emptyCell = field.hasDefault
      ? `${value} = defaults[${index}];`
      : 'return general(cells, row);';
    if (field.blankText === 'value') {
      // A visible ASCII first character settles most cells without the full emptiness test.
      lines.push(`const first${index} = ${raw}.charCodeAt(0);`);
      lines.push(`if (!(first${index} > 32 && first${index} < 127) && isEmptyValue(${raw})) {`);
      lines.push(`  ${emptyCell}`, '} else {');
      lines.push(`  ${value} = convert${index}(${raw});`);
      lines.push(`  if (${value} instanceof ValueProblem) return general(cells, row);`, '}');
    } else if (field.blankText === 'problem') {
      // Blank text is a problem to the converter: only a problem needs the emptiness test.
      lines.push(`${value} = convert${index}(${raw});`);
      lines.push(`if (${value} instanceof ValueProblem) {`);
      lines.push(
        field.hasDefault
          ? `  if (!isEmptyValue(${raw})) return general(cells, row);\n  ${emptyCell}`
          : '  return general(cells, row);',
      );
      lines.push('}');
    } else {
      // The converter trims: '' comes out of blank text and of nothing else.
      lines.push(`${value} = convert${index}(${raw});`);
      lines.push(`if (${value} instanceof ValueProblem) return general(cells, row);`);
      lines.push(`if (${value} === '') {`, `  ${emptyCell}`, '}');
    }
  });
  plan.fieldConditions.forEach((condition, index) => {
    lines.push(`if (fieldConditions[${index}].matches(v${condition.fieldIndex})) {`);
    lines.push('  return general(cells, row);', '}');
  });
  const properties = plan.fields
    .map((field, index) => `${JSON.stringify(field.name)}: v${index}`)
    .filter((_, index) => reads[index].kind !== 'absent');
  lines.push(`const data = { ${properties.join(', ')} };`);
  // Most records are far below the destination's item limit, which a bound shows cheaply.
  const kept = reads.flatMap((read, index) => (read.kind === 'absent' ? [] : [index]));
  // The map's 3 bytes, and per entry 1 byte and its name, as `estimateRecordBytes` counts them.
  const keyBytes = kept.reduce((sum, index) => sum + 1 + plan.fields[index].name.length * 3, 3);
  const valueBounds = kept.map(
    (index) =>
      `(typeof v${index} === 'string' ? v${index}.length * 3 : valueBytesBound(v${index}))`,
  );
  lines.push(`const bound = ${[String(keyBytes), ...valueBounds].join(' + ')};`);
  lines.push(
    `if (bound > ${maxRecordItemBytes} && estimateRecordBytes(data) > ${maxRecordItemBytes}) {`,
    '  return general(cells, row);',
    '}',
  );
  if (plan.primaryKey.length === 0) {
    lines.push('return { kind: "record", recordType, recordKey: undefined, data };');
  } else {
    lines.push('const key = recordKeyOf(data, row);');
    lines.push('if (typeof key !== "string") return general(cells, row);');
    lines.push('return { kind: "record", recordType, recordKey: key, data };');
  }

  const converters = plan.fields.map((field) => field.convert);
  const parameters = [
    'general',
    'isEmptyValue',
    'ValueProblem',
    'recordKeyOf',
    'valueBytesBound',
    'estimateRecordBytes',
    'recordType',
    'defaults',
    'sourceConditions',
    'fieldConditions',
    ...converters.map((_, index) => `convert${index}`),
  ];
  const recordKeyOf = (data: Record<string, unknown>, row: number) =>
    buildRecordKey(plan.primaryKey, data, row, undefined, plan.requiredFields);
  try {
    const factory = new Function(
      ...parameters,
      `return function mapCleanRow(cells, row) {\n${lines.join('\n')}\n};`,
    );
    return factory(
      general,
      isEmptyValue,
      ValueProblem,
      recordKeyOf,
      valueBytesBound,
      estimateRecordBytes,
      plan.recordType,
      plan.fields.map((field) => field.defaultValue),
      plan.sourceConditions,
      plan.fieldConditions,
      ...converters,
    ) as CellMapper;
  } catch {
    return undefined;
  }
}
