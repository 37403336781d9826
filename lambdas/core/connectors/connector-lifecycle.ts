import { normaliseFolder } from '../discovery/folder';
import { ConflictError, ImportError, InvalidInputError } from '../errors';
import type { Connector } from '../model';
import { countOf } from '../plural';
import type { ServiceDeps } from '../service/deps';
import { partitionOf } from './aws-regions';
import { connectorInputSchema } from './connector-input';
import { findConnector, setConnectorStatus } from './connector-service';
import { type Onboarding, onboardingFor } from './onboarding';
import { requeueConnectorImports } from './reimport';

/** Settings `updateConnector` can change; the account and external ID are fixed. */
export interface ConnectorChanges {
  name?: string;
  templateId?: string;
  folder?: string;
  bucket?: string;
  region?: string;
  /** With a new template: import the files already imported again, with it. */
  reimport?: boolean;
}

export interface ConnectorUpdate {
  connector: Connector;
  /** True when the bucket or folder changed: the next sync is an initial one again. */
  baselineReset: boolean;
  /** Files queued again by `reimport`. */
  filesRequeued: number;
  /** What the change means for the user, in one paragraph. */
  message: string;
}

function checkChanges(changes: ConnectorChanges): void {
  const shape = connectorInputSchema.pick({ name: true, bucket: true, region: true }).partial();
  const parsed = shape.safeParse({
    name: changes.name,
    bucket: changes.bucket,
    region: changes.region,
  });
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  if (changes.templateId !== undefined && changes.templateId.trim() === '') {
    problems.push('templateId: must name a template');
  }
  if (problems.length > 0) {
    throw new InvalidInputError(`Invalid connector changes: ${problems.join('; ')}.`, {
      problems,
    });
  }
}

/** What would change, for the confirmation a caller asks before a baseline reset. */
export function describeConnectorChanges(
  connector: Connector,
  changes: ConnectorChanges,
): { resetsBaseline: boolean; changed: string[] } {
  const folder = changes.folder === undefined ? undefined : normaliseFolder(changes.folder);
  const changed: string[] = [];
  if (changes.name !== undefined && changes.name.trim() !== connector.name) changed.push('name');
  if (changes.templateId !== undefined && changes.templateId !== connector.templateId)
    changed.push('templateId');
  if (changes.bucket !== undefined && changes.bucket !== connector.bucket) changed.push('bucket');
  if (changes.region !== undefined && changes.region !== connector.region) changed.push('region');
  if (folder !== undefined && folder !== connector.folder) changed.push('folder');
  const resetsBaseline = changed.includes('bucket') || changed.includes('folder');
  return { resetsBaseline, changed };
}

/**
 * Changes a connector's settings. A new bucket or folder starts a new discovery
 * baseline (state and ledger cleared, the initial window applies again) and,
 * like a new region, changes what the customer's permission policy must allow,
 * so the connector goes back to `pending` until it is verified again. A new
 * template applies to files imported from then on, unless `reimport` queues the
 * files already imported again; `reimport` alone queues them again with the
 * current template. Throws `InvalidInputError` for a bad setting or
 * no change, `ConflictError` for a name in use, `template_not_found`.
 */
export async function updateConnector(
  deps: ServiceDeps,
  idOrName: string,
  changes: ConnectorChanges,
): Promise<ConnectorUpdate> {
  checkChanges(changes);
  const connector = await findConnector(deps.connectors, idOrName);
  const { resetsBaseline, changed } = describeConnectorChanges(connector, changes);
  if (changed.length === 0 && !changes.reimport) {
    throw new InvalidInputError(
      `Nothing to change on connector "${connector.name}": give at least one of --name, --template, --folder, --bucket, --region with a new value.`,
    );
  }
  if (
    changed.includes('region') &&
    partitionOf(changes.region ?? '') !== partitionOf(connector.region)
  ) {
    throw new InvalidInputError(
      `Region ${changes.region} is in the ${partitionOf(changes.region ?? '')} partition and connector "${connector.name}" in ${partitionOf(connector.region)}: a bucket in another partition belongs to another AWS account and role. Create a new connector for it.`,
    );
  }

  const name = changes.name?.trim();
  if (name !== undefined && changed.includes('name')) {
    const clash = (await deps.connectors.list()).find(
      (other) =>
        other.connectorId !== connector.connectorId &&
        other.name.toLowerCase() === name.toLowerCase(),
    );
    if (clash) {
      throw new ConflictError(
        `A connector named "${clash.name}" already exists; choose another name.`,
      );
    }
  }
  if (changed.includes('templateId') && !(await deps.templates.get(changes.templateId as string))) {
    throw new ImportError(
      'template_not_found',
      `Template "${changes.templateId}" does not exist; create it first with "s3-import templates create".`,
    );
  }

  const needsVerify = resetsBaseline || changed.includes('region');
  const now = deps.clock.now().toISOString();
  const changesSettings = changed.some((setting) => setting !== 'name');
  const updated: Connector = {
    ...connector,
    name: name ?? connector.name,
    templateId: changes.templateId ?? connector.templateId,
    bucket: changes.bucket ?? connector.bucket,
    region: changes.region ?? connector.region,
    folder: changes.folder === undefined ? connector.folder : normaliseFolder(changes.folder),
    status: needsVerify ? 'pending' : connector.status,
    updatedAt: now,
    ...(changesSettings ? { settingsChangedAt: now } : {}),
  };
  if (resetsBaseline) {
    await deps.cleanup.forgetDiscovery(connector.connectorId, 'baseline');
  }
  if (changed.length > 0) await deps.connectors.put(updated);
  const filesRequeued = changes.reimport ? await requeueConnectorImports(deps, updated) : 0;

  return {
    connector: updated,
    baselineReset: resetsBaseline,
    filesRequeued,
    message: updateMessage(updated, changed, resetsBaseline, filesRequeued, changes),
  };
}

/**
 * What a new bucket, folder or region asks of the customer. A region alone
 * changes no policy: a move to another partition, whose ARNs differ, is refused.
 */
function verifyNote(connector: Connector, changed: string[]): string {
  const verify = `the connector is pending until "s3-import connectors verify ${connector.name}" succeeds.`;
  const policy = `print it with "s3-import connectors policy ${connector.name}"`;
  if (changed.includes('bucket') || changed.includes('folder')) {
    return `The customer's permission policy must now allow s3://${connector.bucket}/${connector.folder} (${policy}); ${verify}`;
  }
  return `The bucket is now read in ${connector.region}; the customer's role and policies stay as they are, and ${verify}`;
}

/** A changed setting as a user names it (the option, not the field). */
function settingName(setting: string): string {
  return setting === 'templateId' ? 'template' : setting;
}

function updateMessage(
  connector: Connector,
  changed: string[],
  resetsBaseline: boolean,
  filesRequeued: number,
  changes: ConnectorChanges,
): string {
  const parts =
    changed.length > 0
      ? [`Connector "${connector.name}" updated (${changed.map(settingName).join(', ')}).`]
      : [];
  if (resetsBaseline) {
    parts.push(
      `Discovery starts a new baseline on s3://${connector.bucket}/${connector.folder}: the next sync takes the files modified in the initial window again; files already imported with the same content are not imported twice.`,
    );
  }
  if (resetsBaseline || changed.includes('region')) {
    parts.push(verifyNote(connector, changed));
  }
  const queued = `${countOf(filesRequeued, 'file')} already imported ${filesRequeued === 1 ? 'is' : 'are'} queued to be imported again`;
  if (changed.includes('templateId')) {
    parts.push(
      changes.reimport
        ? `Template "${connector.templateId}" applies now; ${queued} with it.`
        : `Template "${connector.templateId}" applies to files imported from now on; files already imported keep their records (to import them again with it: "s3-import connectors update ${connector.name} --reimport").`,
    );
  } else if (changes.reimport) {
    parts.push(
      `Connector "${connector.name}": ${queued} with its template "${connector.templateId}".`,
    );
  }
  return parts.join(' ');
}

/** Stops a connector's syncs; nothing is deleted. Throws `InvalidInputError` when already paused. */
export async function pauseConnector(deps: ServiceDeps, idOrName: string): Promise<Connector> {
  const connector = await findConnector(deps.connectors, idOrName);
  if (connector.status === 'paused') {
    throw new InvalidInputError(`Connector "${connector.name}" is already paused.`);
  }
  return setConnectorStatus(deps, connector, 'paused');
}

/**
 * Resumes a paused connector: `active` again, or `pending` when it was never
 * verified. Throws `InvalidInputError` when it is not paused.
 */
export async function resumeConnector(deps: ServiceDeps, idOrName: string): Promise<Connector> {
  const connector = await findConnector(deps.connectors, idOrName);
  if (connector.status !== 'paused') {
    throw new InvalidInputError(
      `Connector "${connector.name}" is ${connector.status}, not paused; only a paused connector can be resumed.`,
    );
  }
  const health = await deps.health.get(connector.connectorId);
  return setConnectorStatus(deps, connector, health?.lastSuccessfulSyncAt ? 'active' : 'pending');
}

/**
 * Deletes a connector: its syncs stop, its discovery state, ledger and health
 * are removed, and with `purgeRecords` its imported records too (else kept).
 * Import results are kept as the history of what was imported.
 */
export async function deleteConnector(
  deps: ServiceDeps,
  idOrName: string,
  options: { purgeRecords: boolean },
): Promise<{ deleted: Connector; recordsPurged: number }> {
  const connector = await findConnector(deps.connectors, idOrName);

  // The connector goes first: a sync starting meanwhile finds nothing to list.
  await deps.cleanup.deleteConnector(connector.connectorId);
  await deps.cleanup.forgetDiscovery(connector.connectorId, 'all');
  const recordsPurged = options.purgeRecords
    ? await deps.cleanup.purgeRecords(connector.connectorId)
    : 0;
  return { deleted: connector, recordsPurged };
}

/** The role name, permission policy and trust policy the customer creates, again. */
export async function connectorOnboarding(
  deps: ServiceDeps,
  idOrName: string,
): Promise<Onboarding> {
  const connector = await findConnector(deps.connectors, idOrName);
  return onboardingFor(connector, deps.platformRoles);
}
