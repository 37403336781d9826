import { z } from 'zod';

/**
 * The shape of a data template. Rules that relate settings to each other
 * (a primary key naming a field, options that belong to a type, a default the
 * type accepts) live in `validate.ts`, which reports every problem at once.
 */
export const fieldTypes = [
  'string',
  'integer',
  'decimal',
  'boolean',
  'date',
  'timestamp',
  'enum',
  'email',
  'currency',
  'json',
] as const;

export type FieldType = (typeof fieldTypes)[number];

export const conditionOperators = [
  'equals',
  'notEquals',
  'empty',
  'notEmpty',
  'matches',
  'in',
  'notIn',
  'gt',
  'gte',
  'lt',
  'lte',
] as const;

export type ConditionOperator = (typeof conditionOperators)[number];

export const fileFormats = ['auto', 'csv', 'tsv', 'json', 'jsonl'] as const;

/** Separators a number may group its thousands with. */
export const thousandsSeparators = [',', '.', ' ', "'", '_', '\u00a0', '\u202f'] as const;

function oneOf(what: string, allowed: readonly string[], labels = allowed.join(', ')) {
  return {
    error: (issue: { input?: unknown }) =>
      `unknown ${what} ${JSON.stringify(issue.input)}; allowed: ${labels}`,
  };
}

const thousandsSeparatorLabels =
  '"," "." " " "\'" "_", no-break space (U+00A0), narrow no-break space (U+202F)';

const trimmedName = (max: number) =>
  z
    .string({ error: 'must be text' })
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`);

export const fieldSchema = z.strictObject({
  /** Name of the field in the destination record. */
  name: trimmedName(255),
  /** Header name; for JSON a dotted path; for a headerless file the 1-based column number. */
  source: trimmedName(1024),
  type: z.enum(fieldTypes, oneOf('type', fieldTypes)).default('string'),
  required: z.boolean().default(false),
  /** Used when the source is missing or empty; must be a valid value of the type. */
  default: z.unknown().optional(),
  /** string: keep surrounding whitespace when false. Default true. */
  trim: z.boolean().optional(),
  /** string: longest value accepted, in characters. */
  maxLength: z.number().int().positive().optional(),
  /** integer, decimal: the character grouping thousands, e.g. "," in "1,234". */
  thousandsSeparator: z
    .enum(
      thousandsSeparators,
      oneOf('thousands separator', thousandsSeparators, thousandsSeparatorLabels),
    )
    .optional(),
  /** decimal: "." (default) or "," for a decimal comma. */
  decimalSeparator: z.enum(['.', ','], oneOf('decimal separator', ['.', ','])).optional(),
  /** decimal: most digits allowed after the decimal point. */
  scale: z.number().int().nonnegative().max(100).optional(),
  /** boolean: words meaning true, replacing true/yes/y/1 (compared case-insensitively). */
  trueValues: z.array(z.string().trim().min(1)).min(1).optional(),
  /** boolean: words meaning false, replacing false/no/n/0. */
  falseValues: z.array(z.string().trim().min(1)).min(1).optional(),
  /** date, timestamp: a luxon format ("dd/MM/yyyy"); ISO 8601 when absent. */
  format: z.string().min(1).optional(),
  /** date, timestamp: IANA zone of values without an offset. Default UTC. */
  timeZone: z.string().min(1).optional(),
  /** enum: the accepted values. */
  values: z.array(z.string()).optional(),
  /** enum: accept values in any letter case (the template's spelling is stored). */
  caseInsensitive: z.boolean().optional(),
});

export type FieldSettings = z.output<typeof fieldSchema>;

/**
 * A row condition: `ignore` skips matching rows silently (totals, comments),
 * `reject` turns them into row errors with `message`. It tests either a raw
 * source column (`source`) or a typed field (`field`).
 */
export const conditionSchema = z.strictObject({
  action: z.enum(['ignore', 'reject'], oneOf('action', ['ignore', 'reject'])),
  source: z.string().trim().min(1).optional(),
  field: z.string().trim().min(1).optional(),
  operator: z.enum(conditionOperators, oneOf('operator', conditionOperators)),
  /** equals, notEquals (text), gt, gte, lt, lte (a number). */
  value: z.union([z.string(), z.number(), z.boolean()]).optional(),
  /** in, notIn. */
  values: z.array(z.union([z.string(), z.number(), z.boolean()])).optional(),
  /** matches: a JavaScript regular expression. */
  pattern: z.string().max(1000).optional(),
  /** equals, notEquals, in, notIn, matches: ignore letter case. */
  caseInsensitive: z.boolean().optional(),
  /** Row error message of a `reject` condition. */
  message: z.string().trim().min(1).max(500).optional(),
});

export type Condition = z.output<typeof conditionSchema>;

export const csvSettingsSchema = z.strictObject({
  delimiter: z.string().min(1).max(4).default(','),
  quote: z.string().length(1).default('"'),
  escape: z.string().length(1).default('"'),
  encoding: z.string().trim().toLowerCase().default('utf-8'),
});

const identifier = () =>
  z
    .string({ error: 'must be text' })
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/,
      `must be 1 to 128 letters, digits, ".", "_" or "-", starting with a letter or digit`,
    );

export const templateInputSchema = z.strictObject({
  templateId: identifier(),
  name: trimmedName(200),
  description: z.string().max(2000).optional(),
  recordType: identifier(),
  format: z.enum(fileFormats, oneOf('format', fileFormats)).default('auto'),
  /** 1-based line of the header row; 0 when the file has no header. */
  headerRow: z.number().int().nonnegative().max(1000).default(1),
  csv: csvSettingsSchema.prefault({}),
  fields: z.array(fieldSchema).min(1, 'a template needs at least one field').max(500),
  primaryKey: z.array(z.string().trim().min(1)).default([]),
  conditions: z.array(conditionSchema).max(100).optional(),
});

export type TemplateInput = z.input<typeof templateInputSchema>;

/** A template as validation leaves it: defaults filled in, text trimmed. */
export type ValidTemplate = z.output<typeof templateInputSchema>;

export type Template = ValidTemplate & {
  version: number;
  createdAt: string;
};
