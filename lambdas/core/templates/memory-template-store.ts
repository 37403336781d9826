import type { Clock, TemplateStore } from '../ports';
import { systemClock } from '../ports';
import type { Template, TemplateInput } from './schema';
import { validateTemplate } from './validate';

/**
 * Versioned templates in memory, for tests and one-process local runs. It
 * validates like the DynamoDB store and hands out copies, so a caller that
 * changes a returned template changes nothing stored. Lost when the process ends.
 */
export class MemoryTemplateStore implements TemplateStore {
  private readonly versions = new Map<string, Template[]>();

  constructor(private readonly clock: Clock = systemClock) {}

  async get(templateId: string, version?: number): Promise<Template | undefined> {
    const versions = this.versions.get(templateId) ?? [];
    const found = version === undefined ? versions.at(-1) : versions[version - 1];
    return found === undefined ? undefined : structuredClone(found);
  }

  /** Validates `input` (throws `InvalidInputError` listing its problems) and stores the next version. */
  async save(input: TemplateInput): Promise<Template> {
    const valid = validateTemplate(input);
    const versions = this.versions.get(valid.templateId) ?? [];
    const template: Template = {
      ...structuredClone(valid),
      version: versions.length + 1,
      createdAt: this.clock.now().toISOString(),
    };
    versions.push(template);
    this.versions.set(valid.templateId, versions);
    return structuredClone(template);
  }

  /** The newest version of every template, by template id. */
  async list(): Promise<Template[]> {
    return [...this.versions.keys()]
      .sort()
      .map((templateId) => structuredClone(this.versions.get(templateId)?.at(-1) as Template));
  }
}
