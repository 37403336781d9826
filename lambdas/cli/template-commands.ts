import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { InvalidInputError } from '../core/errors';
import { countOf } from '../core/plural';
import {
  checkTemplateDeletion,
  deleteTemplate,
  getTemplate,
  listTemplates,
  type ServiceDeps,
  saveTemplate,
  type TemplatePreview,
  tryTemplate,
} from '../core/service';
import type { TemplateIssue } from '../core/templates/validate';
import { validateTemplate } from '../core/templates/validate';
import { confirm } from './confirm';
import { type Output, renderTable } from './output';

/** A template file's JSON; a file that is missing or not JSON is bad input. */
export async function readTemplateFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'there is no such file'
        : code === 'EISDIR'
          ? 'it is a folder'
          : code === 'EACCES'
            ? 'permission denied'
            : (code ?? (error as Error).message);
    throw new InvalidInputError(`Cannot read template file "${path}": ${reason}.`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError(
      `Template file "${path}" is not JSON: ${whereJsonBroke(text, (error as Error).message)}.`,
    );
  }
}

/** A JSON.parse message with the line and column people look for, not only the offset. */
function whereJsonBroke(text: string, message: string): string {
  const bare = message.replace(/ \(line \d+ column \d+\)$/, '');
  const position = /at position (\d+)/.exec(bare);
  const offset = position ? Number(position[1]) : text.length;
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  const reason = bare.replace(/ in JSON at position \d+$/, '');
  return `line ${line}, column ${column}: ${reason}`;
}

/**
 * Prints every problem of a template, one a line under `label`, as all three
 * of `validate`, `create` and `try` do. Returns false for other errors.
 */
function printProblems(error: unknown, label: string, write: (text: string) => void): boolean {
  const issues = error instanceof InvalidInputError ? error.details?.issues : undefined;
  if (!Array.isArray(issues)) return false;
  write(`${label}: ${issues.length} problem${issues.length === 1 ? '' : 's'}:`);
  for (const issue of issues as TemplateIssue[]) write(`  ${issue.path}: ${issue.message}`);
  return true;
}

const toStderr = (text: string) => process.stderr.write(`${text}\n`);

/** `templates create`: validates and saves a new version. */
export async function runTemplateCreate(deps: ServiceDeps, file: string, output: Output) {
  const input = await readTemplateFile(file);
  let template: Awaited<ReturnType<typeof saveTemplate>>;
  try {
    template = await saveTemplate(deps, input);
  } catch (error) {
    if (output.json || !printProblems(error, file, toStderr)) throw error;
    return 2;
  }
  if (output.json) return output.data(template);
  output.line(
    `Saved template "${template.templateId}" version ${template.version} (${template.fields.length} fields, record type ${template.recordType}).`,
  );
}

/** `templates list`: the newest version of each template. */
export async function runTemplateList(deps: ServiceDeps, output: Output) {
  const templates = await listTemplates(deps);
  if (output.json) return output.data(templates);
  if (templates.length === 0) return output.line('No templates yet.');
  output.line(
    renderTable(
      ['ID', 'VERSION', 'NAME', 'RECORD TYPE', 'FORMAT', 'FIELDS', 'SAVED'],
      templates.map((template) => [
        template.templateId,
        template.version,
        template.name,
        template.recordType,
        template.format,
        template.fields.length,
        template.createdAt,
      ]),
    ),
  );
}

/** `templates show`: the template as the JSON a user edits and saves again. */
export async function runTemplateShow(
  deps: ServiceDeps,
  templateId: string,
  version: number | undefined,
  output: Output,
) {
  const template = await getTemplate(deps, templateId, version);
  output.data(template);
}

/**
 * `templates delete`: refused (exit 2) while a connector uses the template
 * unless `force`; asks first unless `yes`; exit 1 when the person declines.
 */
export async function runTemplateDelete(
  deps: ServiceDeps,
  templateId: string,
  options: { force?: boolean; yes?: boolean },
  output: Output,
) {
  const template = await getTemplate(deps, templateId);
  const users = await checkTemplateDeletion(deps, templateId, options);
  const left =
    users.length > 0
      ? ` Connector${users.length === 1 ? '' : 's'} ${users.map((user) => `"${user.name}"`).join(', ')} then fail${users.length === 1 ? 's' : ''} with template_not_found until given another template.`
      : '';
  const explanation = `Deleting template "${templateId}" removes its ${template.version === 1 ? 'one version' : `${template.version} versions`}; import results keep naming the version they used.${left}`;
  if (!(await confirm(explanation, options.yes))) {
    process.stderr.write('Cancelled; nothing was changed.\n');
    return 1;
  }
  const deletion = await deleteTemplate(deps, templateId, options);
  if (output.json) return output.data(deletion);
  const versions = `${deletion.versionsDeleted} version${deletion.versionsDeleted === 1 ? '' : 's'}`;
  output.line(`Deleted template "${templateId}" (${versions}).`);
}

/** Prints every problem of a template file; exit 2 when there is one. */
export async function runTemplateValidate(file: string, output: Output): Promise<number> {
  const input = await readTemplateFile(file);
  try {
    const valid = validateTemplate(input);
    if (output.json) output.data({ valid: true, problems: [] });
    else output.line(`Template "${valid.templateId}" in ${file} is valid.`);
    return 0;
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    if (output.json) {
      output.data({ valid: false, problems: error.details?.issues ?? [] });
    } else {
      printProblems(error, file, (text) => output.line(text));
    }
    return 2;
  }
}

/** A stored template id, or a template file when one exists at that path. */
async function templateArgument(reference: string): Promise<unknown> {
  return existsSync(reference) && reference.endsWith('.json')
    ? readTemplateFile(reference)
    : reference;
}

/** `templates try`: records and row errors of a sample; exit 1 when the importer would fail the file. */
export async function runTemplateTry(
  deps: ServiceDeps,
  reference: string,
  file: string,
  output: Output,
): Promise<number> {
  const template = await templateArgument(reference);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new InvalidInputError(
      `Cannot read sample file "${file}": ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`,
    );
  }
  let preview: TemplatePreview;
  try {
    preview = await tryTemplate(deps, template, { key: basename(file), bytes });
  } catch (error) {
    const isFile = typeof template !== 'string';
    if (output.json || !isFile || !printProblems(error, reference, toStderr)) throw error;
    return 2;
  }
  if (output.json) output.data(preview);
  else output.line(formatPreview(preview));
  return preview.fileError ? 1 : 0;
}

function formatPreview(preview: TemplatePreview): string {
  const version = preview.templateVersion ? ` v${preview.templateVersion}` : ' (not saved)';
  const lines = [
    `Template ${preview.templateId}${version} on ${preview.key} (${preview.format ?? 'unknown format'}): ${countOf(preview.rowsRead, 'row', 'rows')} read${preview.truncated ? ' (stopped there)' : ''}, ${countOf(preview.rowsImported, 'record')}, ${preview.rowsIgnored} ignored, ${preview.rowsRejected} rejected`,
  ];
  for (const warning of preview.warnings) lines.push(`Warning: ${warning}`);
  // The counts and rows before a file failure are shown too: the import keeps what it wrote.
  if (preview.fileError) {
    lines.push(
      `The importer would fail this file (${preview.fileError.code}): ${preview.fileError.message}`,
    );
  }
  if (preview.records.length > 0) {
    lines.push('', `Records (first ${preview.records.length}):`);
    for (const record of preview.records) {
      const key = record.recordKey ? ` [${record.recordKey}]` : '';
      lines.push(`  row ${record.row}${key}: ${JSON.stringify(record.data)}`);
    }
  }
  if (preview.rowErrors.length > 0) {
    lines.push('', 'Row errors:');
    lines.push(
      ...renderTable(
        ['ROW', 'FIELD', 'CODE', 'MESSAGE'],
        preview.rowErrors.map((error) => [error.row, error.field ?? '', error.code, error.message]),
      )
        .split('\n')
        .map((line) => `  ${line}`),
    );
  }
  return lines.join('\n');
}
