import { randomBytes } from 'node:crypto';
import { normaliseFolder } from '../discovery/folder';
import { ConflictError, ImportError, NotFoundError } from '../errors';
import type { Connector } from '../model';
import type { Clock, ConnectorStore, TemplateStore } from '../ports';
import { buildRoleArn, roleNameFor } from '../roles';
import { partitionOf } from './aws-regions';
import { validateConnectorInput } from './connector-input';

export interface ConnectorServiceDeps {
  connectors: ConnectorStore;
  templates: TemplateStore;
  clock: Clock;
}

/** Random, URL-safe and short enough that the role name stays within IAM's 64 characters. */
function newConnectorId(): string {
  return randomBytes(8).toString('hex');
}

function newExternalId(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * Creates a `pending` connector after checking every setting: S3 and IAM naming
 * rules, a real region, a unique name (case-insensitive) and an existing template.
 */
export async function createConnector(
  deps: ConnectorServiceDeps,
  input: unknown,
): Promise<Connector> {
  const valid = validateConnectorInput(input);

  const existing = await deps.connectors.list();
  const clash = existing.find(
    (connector) => connector.name.toLowerCase() === valid.name.toLowerCase(),
  );
  if (clash) {
    throw new ConflictError(
      `A connector named "${clash.name}" already exists; choose another name.`,
    );
  }
  const template = await deps.templates.get(valid.templateId);
  if (!template) {
    throw new ImportError(
      'template_not_found',
      `Template "${valid.templateId}" does not exist; create it first with "s3-import templates create".`,
    );
  }

  const connectorId = newConnectorId();
  const now = deps.clock.now().toISOString();
  const connector: Connector = {
    connectorId,
    name: valid.name,
    accountId: valid.accountId,
    bucket: valid.bucket,
    region: valid.region,
    folder: normaliseFolder(valid.folder),
    templateId: valid.templateId,
    externalId: newExternalId(),
    roleArn: buildRoleArn({
      partition: partitionOf(valid.region),
      accountId: valid.accountId,
      roleName: roleNameFor(connectorId),
    }),
    status: 'pending',
    createdAt: now,
    updatedAt: now,
  };
  await deps.connectors.put(connector);
  return connector;
}

/** A connector by id or by name (case-insensitive), as users type either. */
export async function findConnector(
  connectors: ConnectorStore,
  idOrName: string,
): Promise<Connector> {
  const byId = await connectors.get(idOrName);
  if (byId) {
    return byId;
  }
  const byName = (await connectors.list()).find(
    (connector) => connector.name.toLowerCase() === idOrName.toLowerCase(),
  );
  if (!byName) {
    throw new NotFoundError(`No connector has the id or name "${idOrName}".`);
  }
  return byName;
}

/** Moves a connector to a new lifecycle status. */
export async function setConnectorStatus(
  deps: ConnectorServiceDeps,
  connector: Connector,
  status: Connector['status'],
): Promise<Connector> {
  const updated = { ...connector, status, updatedAt: deps.clock.now().toISOString() };
  await deps.connectors.put(updated);
  return updated;
}
