import { describe, expect, it } from 'vitest';
import { fileIdOf } from '../../../lambdas/core/file-id';
import type { Connector, ImportResult } from '../../../lambdas/core/model';
import { connectorStatuses, createConnector, updateConnector } from '../../../lambdas/core/service';
import { connectorInput, paymentsTemplate, serviceHarness } from './service-harness';

function result(connector: Connector, key: string, overrides: Partial<ImportResult>): ImportResult {
  return {
    connectorId: connector.connectorId,
    fileId: fileIdOf(key, '"e"'),
    bucket: connector.bucket,
    key,
    etag: '"e"',
    size: 1,
    status: 'succeeded',
    rowsRead: 10,
    rowsImported: 10,
    rowsIgnored: 0,
    rowsRejected: 0,
    bytesRead: 1,
    startedAt: '2026-12-01T11:00:00.000Z',
    finishedAt: '2026-12-01T11:00:00.000Z',
    rowErrors: [],
    ...overrides,
  };
}

describe('connectorStatuses', () => {
  it('puts broken connectors first with what to fix and counts the last 24 hours', async () => {
    const harness = serviceHarness();
    await harness.templates.save(paymentsTemplate);
    const create = (name: string) => createConnector(harness.deps, { ...connectorInput, name });
    const healthy = { ...(await create('Alpha')), status: 'active' as const };
    const broken = { ...(await create('Zulu')), status: 'active' as const };
    const paused = { ...(await create('Beta')), status: 'paused' as const };
    const pending = await create('Gamma');
    for (const connector of [healthy, broken, paused]) await harness.connectors.put(connector);
    await harness.health.put({
      connectorId: healthy.connectorId,
      state: 'healthy',
      lastSyncFinishedAt: '2026-12-01T11:55:00.000Z',
      lastSuccessfulSyncAt: '2026-12-01T11:55:00.000Z',
      consecutiveFailures: 0,
      lastError: { code: 'throttled', message: 'old news', at: '2026-11-30T00:00:00.000Z' },
    });
    await harness.health.put({
      connectorId: broken.connectorId,
      state: 'error',
      consecutiveFailures: 3,
      lastError: {
        code: 'bucket_not_found',
        message: 'Bucket "acme-exports" does not exist.',
        at: '2026-12-01T11:55:00.000Z',
      },
    });
    await harness.health.put({
      connectorId: paused.connectorId,
      state: 'error',
      consecutiveFailures: 1,
      lastError: { code: 'access_denied', message: 'denied', at: '2026-12-01T11:00:00.000Z' },
    });
    await harness.results.put(
      result(healthy, 'a.csv', { rowsImported: 8, rowsRejected: 2, status: 'partially_succeeded' }),
    );
    await harness.results.put(
      result(healthy, 'b.csv', { status: 'failed', rowsImported: 0, rowsRead: 0 }),
    );
    await harness.results.put(
      result(healthy, 'old.csv', { finishedAt: '2026-11-29T11:00:00.000Z' }),
    );

    const rows = await connectorStatuses(harness.deps);

    expect(rows.map((row) => [row.name, row.status])).toEqual([
      ['Zulu', 'error'],
      ['Gamma', 'pending'],
      ['Alpha', 'active'],
      ['Beta', 'paused'],
    ]);
    expect(rows[0]).toMatchObject({
      consecutiveFailures: 3,
      lastError: { code: 'bucket_not_found' },
      fix: expect.stringContaining('Fix it with "s3-import connectors update Zulu --bucket NAME"'),
    });
    expect(rows[2].last24Hours).toEqual({
      filesImported: 1,
      filesFailed: 1,
      filesSkipped: 0,
      rowsImported: 8,
      rowsRejected: 2,
    });
    expect(rows[2].lastError).toBeUndefined();
    expect(pending.status).toBe('pending');
    expect(rows[1]).toMatchObject({ warning: 'not verified yet' });
  });

  it('warns about a template that no longer exists and a folder with no files', async () => {
    const harness = serviceHarness();
    await harness.templates.save(paymentsTemplate);
    const gone = await createConnector(harness.deps, { ...connectorInput, name: 'Gone' });
    await harness.connectors.put({ ...gone, status: 'active', templateId: 'deleted' });
    const empty = await createConnector(harness.deps, { ...connectorInput, name: 'Empty' });
    await harness.connectors.put({ ...empty, status: 'active' });
    await harness.health.put({
      connectorId: empty.connectorId,
      state: 'healthy',
      consecutiveFailures: 0,
      lastCounts: {
        listed: 0,
        inScope: 0,
        new: 0,
        queued: 0,
        tooLarge: 0,
        unsupported: 0,
        ignoredTooOld: 0,
        notQueued: 0,
      },
    });

    const rows = await connectorStatuses(harness.deps);

    expect(rows.map((row) => [row.name, row.warning])).toEqual([
      ['Empty', 'no files in s3://acme-exports/payments/'],
      ['Gone', 'template "deleted" does not exist'],
    ]);
    expect(rows[1].fix).toContain(
      'Choose an existing template with "s3-import connectors update Gone --template ID"',
    );
  });

  it("does not fill settings changed after an error into the old error's fix", async () => {
    const harness = serviceHarness();
    await harness.templates.save(paymentsTemplate);
    const connector = await createConnector(harness.deps, connectorInput);
    await harness.health.put({
      connectorId: connector.connectorId,
      state: 'error',
      consecutiveFailures: 1,
      lastError: {
        code: 'bucket_not_found',
        message: 'Bucket "acme-exports" does not exist.',
        at: harness.now.value.toISOString(),
      },
    });
    harness.now.value = new Date(harness.now.value.getTime() + 60_000);
    await updateConnector(harness.deps, 'Acme', { bucket: 'acme-exports2' });

    const [row] = await connectorStatuses(harness.deps);

    expect(row).toMatchObject({ status: 'error', lastError: { code: 'bucket_not_found' } });
    expect(row.fix).toBe(
      'The connector\'s settings changed since this error; run "s3-import connectors reauthenticate Acme" to check them.',
    );
  });

  it('says a missing template was created since the error instead of asking to create it', async () => {
    const harness = serviceHarness();
    await harness.templates.save(paymentsTemplate);
    const connector = await createConnector(harness.deps, connectorInput);
    await harness.connectors.put({ ...connector, status: 'active', templateId: 'later' });
    await harness.health.put({
      connectorId: connector.connectorId,
      state: 'error',
      consecutiveFailures: 1,
      lastError: {
        code: 'template_not_found',
        message: 'Template "later" does not exist.',
        at: harness.now.value.toISOString(),
      },
    });
    const before = await connectorStatuses(harness.deps);
    harness.now.value = new Date(harness.now.value.getTime() + 60_000);
    await harness.templates.save({ ...paymentsTemplate, templateId: 'later' });

    const [row] = await connectorStatuses(harness.deps);

    expect(before[0].fix).toContain('or create template "later"');
    expect(row.fix).toBe(
      'Template "later" was created since this error; run "s3-import connectors reauthenticate Acme" to check it.',
    );
  });
});
