import { compileConverter } from './converters';
import { checkDateFormat, isKnownTimeZone } from './dates';
import type { FieldSettings, FieldType } from './schema';
import type { TemplateIssue } from './validate';
import { ValueProblem } from './value-problem';

/** Which field types each type-specific option belongs to. */
const optionTypes: Record<string, readonly FieldType[]> = {
  trim: ['string'],
  maxLength: ['string'],
  thousandsSeparator: ['integer', 'decimal'],
  decimalSeparator: ['decimal'],
  scale: ['decimal'],
  trueValues: ['boolean'],
  falseValues: ['boolean'],
  format: ['date', 'timestamp'],
  timeZone: ['date', 'timestamp'],
  values: ['enum'],
  caseInsensitive: ['enum'],
};

function isJsonValue(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') {
    return true;
  }
  if (typeof value === 'number') {
    return Number.isFinite(value);
  }
  if (Array.isArray(value)) {
    return value.every(isJsonValue);
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.values(value).every(isJsonValue);
  }
  return false;
}

function checkDefault(field: FieldSettings, path: string): TemplateIssue[] {
  if (field.default === undefined || field.default === null) {
    return [];
  }
  if (!isJsonValue(field.default)) {
    return [
      {
        path: `${path}.default`,
        message: 'must be a JSON value (text, number, boolean, null, array or object)',
      },
    ];
  }
  const converted = compileConverter(field)(field.default);
  if (converted instanceof ValueProblem) {
    return [
      {
        path: `${path}.default`,
        message: `${converted.message} The default must be a valid ${field.type} value`,
      },
    ];
  }
  return [];
}

function checkTypeOptions(field: FieldSettings, path: string): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  const settings = field as Record<string, unknown>;
  for (const [option, types] of Object.entries(optionTypes)) {
    if (settings[option] !== undefined && !types.includes(field.type)) {
      issues.push({
        path: `${path}.${option}`,
        message: `applies only to ${types.join(' and ')} fields, not to ${field.type} fields`,
      });
    }
  }
  return issues;
}

function checkEnum(field: FieldSettings, path: string): TemplateIssue[] {
  if (!field.values || field.values.length === 0) {
    return [{ path: `${path}.values`, message: 'an enum field needs a non-empty list of values' }];
  }
  const seen = new Set<string>();
  const issues: TemplateIssue[] = [];
  field.values.forEach((value, index) => {
    const key = field.caseInsensitive ? value.toLowerCase() : value;
    if (seen.has(key)) {
      issues.push({
        path: `${path}.values[${index}]`,
        message: `${JSON.stringify(value)} is listed twice${field.caseInsensitive ? ' (ignoring case)' : ''}`,
      });
    }
    seen.add(key);
  });
  return issues;
}

function checkTypeSettings(field: FieldSettings, path: string): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  if (field.type === 'enum') {
    issues.push(...checkEnum(field, path));
  }
  if (field.type === 'decimal' && field.thousandsSeparator === (field.decimalSeparator ?? '.')) {
    issues.push({
      path: `${path}.thousandsSeparator`,
      message: `${JSON.stringify(field.thousandsSeparator)} is also the decimal separator; set decimalSeparator to "," to read "1.234,56"`,
    });
  }
  if (field.type === 'boolean') {
    const trueWords = new Set(
      (field.trueValues ?? ['true', 'yes', 'y', '1']).map((word) => word.toLowerCase()),
    );
    const both = (field.falseValues ?? ['false', 'no', 'n', '0']).filter((word) =>
      trueWords.has(word.toLowerCase()),
    );
    if (both.length > 0) {
      issues.push({
        path: `${path}.falseValues`,
        message: `${both.map((word) => JSON.stringify(word)).join(', ')} cannot mean both true and false`,
      });
    }
  }
  if ((field.type === 'date' || field.type === 'timestamp') && field.format !== undefined) {
    const problem = checkDateFormat(field.format, field.type);
    if (problem) {
      issues.push({ path: `${path}.format`, message: problem });
    }
  }
  if (field.timeZone !== undefined && !isKnownTimeZone(field.timeZone)) {
    issues.push({
      path: `${path}.timeZone`,
      message: `${JSON.stringify(field.timeZone)} is not an IANA time zone; use e.g. "UTC", "Europe/Paris", "America/New_York"`,
    });
  }
  return issues;
}

/** Problems of one well-formed field: options, type settings, default, source. */
export function checkField(
  field: FieldSettings,
  path: string,
  isHeaderless: boolean,
): TemplateIssue[] {
  const issues = [...checkTypeOptions(field, path), ...checkTypeSettings(field, path)];
  if (isHeaderless && !/^[1-9]\d*$/.test(field.source)) {
    issues.push({
      path: `${path}.source`,
      message: `${JSON.stringify(field.source)} must be a column number (1, 2, ...) because headerRow is 0 (the file has no header)`,
    });
  }
  // A default is only checked once its type settings are sound.
  return issues.length > 0 ? issues : checkDefault(field, path);
}

function fieldName(raw: unknown): string | undefined {
  const name = (raw as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name.trim() : undefined;
}

/** Duplicate field names, each reported where it repeats. */
export function checkFieldNames(rawFields: unknown[]): TemplateIssue[] {
  const firstIndex = new Map<string, number>();
  const issues: TemplateIssue[] = [];
  rawFields.forEach((raw, index) => {
    const name = fieldName(raw);
    if (name === undefined || name === '') {
      return;
    }
    const first = firstIndex.get(name);
    if (first === undefined) {
      firstIndex.set(name, index);
    } else {
      issues.push({
        path: `fields[${index}].name`,
        message: `${JSON.stringify(name)} is already the name of fields[${first}]; field names must be unique`,
      });
    }
  });
  return issues;
}

/** Primary key names that are no field, repeat, or name a json field. */
export function checkPrimaryKey(
  primaryKey: unknown[],
  rawFields: unknown[],
  fields: (FieldSettings | undefined)[],
): TemplateIssue[] {
  const names = rawFields.map(fieldName);
  const known = [...new Set(names.filter((name): name is string => Boolean(name)))];
  const seen = new Set<string>();
  const issues: TemplateIssue[] = [];
  primaryKey.forEach((entry, index) => {
    if (typeof entry !== 'string') {
      return;
    }
    const name = entry.trim();
    const fieldIndex = names.indexOf(name);
    if (fieldIndex < 0) {
      issues.push({
        path: `primaryKey[${index}]`,
        message: `${JSON.stringify(name)} is not a field of this template; fields: ${known.join(', ')}`,
      });
    } else if (fields[fieldIndex]?.type === 'json') {
      issues.push({
        path: `primaryKey[${index}]`,
        message: `${JSON.stringify(name)} is a json field; a primary key field must hold a single value (any other type)`,
      });
    }
    if (seen.has(name)) {
      issues.push({
        path: `primaryKey[${index}]`,
        message: `${JSON.stringify(name)} is listed twice`,
      });
    }
    seen.add(name);
  });
  return issues;
}
