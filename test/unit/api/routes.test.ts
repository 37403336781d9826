import { describe, expect, it } from 'vitest';
import {
  apiRoutes,
  matchRoute,
  methodsAllowedOn,
  resolveRoute,
  routeKeyOf,
} from '../../../lambdas/api/routes';
import { apiEventOf, rawEventOf } from '../../fixtures/api-events';

describe('API routes', () => {
  it('lists each method and path once', () => {
    const keys = apiRoutes.map(routeKeyOf);

    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toHaveLength(18);
  });

  it('matches a literal segment before a parameter of the same length', () => {
    const match = matchRoute('GET', '/connectors/abc/policy');

    expect(match?.route.operation).toBe('connectorPolicy');
    expect(match?.params).toEqual({ id: 'abc' });
  });

  it('decodes percent-escapes in path parameters, such as a name with a space', () => {
    const match = matchRoute('POST', '/connectors/Acme%20payments/pause');

    expect(match?.route.operation).toBe('pauseConnector');
    expect(match?.params).toEqual({ id: 'Acme payments' });
  });

  it('ignores a trailing slash and compares methods without regard to case', () => {
    expect(matchRoute('get', '/templates/')?.route.operation).toBe('listTemplates');
  });

  it('finds no route for an unknown path, a wrong method or a broken escape', () => {
    expect(matchRoute('GET', '/connectors/abc/secrets')).toBeUndefined();
    expect(matchRoute('PUT', '/connectors/abc')).toBeUndefined();
    expect(matchRoute('GET', '/connectors/%E0%A4%A')).toBeUndefined();
  });

  it('names the methods a known path allows, for a 405 answer', () => {
    expect(methodsAllowedOn('/connectors/abc')).toEqual(['GET', 'PATCH', 'DELETE']);
    expect(methodsAllowedOn('/nowhere')).toEqual([]);
  });

  it('takes the route and parameters API Gateway resolved, without decoding them again', () => {
    const event = apiEventOf('GET /imports/{id}', { params: { id: 'c1:100%' } });

    const match = resolveRoute(event);

    expect(match?.route.operation).toBe('getImport');
    expect(match?.params).toEqual({ id: 'c1:100%' });
  });

  it('falls back to the method and path when the route key is not one of its routes', () => {
    const match = resolveRoute(rawEventOf('POST', '/imports/c1%3Aabc/retry'));

    expect(match?.route.operation).toBe('retryImport');
    expect(match?.params).toEqual({ id: 'c1:abc' });
  });
});
