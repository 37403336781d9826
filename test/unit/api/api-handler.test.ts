import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type Runtime } from '../../../lambdas/adapters/runtime';
import { fileIdOf } from '../../../lambdas/core/file-id';
import type { Connector, ImportResult } from '../../../lambdas/core/model';
import type { LogFields, Logger } from '../../../lambdas/core/ports';
import type { TemplateInput } from '../../../lambdas/core/templates/schema';
import { type ApiHandler, createApiHandler } from '../../../lambdas/handlers/api-handler';
import { provisionLocalDeployment } from '../../../lambdas/local/provision';
import { type LocalServers, startLocalServers } from '../../../lambdas/local/servers';
import { type ApiEventOptions, apiEventOf, rawEventOf } from '../../fixtures/api-events';

const platformRoles = {
  listerRoleArn: 'arn:aws:iam::444455556666:role/S3Import-ListerRole',
  parserRoleArn: 'arn:aws:iam::444455556666:role/S3Import-ParserRole',
  apiRoleArn: 'arn:aws:iam::444455556666:role/S3Import-ApiRole',
};
const bucket = 'acme-exports';

const ordersTemplate: TemplateInput = {
  templateId: 'orders',
  name: 'Orders',
  recordType: 'order',
  format: 'csv',
  fields: [
    { name: 'orderId', source: 'order_id', required: true },
    { name: 'amount', source: 'amount', type: 'decimal', required: true },
  ],
  primaryKey: ['orderId'],
};

function connectorInput(name: string) {
  return {
    name,
    accountId: '123456789012',
    bucket,
    region: 'eu-west-1',
    folder: 'orders',
    templateId: 'orders',
  };
}

class RecordingLogger implements Logger {
  readonly lines: { level: string; message: string; fields?: LogFields }[] = [];
  debug = (message: string, fields?: LogFields) => this.record('debug', message, fields);
  info = (message: string, fields?: LogFields) => this.record('info', message, fields);
  warn = (message: string, fields?: LogFields) => this.record('warn', message, fields);
  error = (message: string, fields?: LogFields) => this.record('error', message, fields);

  private record(level: string, message: string, fields?: LogFields) {
    this.lines.push({ level, message, fields });
  }
}

interface Answer {
  status: number | undefined;
  body: Record<string, unknown> & {
    error?: { code: string; message: string };
    connector?: Connector;
  };
  headers: APIGatewayProxyStructuredResultV2['headers'];
}

describe('management API handler on the local servers', () => {
  let servers: LocalServers;
  let runtime: Runtime;
  let handler: ApiHandler;
  const logger = new RecordingLogger();

  async function call(routeKey: string, options: ApiEventOptions = {}): Promise<Answer> {
    const result = await handler(apiEventOf(routeKey, options));
    return {
      status: result.statusCode,
      body: JSON.parse(result.body ?? '{}'),
      headers: result.headers,
    };
  }

  async function createConnector(name: string): Promise<Connector> {
    const created = await call('POST /connectors', { body: connectorInput(name) });
    expect(created.status).toBe(201);
    return created.body.connector as Connector;
  }

  beforeAll(async () => {
    servers = await startLocalServers({ s3Port: 0, dynamoDbPort: 0 });
    const config = await provisionLocalDeployment(servers.endpoints);
    runtime = createRuntime({ ...config, platformRoles });
    handler = createApiHandler({ service: runtime.serviceDeps, logger });

    await runtime.clients.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await runtime.clients.s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'orders/2026-12-01.csv',
        Body: 'order_id,amount\nA-1,10.50\nA-2,not-a-number\n',
      }),
    );
    const saved = await call('POST /templates', { body: ordersTemplate });
    expect(saved.status).toBe(201);
  });

  afterAll(async () => {
    runtime?.destroy();
    await servers?.stop();
  });

  it('creates, reads, lists, pauses, resumes, prints the policy of and deletes a connector', async () => {
    const created = await call('POST /connectors', { body: connectorInput('Acme orders') });
    const { connectorId } = created.body.connector as Connector;
    const onboarding = created.body.onboarding as {
      roleName: string;
      trustPolicy: { Statement: { Principal: { AWS: string[] } }[] };
    };

    const shown = await call('GET /connectors/{id}', { params: { id: 'acme ORDERS' } });
    const listed = await call('GET /connectors');
    const paused = await call('POST /connectors/{id}/pause', { params: { id: connectorId } });
    const resumed = await call('POST /connectors/{id}/resume', { params: { id: connectorId } });
    const policy = await call('GET /connectors/{id}/policy', { params: { id: connectorId } });
    const deleted = await call('DELETE /connectors/{id}', {
      params: { id: connectorId },
      query: { purgeRecords: 'true' },
    });
    const afterDelete = await call('GET /connectors/{id}', { params: { id: connectorId } });

    expect(created.status).toBe(201);
    expect(created.body.connector).toMatchObject({ status: 'pending', folder: 'orders/' });
    expect(onboarding.roleName).toBe(`s3-import-${connectorId}`);
    // The API's own role must be trusted too: verify assumes the customer's role from it.
    expect(onboarding.trustPolicy.Statement[0].Principal.AWS).toEqual([
      platformRoles.listerRoleArn,
      platformRoles.parserRoleArn,
      platformRoles.apiRoleArn,
    ]);
    expect(shown.status).toBe(200);
    expect(shown.body.connector?.connectorId).toBe(connectorId);
    expect((listed.body.connectors as Connector[]).map((c) => c.connectorId)).toContain(
      connectorId,
    );
    expect(paused.body.connector?.status).toBe('paused');
    expect(resumed.body.connector?.status).toBe('pending');
    expect(policy.status).toBe(200);
    expect(policy.body).toEqual(onboarding);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ deleted: { connectorId }, recordsPurged: 0 });
    expect(afterDelete.status).toBe(404);
    expect(afterDelete.body.error).toEqual({
      code: 'not_found',
      message: `No connector has the id or name "${connectorId}".`,
    });
  });

  it('verifies a connector against the bucket, activates it and shows it in health', async () => {
    const connector = await createConnector('Verified orders');

    const verified = await call('POST /connectors/{id}/verify', {
      params: { id: connector.connectorId },
    });
    const health = await call('GET /health');

    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ ok: true, connector: { status: 'active' } });
    expect(verified.body.files).toEqual([
      expect.objectContaining({ key: 'orders/2026-12-01.csv' }),
    ]);
    const rows = (health.body.connectors as { connectorId?: string; name?: string }[]).map(
      (row) => row.name,
    );
    expect(rows).toContain('Verified orders');
  });

  it('answers 400 naming every invalid field, without a stack trace', async () => {
    const answer = await call('POST /connectors', {
      body: { ...connectorInput('Broken'), accountId: '12345', bucket: 'Not_A_Bucket' },
    });

    expect(answer.status).toBe(400);
    expect(answer.body.error?.code).toBe('invalid_input');
    expect(answer.body.error?.message).toMatch(
      /^Invalid connector settings: .*accountId: must be the 12-digit AWS account ID.*bucket: bucket "Not_A_Bucket"/,
    );
    expect(JSON.stringify(answer.body)).not.toMatch(/\n\s+at |\.ts:\d+/);
  });

  it('answers 400 for a change the API does not offer, such as the account', async () => {
    const connector = await createConnector('Fixed account');

    const answer = await call('PATCH /connectors/{id}', {
      params: { id: connector.connectorId },
      body: { accountId: '210987654321' },
    });

    expect(answer.status).toBe(400);
    expect(answer.body.error?.code).toBe('invalid_input');
    expect(answer.body.error?.message).toMatch(/^Invalid connector changes: .*accountId/);
  });

  it('renames a connector and says what the change means', async () => {
    const connector = await createConnector('Renamed later');

    const answer = await call('PATCH /connectors/{id}', {
      params: { id: connector.connectorId },
      body: { name: 'Renamed now' },
    });

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      connector: { name: 'Renamed now' },
      baselineReset: false,
    });
    expect(answer.body.message).toContain('Renamed now');
  });

  it('answers 409 for a name in use and 404 for a template that does not exist', async () => {
    await createConnector('Taken name');

    const clash = await call('POST /connectors', { body: connectorInput('TAKEN NAME') });
    const noTemplate = await call('POST /connectors', {
      body: { ...connectorInput('No template'), templateId: 'missing' },
    });

    expect(clash.status).toBe(409);
    expect(clash.body.error).toEqual({
      code: 'conflict',
      message: 'A connector named "Taken name" already exists; choose another name.',
    });
    expect(noTemplate.status).toBe(404);
    expect(noTemplate.body.error?.code).toBe('template_not_found');
  });

  it('answers 404 for an unknown route and 405 with Allow for a wrong method', async () => {
    const unknown = await handler(rawEventOf('GET', '/connectors/abc/secrets'));
    const wrongMethod = await handler(rawEventOf('PUT', '/connectors/abc'));

    expect(unknown.statusCode).toBe(404);
    expect(JSON.parse(unknown.body ?? '').error.code).toBe('not_found');
    expect(wrongMethod.statusCode).toBe(405);
    expect(wrongMethod.headers).toMatchObject({ allow: 'GET, PATCH, DELETE' });
  });

  it('answers 400 for a misspelt query parameter instead of ignoring it', async () => {
    const connector = await createConnector('Kept records');

    const answer = await call('DELETE /connectors/{id}', {
      params: { id: connector.connectorId },
      query: { purgeRecord: 'true' },
    });
    const stillThere = await call('GET /connectors/{id}', {
      params: { id: connector.connectorId },
    });

    expect(answer.status).toBe(400);
    expect(answer.body.error?.message).toBe(
      'Query parameter "purgeRecord" is not known to DELETE /connectors/{id}, which accepts only purgeRecords.',
    );
    expect(stillThere.status).toBe(200);
  });

  it("lists a connector's imports, refusing an unknown status", async () => {
    const connector = await createConnector('No imports yet');

    const imports = await call('GET /connectors/{id}/imports', {
      params: { id: connector.connectorId },
      query: { limit: '10' },
    });
    const badStatus = await call('GET /connectors/{id}/imports', {
      params: { id: connector.connectorId },
      query: { status: 'done' },
    });
    const unknownImport = await call('GET /imports/{id}', {
      params: { id: `${connector.connectorId}:0000` },
    });

    expect(imports).toMatchObject({ status: 200, body: { imports: [] } });
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.error?.message).toBe(
      'Query parameter status is "done"; it must be one of in_progress, succeeded, partially_succeeded, failed, skipped.',
    );
    expect(unknownImport.status).toBe(404);
  });

  it('queues a failed import again and answers 202 with the reset result', async () => {
    const connector = await createConnector('Retried orders');
    const key = 'orders/2026-12-02.csv';
    const failed: ImportResult = {
      connectorId: connector.connectorId,
      fileId: fileIdOf(key, '"etag-1"'),
      bucket,
      key,
      etag: '"etag-1"',
      size: 120,
      status: 'failed',
      reasonCode: 'missing_columns',
      reasonMessage: 'The header lacks amount.',
      rowsRead: 0,
      rowsImported: 0,
      rowsIgnored: 0,
      rowsRejected: 0,
      bytesRead: 120,
      startedAt: '2026-12-02T10:00:00.000Z',
      finishedAt: '2026-12-02T10:00:01.000Z',
      rowErrors: [],
    };
    await runtime.results.put(failed);
    const importId = `${connector.connectorId}:${failed.fileId}`;

    const shown = await call('GET /imports/{id}', { params: { id: importId } });
    const retried = await call('POST /imports/{id}/retry', { params: { id: importId } });
    const again = await call('POST /imports/{id}/retry', {
      params: { id: importId },
      body: { force: true },
    });
    const queued = await runtime.clients.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: runtime.config.fileQueueUrl, MaxNumberOfMessages: 10 }),
    );

    expect(shown.body).toMatchObject({ importId, status: 'failed', reasonCode: 'missing_columns' });
    expect(retried.status).toBe(202);
    expect(retried.body).toMatchObject({ importId, status: 'in_progress' });
    expect(again.status).toBe(400);
    expect(again.body.error?.message).toBe('This route takes no body fields; got "force".');
    expect((queued.Messages ?? []).map((message) => JSON.parse(message.Body ?? '{}'))).toEqual([
      expect.objectContaining({ connectorId: connector.connectorId, key, etag: '"etag-1"' }),
    ]);
  });

  it('rotates the external ID on request and refuses an unknown option', async () => {
    const connector = await createConnector('Rotated orders');

    const rotated = await call('POST /connectors/{id}/reauthenticate', {
      params: { id: connector.connectorId },
      body: { rotateExternalId: true },
    });
    const unknown = await call('POST /connectors/{id}/reauthenticate', {
      params: { id: connector.connectorId },
      body: { rotate: 'yes' },
    });

    expect(rotated.status).toBe(200);
    expect(rotated.body.connector?.externalId).not.toBe(connector.externalId);
    expect(rotated.body).toMatchObject({ verify: { ok: true } });
    expect(JSON.stringify(rotated.body.onboarding)).toContain(
      rotated.body.connector?.externalId as string,
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.error?.code).toBe('invalid_input');
    expect(unknown.body.error?.message).toMatch(/^Invalid options: .*rotate/);
  });

  it('saves, lists and shows templates, by version', async () => {
    const second = await call('POST /templates', {
      body: { ...ordersTemplate, name: 'Orders v2' },
    });

    const listed = await call('GET /templates');
    const first = await call('GET /templates/{id}', {
      params: { id: 'orders' },
      query: { version: '1' },
    });
    const invalid = await call('POST /templates', { body: { ...ordersTemplate, fields: [] } });

    expect(second).toMatchObject({ status: 201, body: { templateId: 'orders', version: 2 } });
    expect(listed.body.templates).toEqual([expect.objectContaining({ name: 'Orders v2' })]);
    expect(first.body).toMatchObject({ name: 'Orders', version: 1 });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error?.message).toMatch(/^Template "orders" has \d+ problems?: /);
  });

  it('deletes a template only when no connector uses it, unless forced', async () => {
    await call('POST /templates', { body: { ...ordersTemplate, templateId: 'spare' } });
    await createConnector('Spare user');
    const user = await call('PATCH /connectors/{id}', {
      params: { id: 'Spare user' },
      body: { templateId: 'spare' },
    });

    const refused = await call('DELETE /templates/{id}', { params: { id: 'spare' } });
    const forced = await call('DELETE /templates/{id}', {
      params: { id: 'spare' },
      query: { force: 'true' },
    });
    const gone = await call('GET /templates/{id}', { params: { id: 'spare' } });
    await call('DELETE /connectors/{id}', { params: { id: 'Spare user' } });

    expect(user.status).toBe(200);
    expect(refused.status).toBe(409);
    expect(refused.body.error?.message).toContain(
      'Template "spare" is used by connector "Spare user"; give it another template first',
    );
    expect(forced).toMatchObject({
      status: 200,
      body: { templateId: 'spare', versionsDeleted: 1, connectorsLeft: [{ name: 'Spare user' }] },
    });
    expect(gone.status).toBe(404);
  });

  it('answers 500 with a generic message when something unexpected fails, and logs it', async () => {
    const broken = createApiHandler({
      service: {
        ...runtime.serviceDeps,
        connectors: {
          ...runtime.serviceDeps.connectors,
          list: async () => {
            throw new TypeError('socket hang up (internal detail)');
          },
        },
      },
      logger,
    });

    const result = await broken(apiEventOf('GET /connectors', { requestId: 'req-500' }));

    expect(result.statusCode).toBe(500);
    expect(JSON.parse(result.body ?? '')).toEqual({
      error: {
        code: 'internal_error',
        message: 'The request failed unexpectedly; the error is logged under request id req-500.',
      },
    });
    expect(logger.lines.at(-1)).toMatchObject({
      level: 'error',
      message: 'request failed',
      fields: { route: 'GET /connectors', request_id: 'req-500', status: 500 },
    });
  });
});
