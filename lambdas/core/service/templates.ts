import { previewRows, type TemplatePreview } from '../connectors/row-preview';
import { ConflictError, NotFoundError } from '../errors';
import type { Connector } from '../model';
import type { Template, TemplateInput } from '../templates/schema';
import { validateTemplate } from '../templates/validate';
import type { ServiceDeps } from './deps';

/** Rows `tryTemplate` reads from a sample at most. */
export const tryRowLimit = 1000;
/** Records `tryTemplate` returns at most. */
export const tryRecordsShown = 50;

/**
 * Validates and stores a template as a new version (version 1 for a new id).
 * Throws `InvalidInputError` listing every problem, in `details.issues` too.
 */
export async function saveTemplate(deps: ServiceDeps, input: unknown): Promise<Template> {
  validateTemplate(input);
  return deps.templates.save(input as TemplateInput);
}

/** The newest version of every template. */
export async function listTemplates(deps: ServiceDeps): Promise<Template[]> {
  return deps.templates.list();
}

/** One template, its newest version unless `version` is given. Throws `NotFoundError`. */
export async function getTemplate(
  deps: ServiceDeps,
  templateId: string,
  version?: number,
): Promise<Template> {
  const template = await deps.templates.get(templateId, version);
  if (!template) {
    const which = version === undefined ? '' : ` version ${version}`;
    throw new NotFoundError(
      `Template "${templateId}"${which} does not exist; "s3-import templates list" shows the templates.`,
    );
  }
  return template;
}

/**
 * Applies a template (a stored id, or settings not saved yet, validated
 * first) to a sample file, with the importer's reader and compiler. Reads at
 * most `tryRowLimit` rows. File-level problems are in `fileError`, not thrown;
 * an invalid template throws `InvalidInputError` and an unknown id `NotFoundError`.
 */
export async function tryTemplate(
  deps: ServiceDeps,
  templateOrId: string | unknown,
  sample: { key: string; bytes: Uint8Array | AsyncIterable<Uint8Array> },
): Promise<TemplatePreview> {
  const template: Template =
    typeof templateOrId === 'string'
      ? await getTemplate(deps, templateOrId)
      : {
          ...validateTemplate(templateOrId),
          version: 0,
          createdAt: deps.clock.now().toISOString(),
        };
  const bytes = sample.bytes instanceof Uint8Array ? oneChunk(sample.bytes) : sample.bytes;
  return previewRows(template, sample.key, bytes, {
    maxRows: tryRowLimit,
    recordsShown: tryRecordsShown,
    ...deps.limits,
  });
}

async function* oneChunk(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  yield bytes;
}

/** What `deleteTemplate` removed, and the connectors left without their template. */
export interface TemplateDeletion {
  templateId: string;
  versionsDeleted: number;
  /** Connectors that still name the template (only with `force`): their syncs fail until updated. */
  connectorsLeft: Pick<Connector, 'connectorId' | 'name'>[];
}

/**
 * The connectors a template deletion would leave without their template.
 * Throws `ConflictError` naming them unless `force`, and `NotFoundError` for
 * an unknown template. `deleteTemplate` checks this itself; callers that ask
 * for confirmation first call it to say what the deletion does.
 */
export async function checkTemplateDeletion(
  deps: ServiceDeps,
  templateId: string,
  options: { force?: boolean } = {},
): Promise<TemplateDeletion['connectorsLeft']> {
  await getTemplate(deps, templateId);
  const users = (await deps.connectors.list())
    .filter((connector) => connector.templateId === templateId)
    .map(({ connectorId, name }) => ({ connectorId, name }));
  if (users.length > 0 && !options.force) {
    const names = users.map((user) => `"${user.name}"`).join(', ');
    const one = users.length === 1;
    throw new ConflictError(
      `Template "${templateId}" is used by connector${one ? '' : 's'} ${names}; give ${one ? 'it' : 'them'} another template first ("s3-import connectors update NAME --template ID"), or delete it anyway with --force (${one ? 'its' : 'their'} syncs then fail with template_not_found).`,
      { connectors: users },
    );
  }
  return users;
}

/**
 * Deletes every version of a template. Refused with `ConflictError` while a
 * connector uses it, naming the connectors, unless `force`: then those
 * connectors fail with `template_not_found` until they get another template.
 * Import results keep the id and version they were imported with. Throws
 * `NotFoundError` for an unknown template.
 */
export async function deleteTemplate(
  deps: ServiceDeps,
  templateId: string,
  options: { force?: boolean } = {},
): Promise<TemplateDeletion> {
  const connectorsLeft = await checkTemplateDeletion(deps, templateId, options);
  const versionsDeleted = await deps.cleanup.deleteTemplate(templateId);
  return { templateId, versionsDeleted, connectorsLeft };
}
