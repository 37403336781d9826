import { normaliseFolder } from '../core/discovery/folder';
import {
  type ConnectorChanges,
  connectorOnboarding,
  createConnector,
  deleteConnector,
  describeConnectorChanges,
  displayStatusOf,
  findConnector,
  pauseConnector,
  reauthenticateConnector,
  resumeConnector,
  type ServiceDeps,
  updateConnector,
  verifyConnector,
} from '../core/service';
import { confirm } from './confirm';
import { printOnboarding } from './onboarding-text';
import type { Output } from './output';
import { formatVerifyReport } from './verify-text';

export interface CreateArgs {
  name: string;
  accountId: string;
  bucket: string;
  region: string;
  folder?: string;
  template: string;
}

/** The person said no: nothing changed, exit 1. */
function cancelled(): number {
  process.stderr.write('Cancelled; nothing was changed.\n');
  return 1;
}

/**
 * `connectors create`: the new connector and the three onboarding items, then
 * the verify command, with `targetFlags` so it reaches the same deployment.
 */
export async function runCreate(
  deps: ServiceDeps,
  args: CreateArgs,
  output: Output,
  targetFlags = '',
) {
  const connector = await createConnector(deps, {
    name: args.name,
    accountId: args.accountId,
    bucket: args.bucket,
    region: args.region,
    folder: args.folder,
    templateId: args.template,
  });
  const onboarding = await connectorOnboarding(deps, connector.connectorId);
  if (output.json) {
    output.data({ connector, onboarding });
    return;
  }
  output.line(`Created connector "${connector.name}" (${connector.connectorId}), status pending.`);
  output.line();
  printOnboarding(connector, onboarding, output);
  output.line(`Then run: s3-import connectors verify "${connector.name}"${targetFlags}`);
}

/** `connectors show`: one connector's settings and health. */
export async function runShow(deps: ServiceDeps, idOrName: string, output: Output) {
  const connector = await findConnector(deps.connectors, idOrName);
  const health = await deps.health.get(connector.connectorId);
  if (output.json) {
    output.data({ ...connector, displayStatus: displayStatusOf(connector, health), health });
    return;
  }
  const status = displayStatusOf(connector, health);
  const rows: [string, string][] = [
    ['Name', connector.name],
    ['ID', connector.connectorId],
    ['Status', status === connector.status ? status : `${status} (lifecycle: ${connector.status})`],
    ['Account', connector.accountId],
    ['Bucket', `s3://${connector.bucket}/${connector.folder}`],
    ['Region', connector.region],
    ['Template', connector.templateId],
    ['Role', connector.roleArn],
    ['External ID', connector.externalId],
    ['Created', connector.createdAt],
    ['Updated', connector.updatedAt],
    ['Last sync', health?.lastSyncFinishedAt ?? 'never'],
    ['Last success', health?.lastSuccessfulSyncAt ?? 'never'],
    ['Failures in a row', String(health?.consecutiveFailures ?? 0)],
  ];
  if (health?.state === 'error' && health.lastError) {
    rows.push(['Last error', `${health.lastError.code}: ${health.lastError.message}`]);
  }
  for (const [label, value] of rows) {
    output.line(`${`${label}:`.padEnd(19)}${value}`);
  }
}

/** `connectors update`: asks before a baseline reset; exit 1 when the person declines. */
export async function runUpdate(
  deps: ServiceDeps,
  idOrName: string,
  changes: ConnectorChanges,
  yes: boolean | undefined,
  output: Output,
) {
  const connector = await findConnector(deps.connectors, idOrName);
  const { resetsBaseline } = describeConnectorChanges(connector, changes);
  if (resetsBaseline) {
    const folder =
      changes.folder === undefined ? connector.folder : normaliseFolder(changes.folder);
    const target = `s3://${changes.bucket ?? connector.bucket}/${folder}`;
    const explanation = `Changing the bucket or folder of "${connector.name}" to ${target} starts a new discovery baseline: its sync state and ledger are cleared, the next sync takes every file modified in the initial window again (files already imported with the same content are not imported twice), and the connector is pending until verified again.`;
    if (!(await confirm(explanation, yes))) return cancelled();
  }
  const update = await updateConnector(deps, connector.connectorId, changes);
  if (output.json) {
    output.data(update);
    return;
  }
  output.line(update.message);
}

/** `connectors pause`. */
export async function runPause(deps: ServiceDeps, idOrName: string, output: Output) {
  const connector = await pauseConnector(deps, idOrName);
  if (output.json) return output.data(connector);
  output.line(
    `Paused "${connector.name}": no syncs until "s3-import connectors resume ${connector.name}".`,
  );
}

/** `connectors resume`: active again, or pending when never verified. */
export async function runResume(deps: ServiceDeps, idOrName: string, output: Output) {
  const connector = await resumeConnector(deps, idOrName);
  if (output.json) return output.data(connector);
  output.line(
    connector.status === 'active'
      ? `Resumed "${connector.name}": active, synced with the next cycle.`
      : `Resumed "${connector.name}": pending, it was never verified; run "s3-import connectors verify ${connector.name}".`,
  );
}

/** Prints the verification and returns the exit code: 1 when a step failed. */
export async function runVerify(deps: ServiceDeps, idOrName: string, output: Output) {
  const report = await verifyConnector(deps, idOrName);
  if (output.json) output.data(report);
  else output.line(formatVerifyReport(report));
  return report.ok ? 0 : 1;
}

/** `connectors reauthenticate`: the new trust policy when the external ID rotates, then the verification; exit 1 when it failed. */
export async function runReauthenticate(
  deps: ServiceDeps,
  idOrName: string,
  rotateExternalId: boolean,
  output: Output,
) {
  const result = await reauthenticateConnector(deps, idOrName, { rotateExternalId });
  if (output.json) {
    output.data(result);
    return result.verify.ok ? 0 : 1;
  }
  if (result.onboarding) {
    output.line(
      `New external ID for "${result.connector.name}": the old trust policy no longer works. Replace the role's trust policy with:`,
    );
    output.line(JSON.stringify(result.onboarding.trustPolicy, null, 2));
    output.line();
  }
  output.line(formatVerifyReport(result.verify));
  return result.verify.ok ? 0 : 1;
}

/** `connectors delete`: asks first unless `yes`; exit 1 when the person declines. */
export async function runDelete(
  deps: ServiceDeps,
  idOrName: string,
  options: { purgeRecords: boolean; yes?: boolean },
  output: Output,
) {
  const connector = await findConnector(deps.connectors, idOrName);
  const records = options.purgeRecords
    ? ', and every record it imported'
    : '; its imported records and import results are kept';
  const explanation = `Deleting "${connector.name}" stops its syncs and removes its settings, sync state, ledger and health${records}.`;
  if (!(await confirm(explanation, options.yes))) return cancelled();
  if (options.purgeRecords) output.line(`Deleting "${connector.name}" and purging its records...`);
  const result = await deleteConnector(deps, connector.connectorId, {
    purgeRecords: options.purgeRecords,
  });
  if (output.json) return output.data(result);
  output.line(
    options.purgeRecords
      ? `Deleted "${connector.name}" and ${result.recordsPurged} records.`
      : `Deleted "${connector.name}"; its records are kept.`,
  );
}

/** `connectors policy`: the role name, permission policy and trust policy again. */
export async function runPolicy(deps: ServiceDeps, idOrName: string, output: Output) {
  const connector = await findConnector(deps.connectors, idOrName);
  const onboarding = await connectorOnboarding(deps, connector.connectorId);
  if (output.json) return output.data(onboarding);
  printOnboarding(connector, onboarding, output);
}
