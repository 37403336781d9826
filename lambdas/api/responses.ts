import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ConnectorError, type ErrorCode, FileFailure, ImportError } from '../core/errors';

/** What the handler returns to API Gateway. */
export type ApiResult = APIGatewayProxyStructuredResultV2;

/** Every error answer's body: a stable code and a message naming what was wrong. */
export interface ApiErrorBody {
  error: { code: string; message: string };
}

const jsonHeaders = {
  'content-type': 'application/json; charset=utf-8',
  // Answers carry connector settings and external IDs: never keep them in a cache.
  'cache-control': 'no-store',
};

/** A JSON answer with `status`. */
export function jsonResult(statusCode: number, body: unknown): ApiResult {
  return { statusCode, headers: { ...jsonHeaders }, body: JSON.stringify(body) };
}

const statusByCode: Partial<Record<ErrorCode, number>> = {
  invalid_input: 400,
  not_found: 404,
  template_not_found: 404,
  conflict: 409,
  transient: 503,
  throttled: 503,
  internal_error: 500,
};

/**
 * The HTTP status an error is answered with: 400, 404 and 409 for the caller's
 * mistakes, 502 for a customer's side that failed (role, bucket, region, files),
 * 503 for what is worth retrying, 500 for anything unexpected.
 */
export function statusOfError(error: unknown): number {
  if (!(error instanceof ImportError)) {
    return 500;
  }
  const status = statusByCode[error.code];
  if (status !== undefined) {
    return status;
  }
  if (error instanceof ConnectorError || error instanceof FileFailure) {
    return 502;
  }
  return 500;
}

/**
 * The answer to a failed request. The product's own errors keep their code
 * and message; anything else becomes `internal_error` with a generic message
 * and the request id to look it up in the logs, never a stack or an SDK text.
 */
export function errorResult(error: unknown, requestId: string): ApiResult {
  const statusCode = statusOfError(error);
  const body: ApiErrorBody =
    statusCode === 500 || !(error instanceof ImportError)
      ? {
          error: {
            code: 'internal_error',
            message: `The request failed unexpectedly; the error is logged under request id ${requestId}.`,
          },
        }
      : { error: { code: error.code, message: error.message } };
  const result = jsonResult(statusCode, body);
  if (statusCode === 503) {
    result.headers = { ...result.headers, 'retry-after': '5' };
  }
  return result;
}

/** The answer when no route has the method and path. */
export function unknownRouteResult(method: string, path: string, allowed: string[]): ApiResult {
  if (allowed.length > 0) {
    const result = jsonResult(405, {
      error: {
        code: 'method_not_allowed',
        message: `${method} is not allowed on ${path}; allowed: ${allowed.join(', ')}.`,
      },
    } satisfies ApiErrorBody);
    result.headers = { ...result.headers, allow: allowed.join(', ') };
    return result;
  }
  return jsonResult(404, {
    error: {
      code: 'not_found',
      message: `No route ${method} ${path}; see the API reference for the routes this API offers.`,
    },
  } satisfies ApiErrorBody);
}
