/** Builds a record from its field values, in field order. */
export type RecordBuilder = (values: readonly unknown[]) => Record<string, unknown>;

/**
 * A builder of records whose keys are exactly `names`: one object literal,
 * generated once per template. Adding a dozen properties one by one by a
 * computed name costs about ten times more per row, because each record then
 * grows through a chain of hidden classes. Names are written as JSON string
 * literals, so no name can change the code.
 *
 * Undefined when a name is "__proto__" (a literal would set the prototype
 * rather than add a property) or when the runtime forbids generating code
 * (`--disallow-code-generation-from-strings`): the caller then adds the
 * properties one by one.
 */
export function createRecordBuilder(names: readonly string[]): RecordBuilder | undefined {
  if (names.includes('__proto__')) {
    return undefined;
  }
  const properties = names.map((name, index) => `${JSON.stringify(name)}: values[${index}]`);
  try {
    return new Function('values', `return { ${properties.join(', ')} };`) as RecordBuilder;
  } catch {
    return undefined;
  }
}
