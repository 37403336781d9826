import { describe, expect, it } from 'vitest';
import { readBoolean, readInteger, readJsonObject, readQuery } from '../../../lambdas/api/request';
import { errorResult, statusOfError, unknownRouteResult } from '../../../lambdas/api/responses';
import { apiRoutes } from '../../../lambdas/api/routes';
import {
  ConflictError,
  ConnectorError,
  FileFailure,
  ImportError,
  InvalidInputError,
  NotFoundError,
  TransientError,
} from '../../../lambdas/core/errors';
import { apiEventOf } from '../../fixtures/api-events';

const deleteRoute = apiRoutes.find((route) => route.operation === 'deleteConnector');
const createRoute = apiRoutes.find((route) => route.operation === 'createConnector');
if (!deleteRoute || !createRoute) {
  throw new Error('the delete and create routes must exist');
}

function caught(action: () => unknown): ImportError {
  try {
    action();
  } catch (error) {
    return error as ImportError;
  }
  throw new Error('expected the call to throw');
}

describe('error answers', () => {
  it.each([
    [new InvalidInputError('bad'), 400],
    [new NotFoundError('gone'), 404],
    [new ImportError('template_not_found', 'no template'), 404],
    [new ConflictError('taken'), 409],
    [new ConnectorError('role_not_assumable', 'trust'), 502],
    [new ConnectorError('bucket_not_found', 'bucket'), 502],
    [new FileFailure('malformed_file', 'broken'), 502],
    [new ConnectorError('throttled', 'slow down'), 503],
    [new TransientError('try later'), 503],
    [new ImportError('internal_error', 'bug'), 500],
    [new TypeError('x is undefined'), 500],
  ])('answers %s with %i', (error, status) => {
    expect(statusOfError(error)).toBe(status);
  });

  it("keeps the product error's code and message", () => {
    const result = errorResult(
      new ConflictError('A connector named "Acme" already exists.'),
      'r-1',
    );

    expect(result.statusCode).toBe(409);
    expect(JSON.parse(result.body as string)).toEqual({
      error: { code: 'conflict', message: 'A connector named "Acme" already exists.' },
    });
  });

  it('hides an unexpected error behind a generic message with the request id', () => {
    const error = new TypeError("Cannot read properties of undefined (reading 'connectorId')");

    const result = errorResult(error, 'req-42');

    expect(result.statusCode).toBe(500);
    expect(result.body).toBe(
      JSON.stringify({
        error: {
          code: 'internal_error',
          message: 'The request failed unexpectedly; the error is logged under request id req-42.',
        },
      }),
    );
  });

  it('asks the caller to retry a transient failure after a few seconds', () => {
    const result = errorResult(new TransientError('DynamoDB throttled'), 'r-1');

    expect(result.statusCode).toBe(503);
    expect(result.headers).toMatchObject({ 'retry-after': '5' });
  });

  it('answers an unknown path 404 and a known path with a wrong method 405 with Allow', () => {
    const unknown = unknownRouteResult('GET', '/secrets', []);
    const wrongMethod = unknownRouteResult('PUT', '/connectors/abc', ['GET', 'PATCH', 'DELETE']);

    expect(unknown.statusCode).toBe(404);
    expect(JSON.parse(unknown.body as string).error.code).toBe('not_found');
    expect(wrongMethod.statusCode).toBe(405);
    expect(wrongMethod.headers).toMatchObject({ allow: 'GET, PATCH, DELETE' });
    expect(JSON.parse(wrongMethod.body as string).error.message).toBe(
      'PUT is not allowed on /connectors/abc; allowed: GET, PATCH, DELETE.',
    );
  });
});

describe('request reading', () => {
  it('refuses a query parameter the route does not accept, naming the ones it does', () => {
    const event = apiEventOf('DELETE /connectors/{id}', {
      params: { id: 'c1' },
      query: { purgeRecord: 'true' },
    });

    const error = caught(() => readQuery(event, deleteRoute));

    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.message).toBe(
      'Query parameter "purgeRecord" is not known to DELETE /connectors/{id}, which accepts only purgeRecords.',
    );
  });

  it('reads true and false and refuses anything else', () => {
    expect(readBoolean({ purgeRecords: 'true' }, 'purgeRecords', false)).toBe(true);
    expect(readBoolean({}, 'purgeRecords', false)).toBe(false);

    const error = caught(() => readBoolean({ purgeRecords: 'yes' }, 'purgeRecords', false));

    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe('Query parameter purgeRecords is "yes"; it must be true or false.');
  });

  it('refuses a limit that is not a whole number in range', () => {
    const error = caught(() => readInteger({ limit: '1e3' }, 'limit', { min: 1, max: 1000 }));

    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe(
      'Query parameter limit is "1e3"; it must be a whole number from 1 to 1000.',
    );
  });

  it('decodes a base64-encoded JSON body', () => {
    const event = apiEventOf('POST /connectors', { body: { name: 'Acme' }, isBase64Encoded: true });

    expect(readJsonObject(event, createRoute)).toEqual({ name: 'Acme' });
  });

  it('refuses a body that is not JSON, or JSON that is not an object', () => {
    const notJson = caught(() =>
      readJsonObject(apiEventOf('POST /connectors', { body: '{"name":' }), createRoute),
    );
    const array = caught(() =>
      readJsonObject(apiEventOf('POST /connectors', { body: [1, 2] }), createRoute),
    );

    expect(notJson.code).toBe('invalid_input');
    expect(notJson.message).toMatch(/^The body of POST \/connectors is not valid JSON: .+\.$/);
    expect(array.message).toBe(
      'The body of POST /connectors must be a JSON object; it is an array.',
    );
  });

  it('refuses a missing body where one is needed and reads it as {} where optional', () => {
    const event = apiEventOf('POST /connectors');

    const error = caught(() => readJsonObject(event, createRoute));

    expect(error.message).toBe(
      'POST /connectors needs a JSON object as its body; the request had none.',
    );
    expect(readJsonObject(event, createRoute, { isOptional: true })).toEqual({});
  });
});
