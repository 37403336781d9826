import { z } from 'zod';

/**
 * Contract draft: the names below are what the rest of the product reads.
 * The templates module completes the rules (types, conditions, messages).
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

export const fieldSchema = z.object({
  /** Name of the field in the destination record. */
  name: z.string().min(1),
  /** Header name; for JSON a dotted path; for a headerless file the 1-based column number. */
  source: z.string().min(1),
  type: z.enum(fieldTypes).default('string'),
  required: z.boolean().default(false),
  default: z.unknown().optional(),
});

export const csvSettingsSchema = z.object({
  delimiter: z.string().min(1).default(','),
  quote: z.string().length(1).default('"'),
  escape: z.string().length(1).default('"'),
  encoding: z.string().default('utf-8'),
});

export const templateInputSchema = z.object({
  templateId: z.string().min(1),
  name: z.string().min(1),
  recordType: z.string().min(1),
  format: z.enum(['auto', 'csv', 'tsv', 'json', 'jsonl']).default('auto'),
  /** 1-based line of the header row; 0 when the file has no header. */
  headerRow: z.number().int().nonnegative().default(1),
  csv: csvSettingsSchema.prefault({}),
  fields: z.array(fieldSchema).min(1),
  primaryKey: z.array(z.string()).default([]),
});

export type TemplateInput = z.input<typeof templateInputSchema>;

export type Template = z.output<typeof templateInputSchema> & {
  version: number;
  createdAt: string;
};
