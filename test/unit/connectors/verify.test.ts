import { beforeEach, describe, expect, it } from 'vitest';
import { formatVerifyReport } from '../../../lambdas/cli/verify-text';
import {
  connectorStatuses,
  createConnector,
  reauthenticateConnector,
  verifyConnector,
} from '../../../lambdas/core/service';
import {
  connectorInput,
  paymentsTemplate,
  type ServiceHarness,
  serviceHarness,
} from './service-harness';

const csv = 'payment_id,amount\np-1,10.50\np-2,abc\np-3,7\n';

describe('verifyConnector', () => {
  let harness: ServiceHarness;

  beforeEach(async () => {
    harness = serviceHarness();
    await harness.templates.save(paymentsTemplate);
  });

  it('activates the connector, queues its first sync and previews files and rows', async () => {
    const { objects, now } = harness;
    objects.putObject('acme-exports', 'payments/a.csv', csv);
    objects.putObject('acme-exports', 'payments/b.pdf', 'not data');
    objects.putObject('acme-exports', 'payments/big.csv', 'x'.repeat(2000));
    objects.putObject('acme-exports', 'payments/old.csv', csv, new Date('2026-01-01T00:00:00Z'));
    objects.putObject('acme-exports', 'other/c.csv', csv);
    const connector = await createConnector(harness.deps, connectorInput);

    const report = await verifyConnector(harness.deps, 'acme');

    expect(report.ok).toBe(true);
    expect(report.connector.status).toBe('active');
    expect((await harness.connectors.get(connector.connectorId))?.status).toBe('active');
    expect(report.steps.map((step) => [step.step, step.status])).toEqual([
      ['assume_role', 'ok'],
      ['list', 'ok'],
      ['read', 'ok'],
      ['template', 'ok'],
    ]);
    expect(report.files.map((file) => [file.key, file.importable, file.reason])).toEqual([
      ['payments/a.csv', true, undefined],
      ['payments/b.pdf', false, 'unsupported format for template format "auto"'],
      ['payments/big.csv', false, 'larger than the 1000-byte limit'],
      ['payments/old.csv', false, 'modified before the initial window (2026-09-02)'],
    ]);
    expect(report.rows).toMatchObject({ key: 'payments/a.csv', rowsRead: 3, rowsImported: 2 });
    expect(report.rows?.rowErrors).toEqual([
      expect.objectContaining({ row: 3, field: 'amount', code: 'invalid_decimal' }),
    ]);
    expect(harness.syncQueue.sent).toEqual([
      { connectorId: connector.connectorId, cycle: now.value.toISOString() },
    ]);
  });

  it('fails at the list step for a bucket that does not exist and says what to fix', async () => {
    const connector = await createConnector(harness.deps, connectorInput);

    const report = await verifyConnector(harness.deps, connector.connectorId);

    expect(report.ok).toBe(false);
    expect(report.failure).toMatchObject({ step: 'list', code: 'bucket_not_found' });
    expect(report.failure?.fix).toContain(
      'Fix it with "s3-import connectors update Acme --bucket NAME", then "s3-import connectors reauthenticate Acme"',
    );
    expect((await harness.connectors.get(connector.connectorId))?.status).toBe('pending');
    expect(await harness.health.get(connector.connectorId)).toMatchObject({
      state: 'error',
      consecutiveFailures: 1,
      lastError: { code: 'bucket_not_found' },
    });
    expect(harness.syncQueue.sent).toEqual([]);
  });

  it('fails at the assume-role step when the role cannot be assumed', async () => {
    harness.objects.putObject('acme-exports', 'payments/a.csv', csv);
    const connector = await createConnector(harness.deps, connectorInput);
    harness.unassumable.add(connector.connectorId);

    const report = await verifyConnector(harness.deps, 'Acme');

    expect(report.failure).toMatchObject({ step: 'assume_role', code: 'role_not_assumable' });
    expect(report.failure?.fix).toContain(`external ID ${connector.externalId}`);
    expect(report.steps).toEqual([
      expect.objectContaining({ step: 'assume_role', status: 'failed' }),
    ]);
  });

  it('fails at the template step when the template was deleted, still showing the files', async () => {
    harness.objects.putObject('acme-exports', 'payments/a.csv', csv);
    const connector = await createConnector(harness.deps, connectorInput);
    await harness.connectors.put({ ...connector, templateId: 'gone' });

    const report = await verifyConnector(harness.deps, 'Acme');

    expect(report.failure).toMatchObject({
      step: 'template',
      code: 'template_not_found',
      message: 'Template "gone" does not exist (it was deleted or never created).',
    });
    expect(report.files).toEqual([
      expect.objectContaining({ key: 'payments/a.csv', reason: 'template "gone" does not exist' }),
    ]);
  });

  it('fails at the template step when the first file lacks required columns', async () => {
    harness.objects.putObject('acme-exports', 'payments/a.csv', 'id,total\n1,2\n');
    await createConnector(harness.deps, connectorInput);

    const report = await verifyConnector(harness.deps, 'Acme');

    expect(report.failure).toMatchObject({
      step: 'template',
      code: 'missing_columns',
      message:
        'The file lacks the required columns "payment_id", "amount". Expected columns: "payment_id", "amount"; found: "id", "total".',
    });
  });

  it('notes the optional template columns the first file lacks, and still verifies', async () => {
    await harness.templates.save({
      ...paymentsTemplate,
      fields: [...paymentsTemplate.fields, { name: 'note', source: 'Note' }],
    });
    harness.objects.putObject(
      'acme-exports',
      'payments/a.csv',
      'payment_id,amount,note\np-1,1,x\n',
    );
    await createConnector(harness.deps, connectorInput);

    const report = await verifyConnector(harness.deps, 'Acme');

    expect(report.ok).toBe(true);
    expect(formatVerifyReport(report)).toContain(
      '  note  The header lacks the column "Note" the template reads; a field reading it takes its default in every record, or without a default is left out. Did you mean "note"? Header names match exactly, case included.',
    );
  });

  it('passes an empty folder with a warning to check the folder name', async () => {
    harness.objects.putObject('acme-exports', 'elsewhere/a.csv', csv);
    await createConnector(harness.deps, connectorInput);

    const report = await verifyConnector(harness.deps, 'Acme');

    expect(report.ok).toBe(true);
    expect(report.warnings).toEqual([
      'The folder s3://acme-exports/payments/ has no files yet: the connector imports them as they arrive. If you expected files, check the folder with "s3-import connectors update Acme --folder PATH".',
    ]);
    expect(report.steps.map((step) => step.status)).toEqual(['ok', 'ok', 'skipped', 'skipped']);
  });

  it('leaves no stale "no files" warning in status after a failed sync is fixed', async () => {
    const connector = await createConnector(harness.deps, connectorInput);
    const zero = { listed: 0, inScope: 0, new: 0, queued: 0, tooLarge: 0, unsupported: 0 };
    await harness.health.put({
      connectorId: connector.connectorId,
      state: 'error',
      lastSyncFinishedAt: '2026-12-01T11:55:00.000Z',
      lastCounts: { ...zero, ignoredTooOld: 0, notQueued: 0 },
      lastError: { code: 'bucket_not_found', message: 'gone', at: '2026-12-01T11:55:00.000Z' },
      consecutiveFailures: 2,
    });
    harness.objects.putObject('acme-exports', 'payments/a.csv', csv);

    const report = await verifyConnector(harness.deps, 'Acme');
    const [row] = await connectorStatuses(harness.deps);

    expect(report.ok).toBe(true);
    expect(row).toMatchObject({ name: 'Acme', status: 'active', consecutiveFailures: 0 });
    expect(row.lastCounts).toBeUndefined();
    expect(row.warning).toBeUndefined();
    expect(row.fix).toBeUndefined();
  });

  it('counts one file and one row in the singular and says a resync is not the first', async () => {
    harness.objects.putObject('acme-exports', 'payments/a.csv', 'payment_id,amount\np-1,1\n');
    const connector = await createConnector(harness.deps, connectorInput);
    const first = formatVerifyReport(await verifyConnector(harness.deps, 'Acme'));
    await harness.health.put({
      connectorId: connector.connectorId,
      state: 'healthy',
      lastSuccessfulSyncAt: '2026-12-01T11:00:00.000Z',
      consecutiveFailures: 0,
    });

    const again = formatVerifyReport(await verifyConnector(harness.deps, 'Acme'));

    expect(first).toContain('list folder: Listed s3://acme-exports/payments/: 1 file.');
    expect(first).toContain('on the first 1 row: 1 record, 0 ignored, 0 rejected.');
    expect(first).toContain('\nFirst file:\n');
    expect(first).toContain('(first 1 row): 1 record, 0 ignored, 0 rejected');
    expect(first).toContain('Verified: "Acme" is active. Its first sync is queued');
    expect(again).toContain('Verified: "Acme" is active. A sync is queued');
  });

  it('keeps a paused connector paused and queues no sync', async () => {
    harness.objects.putObject('acme-exports', 'payments/a.csv', csv);
    const connector = await createConnector(harness.deps, connectorInput);
    await harness.connectors.put({ ...connector, status: 'paused' });

    const report = await verifyConnector(harness.deps, 'Acme');

    expect(report.ok).toBe(true);
    expect(report.connector.status).toBe('paused');
    expect(harness.syncQueue.sent).toEqual([]);
  });
});

describe('reauthenticateConnector', () => {
  it('rotates the external ID, returns the new trust policy and verifies again', async () => {
    const harness = serviceHarness();
    await harness.templates.save(paymentsTemplate);
    harness.objects.putObject('acme-exports', 'payments/a.csv', csv);
    const connector = await createConnector(harness.deps, connectorInput);

    const result = await reauthenticateConnector(harness.deps, 'Acme', { rotateExternalId: true });

    expect(result.connector.externalId).not.toBe(connector.externalId);
    expect(result.onboarding?.trustPolicy.Statement[0].Condition).toEqual({
      StringEquals: { 'sts:ExternalId': result.connector.externalId },
    });
    expect(result.verify.ok).toBe(true);
    expect((await harness.connectors.get(connector.connectorId))?.externalId).toBe(
      result.connector.externalId,
    );
  });

  it('verifies without a new external ID when none is asked for', async () => {
    const harness = serviceHarness();
    await harness.templates.save(paymentsTemplate);
    const connector = await createConnector(harness.deps, connectorInput);

    const result = await reauthenticateConnector(harness.deps, 'Acme');

    expect(result.onboarding).toBeUndefined();
    expect(result.connector.externalId).toBe(connector.externalId);
    expect(result.verify.failure?.code).toBe('bucket_not_found');
  });
});
