/** Reads one source value out of a row's values. */
export type SourceReader = (values: Record<string, unknown>) => unknown;

/** Names a plain object inherits; a row must not read them from its prototype. */
const inheritedNames = new Set(Object.getOwnPropertyNames(Object.prototype));

function ownValue(container: unknown, key: string): unknown {
  if (typeof container !== 'object' || container === null) {
    return undefined;
  }
  return Object.hasOwn(container, key) ? (container as Record<string, unknown>)[key] : undefined;
}

/**
 * A reader for `source`: a header name, a 1-based column number, or a dotted
 * path into a JSON value (`customer.address.city`, `items.0.sku`). A key that
 * is itself the whole source ("unit.price" as a CSV header) wins over the path.
 *
 * Limitation: a path cannot address a key that itself contains a dot inside a
 * nested object; only the top level can hold such a key.
 */
export function sourceReader(source: string): SourceReader {
  const segments = source.split('.');
  const isPath = segments.length > 1 && segments.every((segment) => segment !== '');
  const isInherited = inheritedNames.has(source);

  if (!isPath) {
    return isInherited ? (values) => ownValue(values, source) : (values) => values[source];
  }
  return (values) => {
    const direct = ownValue(values, source);
    if (direct !== undefined) {
      return direct;
    }
    let current: unknown = values;
    for (const segment of segments) {
      current = ownValue(current, segment);
      if (current === undefined) {
        return undefined;
      }
    }
    return current;
  };
}
