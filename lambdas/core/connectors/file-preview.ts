import { windowOf } from '../discovery/options';
import { fileIdOf } from '../file-id';
import { detectFormat, type FileFormat } from '../formats/detect';
import type { Connector, ListedObject } from '../model';
import type { ServiceDeps } from '../service/deps';
import type { Template } from '../templates/schema';

/** One listed file and whether the next sync would import it. */
export interface FilePreview {
  key: string;
  size: number;
  lastModified: string;
  format?: FileFormat;
  importable: boolean;
  /** Why not, when it would not be imported. */
  reason?: string;
}

/**
 * Decides for each listed file what the lister would: format by the template,
 * size limit, the sync window (the initial one before the first complete
 * listing) and the ledger of versions already queued.
 */
export async function previewFiles(
  deps: ServiceDeps,
  connector: Connector,
  template: Template | undefined,
  files: ListedObject[],
): Promise<FilePreview[]> {
  const state = await deps.discoveryState.getState(connector.connectorId);
  const window = windowOf(state, deps.clock.now(), deps.sync.options);
  const fileIds = files.map((file) => fileIdOf(file.key, file.etag));
  const queued = await deps.discoveryState.findQueued(connector.connectorId, fileIds);
  const maxBytes = deps.sync.options.maxFileBytes;

  return files.map((file, index) => {
    const format = template ? detectFormat(file.key, template.format) : undefined;
    const preview: FilePreview = {
      key: file.key,
      size: file.size,
      lastModified: file.lastModified.toISOString(),
      format,
      importable: false,
    };
    if (!template) {
      preview.reason = `template "${connector.templateId}" does not exist`;
    } else if (format === undefined) {
      preview.reason = `unsupported format for template format "${template.format}"`;
    } else if (file.size > maxBytes) {
      preview.reason = `larger than the ${maxBytes}-byte limit`;
    } else if (queued.has(fileIds[index])) {
      preview.reason = 'already imported (this version)';
    } else if (file.lastModified < window.start) {
      preview.reason = window.isInitial
        ? `modified before the initial window (${window.start.toISOString().slice(0, 10)})`
        : 'older than the last sync';
    } else {
      preview.importable = true;
    }
    return preview;
  });
}
