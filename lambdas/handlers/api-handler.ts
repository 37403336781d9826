import type { APIGatewayProxyEventV2, APIGatewayProxyEventV2WithIAMAuthorizer } from 'aws-lambda';
import { operations } from '../api/operations';
import { readJsonObject, readQuery } from '../api/request';
import {
  type ApiResult,
  errorResult,
  jsonResult,
  statusOfError,
  unknownRouteResult,
} from '../api/responses';
import { methodsAllowedOn, resolveRoute, routeKeyOf } from '../api/routes';
import type { ImportError } from '../core/errors';
import type { Logger } from '../core/ports';
import type { ServiceDeps } from '../core/service';

/** What the management API needs: the services the CLI uses, and a logger. */
export interface ApiDeps {
  service: ServiceDeps;
  logger: Logger;
}

/** An HTTP API (payload 2.0) event, with or without IAM authorizer details. */
export type ApiEvent = APIGatewayProxyEventV2 | APIGatewayProxyEventV2WithIAMAuthorizer;

export type ApiHandler = (event: ApiEvent) => Promise<ApiResult>;

function callerOf(event: ApiEvent): string | undefined {
  const authorizer = (event as APIGatewayProxyEventV2WithIAMAuthorizer).requestContext.authorizer;
  return authorizer?.iam?.userArn ?? undefined;
}

/**
 * The management API's Lambda handler: finds the route, checks the query and
 * body, calls the connector, template and import services and answers JSON.
 * It never throws: every failure is an answer `{ error: { code, message } }`
 * with 400, 404, 405, 409, 502, 503 or, for anything unexpected, 500 with a
 * generic message (the detail goes to the log under the request id).
 */
export function createApiHandler(deps: ApiDeps): ApiHandler {
  return async (event) => {
    const method = event.requestContext.http.method;
    const requestId = event.requestContext.requestId;
    const match = resolveRoute(event);
    if (!match) {
      deps.logger.info('route not found', { method, request_id: requestId });
      return unknownRouteResult(method, event.rawPath, methodsAllowedOn(event.rawPath));
    }

    const route = routeKeyOf(match.route);
    const logFields = { route, request_id: requestId, caller: callerOf(event) };
    try {
      const result = await operations[match.route.operation]({
        deps: deps.service,
        params: match.params,
        query: readQuery(event, match.route),
        body: (options) => readJsonObject(event, match.route, options),
      });
      deps.logger.info('request handled', { ...logFields, status: result.status });
      return jsonResult(result.status, result.body);
    } catch (error) {
      const status = statusOfError(error);
      const errorCode = (error as Partial<ImportError>).code ?? 'internal_error';
      if (status >= 500) {
        deps.logger.error('request failed', { ...logFields, status, error_code: errorCode, error });
      } else {
        deps.logger.info('request refused', { ...logFields, status, error_code: errorCode });
      }
      return errorResult(error, requestId);
    }
  };
}
