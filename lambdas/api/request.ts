import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { InvalidInputError } from '../core/errors';
import type { ApiRoute } from './routes';

/** The query string of a request, one value per name. */
export type QueryValues = Record<string, string>;

function describeRoute(route: ApiRoute): string {
  return `${route.method} ${route.path}`;
}

/**
 * The request's query parameters, refusing any the route does not accept and
 * any given twice (API Gateway joins repeated values with commas), so that a
 * misspelt option such as `purgeRecord=true` is an error rather than ignored.
 */
export function readQuery(event: APIGatewayProxyEventV2, route: ApiRoute): QueryValues {
  const raw = event.queryStringParameters ?? {};
  const allowed = route.query ?? [];
  const values: QueryValues = {};
  for (const [name, value] of Object.entries(raw)) {
    if (!allowed.includes(name)) {
      const accepted = allowed.length > 0 ? `accepts only ${allowed.join(', ')}` : 'accepts none';
      throw new InvalidInputError(
        `Query parameter "${name}" is not known to ${describeRoute(route)}, which ${accepted}.`,
      );
    }
    values[name] = value ?? '';
  }
  return values;
}

/** A `true`/`false` query value; absent means `fallback`. */
export function readBoolean(query: QueryValues, name: string, fallback: boolean): boolean {
  const value = query[name];
  if (value === undefined) {
    return fallback;
  }
  if (value !== 'true' && value !== 'false') {
    throw new InvalidInputError(`Query parameter ${name} is "${value}"; it must be true or false.`);
  }
  return value === 'true';
}

/** A whole-number query value from `min` to `max`; absent means undefined. */
export function readInteger(
  query: QueryValues,
  name: string,
  range: { min: number; max: number },
): number | undefined {
  const value = query[name];
  if (value === undefined) {
    return undefined;
  }
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || parsed < range.min || parsed > range.max) {
    throw new InvalidInputError(
      `Query parameter ${name} is "${value}"; it must be a whole number from ${range.min} to ${range.max}.`,
    );
  }
  return parsed;
}

function bodyText(event: APIGatewayProxyEventV2): string | undefined {
  if (event.body === undefined || event.body === '') {
    return undefined;
  }
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

/**
 * The request body parsed as a JSON object. Throws `InvalidInputError` when it
 * is not JSON or not an object; an absent body is `{}` when `isOptional`, else
 * an error saying the route needs one.
 */
export function readJsonObject(
  event: APIGatewayProxyEventV2,
  route: ApiRoute,
  options: { isOptional?: boolean } = {},
): Record<string, unknown> {
  const text = bodyText(event);
  if (text === undefined) {
    if (options.isOptional) {
      return {};
    }
    throw new InvalidInputError(
      `${describeRoute(route)} needs a JSON object as its body; the request had none.`,
    );
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError(
      `The body of ${describeRoute(route)} is not valid JSON: ${(error as Error).message}.`,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    const kind = Array.isArray(parsed) ? 'an array' : parsed === null ? 'null' : typeof parsed;
    throw new InvalidInputError(
      `The body of ${describeRoute(route)} must be a JSON object; it is ${kind}.`,
    );
  }
  return parsed as Record<string, unknown>;
}
