import { z } from 'zod';
import { InvalidInputError } from '../core/errors';
import {
  connectorOnboarding,
  connectorStatuses,
  createConnector,
  deleteConnector,
  deleteTemplate,
  displayStatusOf,
  findConnector,
  getImport,
  getTemplate,
  importStatuses,
  listImports,
  listTemplates,
  pauseConnector,
  reauthenticateConnector,
  resumeConnector,
  retryImport,
  type ServiceDeps,
  saveTemplate,
  updateConnector,
  verifyConnector,
} from '../core/service';
import { type QueryValues, readBoolean, readInteger } from './request';
import type { ApiOperation } from './routes';

/** What one operation gets: the services, the path parameters, the query and the body. */
export interface OperationRequest {
  deps: ServiceDeps;
  params: Record<string, string>;
  query: QueryValues;
  /** The JSON object body; throws `InvalidInputError` when absent (unless optional) or not JSON. */
  body(options?: { isOptional?: boolean }): Record<string, unknown>;
}

/** A successful answer before it is serialised. */
export interface OperationResult {
  status: number;
  body: unknown;
}

type Operation = (request: OperationRequest) => Promise<OperationResult>;

/** Most import results listed at once; the CLI's `imports list` has the same default. */
export const defaultImportLimit = 50;
export const maxImportLimit = 1000;

// The shape only: the service checks each value (naming rules, region, template).
const connectorChangesSchema = z.strictObject({
  name: z.string().optional(),
  templateId: z.string().optional(),
  folder: z.string().optional(),
  bucket: z.string().optional(),
  region: z.string().optional(),
  reimport: z.boolean().optional(),
});

const reauthenticateSchema = z.strictObject({ rotateExternalId: z.boolean().optional() });

function parseShape<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`,
    );
    throw new InvalidInputError(`Invalid ${what}: ${problems.join('; ')}.`, { problems });
  }
  return parsed.data;
}

/** Routes that act on their path alone accept an empty body or `{}`, nothing more. */
function requireNoBody(request: OperationRequest): void {
  const body = request.body({ isOptional: true });
  const keys = Object.keys(body);
  if (keys.length > 0) {
    throw new InvalidInputError(
      `This route takes no body fields; got ${keys.map((key) => `"${key}"`).join(', ')}.`,
    );
  }
}

function readStatus(query: QueryValues): string | undefined {
  const status = query.status;
  if (status !== undefined && !(importStatuses as string[]).includes(status)) {
    throw new InvalidInputError(
      `Query parameter status is "${status}"; it must be one of ${importStatuses.join(', ')}.`,
    );
  }
  return status;
}

const ok = (body: unknown): OperationResult => ({ status: 200, body });

/**
 * One function per route: check the request's shape, call the service the CLI
 * uses, and say which status answers it. Errors propagate to the handler.
 */
export const operations: Record<ApiOperation, Operation> = {
  async createConnector({ deps, body }) {
    const connector = await createConnector(deps, body());
    const onboarding = await connectorOnboarding(deps, connector.connectorId);
    return { status: 201, body: { connector, onboarding } };
  },
  // Limitation: no pagination here, in listTemplates or in health; every item is in one answer.
  async listConnectors({ deps }) {
    return ok({ connectors: await deps.connectors.list() });
  },
  async getConnector({ deps, params }) {
    const connector = await findConnector(deps.connectors, params.id);
    const health = await deps.health.get(connector.connectorId);
    return ok({
      connector,
      displayStatus: displayStatusOf(connector, health),
      health: health ?? null,
    });
  },
  // Limitation: a new bucket or folder resets the discovery baseline at once; the CLI asks
  // first, the API only says so in the answer's message.
  async updateConnector({ deps, params, body }) {
    const changes = parseShape(connectorChangesSchema, body(), 'connector changes');
    return ok(await updateConnector(deps, params.id, changes));
  },
  // Limitation: the purge runs inside the request and scans the records table; API Gateway
  // gives up after 30 seconds, so a large purge can stop part way, after the connector is gone.
  async deleteConnector(request) {
    requireNoBody(request);
    const purgeRecords = readBoolean(request.query, 'purgeRecords', false);
    return ok(await deleteConnector(request.deps, request.params.id, { purgeRecords }));
  },
  async pauseConnector(request) {
    requireNoBody(request);
    return ok({ connector: await pauseConnector(request.deps, request.params.id) });
  },
  async resumeConnector(request) {
    requireNoBody(request);
    return ok({ connector: await resumeConnector(request.deps, request.params.id) });
  },
  async reauthenticateConnector({ deps, params, body }) {
    const options = parseShape(reauthenticateSchema, body({ isOptional: true }), 'options');
    return ok(await reauthenticateConnector(deps, params.id, options));
  },
  async verifyConnector(request) {
    requireNoBody(request);
    return ok(await verifyConnector(request.deps, request.params.id));
  },
  async connectorPolicy({ deps, params }) {
    return ok(await connectorOnboarding(deps, params.id));
  },
  async listConnectorImports({ deps, params, query }) {
    const status = readStatus(query);
    const limit =
      readInteger(query, 'limit', { min: 1, max: maxImportLimit }) ?? defaultImportLimit;
    const { imports } = await listImports(deps, { connector: params.id, status, limit });
    return ok({ imports });
  },
  async getImport({ deps, params }) {
    return ok(await getImport(deps, params.id));
  },
  async retryImport(request) {
    requireNoBody(request);
    // Accepted, not done: a parser imports the file when the queue delivers it.
    return { status: 202, body: await retryImport(request.deps, request.params.id) };
  },
  async saveTemplate({ deps, body }) {
    return { status: 201, body: await saveTemplate(deps, body()) };
  },
  async listTemplates({ deps }) {
    return ok({ templates: await listTemplates(deps) });
  },
  async getTemplate({ deps, params, query }) {
    const version = readInteger(query, 'version', { min: 1, max: Number.MAX_SAFE_INTEGER });
    return ok(await getTemplate(deps, params.id, version));
  },
  async deleteTemplate(request) {
    requireNoBody(request);
    const force = readBoolean(request.query, 'force', false);
    return ok(await deleteTemplate(request.deps, request.params.id, { force }));
  },
  async health({ deps }) {
    return ok({ connectors: await connectorStatuses(deps) });
  },
};
