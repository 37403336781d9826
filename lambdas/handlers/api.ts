import { lambdaRuntime } from '../adapters/runtime';
import { createApiHandler } from './api-handler';

const runtime = lambdaRuntime();

/** The management API Lambda: connectors, templates, imports and health over HTTP. */
export const handler = createApiHandler({
  service: runtime.serviceDeps,
  logger: runtime.listerDeps.logger,
});
