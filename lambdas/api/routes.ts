/** HTTP methods the management API answers. */
export type ApiMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** What a route does; the handler maps each to one service call. */
export type ApiOperation =
  | 'createConnector'
  | 'listConnectors'
  | 'getConnector'
  | 'updateConnector'
  | 'pauseConnector'
  | 'resumeConnector'
  | 'reauthenticateConnector'
  | 'verifyConnector'
  | 'deleteConnector'
  | 'connectorPolicy'
  | 'listConnectorImports'
  | 'getImport'
  | 'retryImport'
  | 'saveTemplate'
  | 'listTemplates'
  | 'getTemplate'
  | 'deleteTemplate'
  | 'health';

export interface ApiRoute {
  method: ApiMethod;
  /** API Gateway route path: literal segments and `{id}` parameters. */
  path: string;
  operation: ApiOperation;
  /** Query parameters the route accepts; any other is refused, never ignored. */
  query?: readonly string[];
}

/**
 * Every route of the management API. The CDK construct creates exactly these
 * routes and the handler dispatches on them, so the two cannot drift apart.
 */
export const apiRoutes: readonly ApiRoute[] = [
  { method: 'POST', path: '/connectors', operation: 'createConnector' },
  { method: 'GET', path: '/connectors', operation: 'listConnectors' },
  { method: 'GET', path: '/connectors/{id}', operation: 'getConnector' },
  { method: 'PATCH', path: '/connectors/{id}', operation: 'updateConnector' },
  {
    method: 'DELETE',
    path: '/connectors/{id}',
    operation: 'deleteConnector',
    query: ['purgeRecords'],
  },
  { method: 'POST', path: '/connectors/{id}/pause', operation: 'pauseConnector' },
  { method: 'POST', path: '/connectors/{id}/resume', operation: 'resumeConnector' },
  { method: 'POST', path: '/connectors/{id}/reauthenticate', operation: 'reauthenticateConnector' },
  { method: 'POST', path: '/connectors/{id}/verify', operation: 'verifyConnector' },
  { method: 'GET', path: '/connectors/{id}/policy', operation: 'connectorPolicy' },
  {
    method: 'GET',
    path: '/connectors/{id}/imports',
    operation: 'listConnectorImports',
    query: ['status', 'limit'],
  },
  { method: 'GET', path: '/imports/{id}', operation: 'getImport' },
  { method: 'POST', path: '/imports/{id}/retry', operation: 'retryImport' },
  { method: 'POST', path: '/templates', operation: 'saveTemplate' },
  { method: 'GET', path: '/templates', operation: 'listTemplates' },
  { method: 'GET', path: '/templates/{id}', operation: 'getTemplate', query: ['version'] },
  { method: 'DELETE', path: '/templates/{id}', operation: 'deleteTemplate', query: ['force'] },
  { method: 'GET', path: '/health', operation: 'health' },
];

/** A route and the values of its path parameters. */
export interface RouteMatch {
  route: ApiRoute;
  params: Record<string, string>;
}

/** The API Gateway route key of a route, e.g. `GET /connectors/{id}`. */
export function routeKeyOf(route: ApiRoute): string {
  return `${route.method} ${route.path}`;
}

function splitPath(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

function matchSegments(pattern: string[], actual: string[]): Record<string, string> | undefined {
  if (pattern.length !== actual.length) {
    return undefined;
  }
  const params: Record<string, string> = {};
  for (const [index, segment] of pattern.entries()) {
    const parameter = /^\{(\w+)\}$/.exec(segment);
    if (parameter) {
      params[parameter[1]] = actual[index];
    } else if (segment !== actual[index]) {
      return undefined;
    }
  }
  return params;
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * The route a method and raw path (as the client sent it, percent-encoded)
 * stand for, or undefined. A segment with a broken percent-escape matches
 * nothing, so it ends as an unknown route rather than a crash.
 */
export function matchRoute(method: string, rawPath: string): RouteMatch | undefined {
  const decoded = splitPath(rawPath).map(decodeSegment);
  if (decoded.some((segment) => segment === undefined)) {
    return undefined;
  }
  const actual = decoded as string[];
  for (const route of apiRoutes) {
    if (route.method !== method.toUpperCase()) {
      continue;
    }
    const params = matchSegments(splitPath(route.path), actual);
    if (params) {
      return { route, params };
    }
  }
  return undefined;
}

/** The methods some route offers on `rawPath`, for a 405 that lists them. */
export function methodsAllowedOn(rawPath: string): ApiMethod[] {
  const actual = splitPath(rawPath);
  return apiRoutes
    .filter((route) => matchSegments(splitPath(route.path), actual) !== undefined)
    .map((route) => route.method);
}

/**
 * The route of an API Gateway event: by its route key and path parameters
 * (which API Gateway has already decoded), else by method and path, for
 * events from elsewhere such as a `$default` route or a local caller.
 */
export function resolveRoute(event: {
  routeKey?: string;
  rawPath: string;
  pathParameters?: Record<string, string | undefined>;
  requestContext: { http: { method: string } };
}): RouteMatch | undefined {
  const byKey = apiRoutes.find((route) => routeKeyOf(route) === event.routeKey);
  if (byKey) {
    const params: Record<string, string> = {};
    for (const [name, value] of Object.entries(event.pathParameters ?? {})) {
      if (value !== undefined) {
        params[name] = value;
      }
    }
    return { route: byKey, params };
  }
  return matchRoute(event.requestContext.http.method, event.rawPath);
}
