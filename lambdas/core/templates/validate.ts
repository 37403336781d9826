import type { z } from 'zod';
import { InvalidInputError } from '../errors';
import { checkCondition } from './check-conditions';
import { checkCsvSettings } from './check-csv';
import { checkField, checkFieldNames, checkPrimaryKey } from './check-fields';
import {
  conditionSchema,
  csvSettingsSchema,
  fieldSchema,
  templateInputSchema,
  type ValidTemplate,
} from './schema';
import { humanZodMessage } from './zod-messages';

type CsvSettings = z.output<typeof csvSettingsSchema>;

/** One thing wrong with a template: where (`fields[2].type`) and what. */
export interface TemplateIssue {
  path: string;
  message: string;
}

/** Formats a path the way a reader finds it in the template: `fields[2].type`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const part of path) {
    text += typeof part === 'number' ? `[${part}]` : `${text ? '.' : ''}${String(part)}`;
  }
  return text || '(template)';
}

function zodIssues(error: z.ZodError, prefix: PropertyKey[] = []): TemplateIssue[] {
  return error.issues.map((issue) => ({
    path: formatPath([...prefix, ...issue.path]),
    message: issue.message,
  }));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Drops what a stored template carries besides its settings, so that a loaded
 * template can be saved again, and gives TSV templates a tab delimiter unless
 * they set one.
 */
function prepare(input: Record<string, unknown>): Record<string, unknown> {
  const { version: _version, createdAt: _createdAt, ...settings } = input;
  const csv = settings.csv;
  const hasDelimiter = isRecord(csv) && csv.delimiter !== undefined;
  if (settings.format === 'tsv' && !hasDelimiter && (csv === undefined || isRecord(csv))) {
    settings.csv = { ...(csv ?? {}), delimiter: '\t' };
  }
  return settings;
}

/**
 * The CSV settings that are well formed on their own, so that a bad quote does
 * not hide an unknown encoding.
 */
function wellFormedCsvSettings(raw: unknown): Partial<CsvSettings> {
  const csv = isRecord(raw) ? raw : {};
  const settings: Partial<CsvSettings> = {};
  for (const key of ['delimiter', 'quote', 'escape', 'encoding'] as const) {
    const parsed = csvSettingsSchema.shape[key].safeParse(csv[key]);
    if (parsed.success) settings[key] = parsed.data;
  }
  return settings;
}

/**
 * Checks the settings that relate to each other, on every part that is well
 * formed on its own, so that one bad field does not hide problems elsewhere.
 */
function checkRelations(input: Record<string, unknown>): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  const rawFields = Array.isArray(input.fields) ? input.fields : [];
  const format = typeof input.format === 'string' ? input.format : 'auto';
  const isHeaderless = input.headerRow === 0 && format !== 'json' && format !== 'jsonl';

  const fields = rawFields.map((raw, index) => {
    const parsed = fieldSchema.safeParse(raw);
    if (parsed.success) {
      issues.push(...checkField(parsed.data, `fields[${index}]`, isHeaderless));
    }
    return parsed.success ? parsed.data : undefined;
  });
  issues.push(...checkFieldNames(rawFields));

  if (Array.isArray(input.primaryKey)) {
    issues.push(...checkPrimaryKey(input.primaryKey, rawFields, fields));
  }

  issues.push(...checkCsvSettings(wellFormedCsvSettings(input.csv)));

  const conditions = Array.isArray(input.conditions) ? input.conditions : [];
  conditions.forEach((raw, index) => {
    const parsed = conditionSchema.safeParse(raw);
    if (parsed.success) {
      issues.push(
        ...checkCondition(parsed.data, `conditions[${index}]`, rawFields, fields, isHeaderless),
      );
    }
  });
  return issues;
}

/**
 * Validates a template and returns it normalised (defaults filled in, names
 * trimmed, TSV delimiter set). Throws `InvalidInputError` listing every problem
 * found, each with its path, the value and what is allowed; the list is also in
 * `details.issues`. A stored template's `version` and `createdAt` are ignored.
 */
export function validateTemplate(input: unknown): ValidTemplate {
  if (!isRecord(input)) {
    throw new InvalidInputError(
      'A template must be a JSON object with templateId, name, recordType and fields.',
      {
        issues: [{ path: '(template)', message: 'not an object' }],
      },
    );
  }

  const settings = prepare(input);
  const parsed = templateInputSchema.safeParse(settings, { error: humanZodMessage });
  const issues = [...(parsed.success ? [] : zodIssues(parsed.error)), ...checkRelations(settings)];

  if (issues.length > 0 || !parsed.success) {
    const id = typeof input.templateId === 'string' ? ` "${input.templateId}"` : '';
    const list = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
    throw new InvalidInputError(
      `Template${id} has ${issues.length} problem${issues.length === 1 ? '' : 's'}: ${list}.`,
      { issues },
    );
  }
  return parsed.data;
}
