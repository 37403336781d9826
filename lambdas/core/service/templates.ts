import { previewRows, type TemplatePreview } from '../connectors/row-preview';
import { NotFoundError } from '../errors';
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
