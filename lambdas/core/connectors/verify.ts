import { isFolderMarker } from '../discovery/folder';
import { type ErrorCode, ImportError } from '../errors';
import type { Connector, ListedObject } from '../model';
import { countOf } from '../plural';
import type { ServiceDeps } from '../service/deps';
import type { Template } from '../templates/schema';
import { findConnector } from './connector-service';
import { type FilePreview, previewFiles } from './file-preview';
import { fixFor, stepOf, type VerifyStepName } from './fixes';
import { previewRows, type TemplatePreview } from './row-preview';

export type { FilePreview } from './file-preview';
export type { VerifyStepName } from './fixes';

export interface VerifyStep {
  step: VerifyStepName;
  status: 'ok' | 'failed' | 'skipped';
  message: string;
}

/** What `verifyConnector` found, step by step, with a preview of the files and rows. */
export interface VerifyReport {
  connector: Connector;
  ok: boolean;
  steps: VerifyStep[];
  /** Set when a step failed: its code, what S3 or STS said, and what to check. */
  failure?: { step: VerifyStepName; code: ErrorCode | string; message: string; fix: string };
  /** The first files of the folder and whether each would be imported. */
  files: FilePreview[];
  /** Objects on the first listing page (folder placeholders included). */
  objectsListed: number;
  rows?: TemplatePreview;
  /** Notes that do not fail the verification (an empty folder). */
  warnings: string[];
  /** True when a sync was handed to the sync queue. */
  syncQueued: boolean;
  /** True when the connector never completed a sync: the queued one is its first. */
  isFirstSync: boolean;
}

const filesShown = 20;
const previewRowCount = 10;

class StepFailure extends Error {
  constructor(
    readonly step: VerifyStepName,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function codeOf(error: unknown): string {
  return error instanceof ImportError ? error.code : 'internal_error';
}

function roleAssumed(deps: ServiceDeps, connector: Connector): VerifyStep {
  return {
    step: 'assume_role',
    status: 'ok',
    message: deps.usesRoles
      ? `Assumed ${connector.roleArn} with the connector's external ID.`
      : 'Local deployment: no role is assumed, the embedded S3 server is read directly.',
  };
}

async function listFirstPage(deps: ServiceDeps, connector: Connector): Promise<ListedObject[]> {
  const store = deps.objectStores(connector);
  try {
    for await (const page of store.listObjects({
      bucket: connector.bucket,
      prefix: connector.folder,
    })) {
      return page.objects;
    }
    return [];
  } catch (error) {
    const code = codeOf(error);
    throw new StepFailure(stepOf(code, false), code, (error as Error).message);
  }
}

/**
 * Checks that the platform can reach a connector's folder: assumes its role
 * (locally the embedded S3 is read directly), lists the folder, reads the
 * first importable file and applies the template to its first rows. On
 * success the connector becomes `active` and its first sync is queued; on a
 * failure it stays as it was, its health records the error, and the report
 * names the step, the code and what to check. Never throws for the
 * connector's own problems; throws `NotFoundError` for an unknown connector.
 */
export async function verifyConnector(deps: ServiceDeps, idOrName: string): Promise<VerifyReport> {
  const connector = await findConnector(deps.connectors, idOrName);
  const report: VerifyReport = {
    connector,
    ok: false,
    steps: [],
    files: [],
    objectsListed: 0,
    warnings: [],
    syncQueued: false,
    isFirstSync: true,
  };

  try {
    const template = await deps.templates.get(connector.templateId);
    const objects = await listFirstPage(deps, connector);
    report.steps.push(roleAssumed(deps, connector));
    report.objectsListed = objects.length;
    const files = objects.filter((object) => !isFolderMarker(object));
    report.steps.push({
      step: 'list',
      status: 'ok',
      message: `Listed s3://${connector.bucket}/${connector.folder}: ${objects.length >= 1000 ? `${files.length}+ files` : countOf(files.length, 'file')}.`,
    });
    if (files.length === 0) {
      report.warnings.push(
        `The folder s3://${connector.bucket}/${connector.folder} has no files yet: the connector imports them as they arrive. If you expected files, check the folder with "s3-import connectors update ${connector.name} --folder PATH".`,
      );
    }
    report.files = await previewFiles(deps, connector, template, files.slice(0, filesShown));
    if (!template) {
      throw new StepFailure(
        'template',
        'template_not_found',
        `Template "${connector.templateId}" does not exist (it was deleted or never created).`,
      );
    }
    await previewFirstFile(deps, connector, template, files, report);
  } catch (error) {
    if (!(error instanceof StepFailure)) throw error;
    if (error.step === 'list' && report.steps.length === 0) {
      report.steps.push(roleAssumed(deps, connector));
    }
    report.failure = {
      step: error.step,
      code: error.code,
      message: error.message,
      fix: fixFor(error.code, connector),
    };
    report.steps.push({ step: error.step, status: 'failed', message: error.message });
    await recordVerifyHealth(deps, connector, report);
    return report;
  }

  report.ok = true;
  await recordVerifyHealth(deps, connector, report);
  if (connector.status === 'paused') {
    report.warnings.push(
      `The connector stays paused: resume it with "s3-import connectors resume ${connector.name}" to start its syncs.`,
    );
    return report;
  }
  report.connector = await activate(deps, connector);
  const { failedIds } = await deps.syncQueue.send([
    {
      id: connector.connectorId,
      body: { connectorId: connector.connectorId, cycle: deps.clock.now().toISOString() },
    },
  ]);
  report.syncQueued = failedIds.length === 0;
  return report;
}

async function previewFirstFile(
  deps: ServiceDeps,
  connector: Connector,
  template: Template,
  files: ListedObject[],
  report: VerifyReport,
): Promise<void> {
  // An already imported file previews as well as a new one: the rows show what the template does.
  const candidate = report.files.find(
    (file) => file.format !== undefined && file.size <= deps.sync.options.maxFileBytes,
  );
  const object = candidate && files.find((file) => file.key === candidate.key);
  if (!object) {
    report.steps.push({ step: 'read', status: 'skipped', message: 'No importable file to read.' });
    report.steps.push({
      step: 'template',
      status: 'skipped',
      message: `Template "${template.templateId}" exists; no file to try it on.`,
    });
    return;
  }
  let bytes: AsyncIterable<Uint8Array>;
  try {
    bytes = await deps.objectStores(connector).getObject({
      bucket: connector.bucket,
      key: object.key,
      etag: object.etag,
    });
  } catch (error) {
    const code = codeOf(error);
    throw new StepFailure(stepOf(code, true), code, (error as Error).message);
  }
  const rows = await previewRows(template, object.key, bytes, {
    maxRows: previewRowCount,
    recordsShown: previewRowCount,
    ...deps.limits,
  });
  report.rows = rows;
  report.warnings.push(...rows.warnings);
  report.steps.push({ step: 'read', status: 'ok', message: `Read ${object.key}.` });
  if (rows.fileError) {
    throw new StepFailure('template', rows.fileError.code, rows.fileError.message);
  }
  report.steps.push({
    step: 'template',
    status: 'ok',
    message: `Template "${template.templateId}" v${template.version} on the first ${countOf(rows.rowsRead, 'row')}: ${countOf(rows.rowsImported, 'record')}, ${rows.rowsIgnored} ignored, ${rows.rowsRejected} rejected.`,
  });
}

async function activate(deps: ServiceDeps, connector: Connector): Promise<Connector> {
  const updated: Connector = {
    ...connector,
    status: 'active',
    updatedAt: deps.clock.now().toISOString(),
  };
  await deps.connectors.put(updated);
  return updated;
}

/**
 * A failed verification marks the health like a failed sync, so `status` shows
 * what to fix; a successful one clears the failure and drops sync counts it disproved.
 */
async function recordVerifyHealth(
  deps: ServiceDeps,
  connector: Connector,
  report: VerifyReport,
): Promise<void> {
  const previous = await deps.health.get(connector.connectorId);
  report.isFirstSync = previous?.lastSuccessfulSyncAt === undefined;
  const at = deps.clock.now().toISOString();
  if (report.failure) {
    await deps.health.put({
      ...previous,
      connectorId: connector.connectorId,
      state: 'error',
      lastError: {
        code: report.failure.code as ErrorCode,
        message: `Verification failed at the ${report.failure.step} step: ${report.failure.message}`,
        at,
      },
      consecutiveFailures: (previous?.consecutiveFailures ?? 0) + 1,
    });
    return;
  }
  // The counts of a failed sync, or an empty folder that now has files, would
  // keep a warning in `status` that this listing just disproved.
  const { lastCounts, ...kept } = previous ?? {};
  const isStale =
    previous?.state === 'error' || (lastCounts?.inScope === 0 && report.files.length > 0);
  await deps.health.put({
    ...kept,
    ...(lastCounts && !isStale ? { lastCounts } : {}),
    connectorId: connector.connectorId,
    state: 'healthy',
    consecutiveFailures: 0,
  });
}
