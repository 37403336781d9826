import { beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, ImportError, InvalidInputError } from '../../../lambdas/core/errors';
import { fileIdOf } from '../../../lambdas/core/file-id';
import type { Connector, ImportResult } from '../../../lambdas/core/model';
import {
  connectorOnboarding,
  createConnector,
  deleteConnector,
  pauseConnector,
  resumeConnector,
  updateConnector,
} from '../../../lambdas/core/service';
import {
  connectorInput,
  paymentsTemplate,
  type ServiceHarness,
  serviceHarness,
} from './service-harness';

function finishedResult(connector: Connector, key: string): ImportResult {
  return {
    connectorId: connector.connectorId,
    fileId: fileIdOf(key, '"e1"'),
    bucket: connector.bucket,
    key,
    etag: '"e1"',
    size: 10,
    status: 'succeeded',
    rowsRead: 3,
    rowsImported: 3,
    rowsIgnored: 0,
    rowsRejected: 0,
    bytesRead: 10,
    templateId: 'payments',
    templateVersion: 1,
    startedAt: '2026-12-01T10:00:00.000Z',
    finishedAt: '2026-12-01T10:00:01.000Z',
    rowErrors: [],
  };
}

describe('connector lifecycle', () => {
  let harness: ServiceHarness;
  let connector: Connector;

  beforeEach(async () => {
    harness = serviceHarness();
    await harness.templates.save(paymentsTemplate);
    await harness.templates.save({ ...paymentsTemplate, templateId: 'payments-v2' });
    connector = await createConnector(harness.deps, connectorInput);
    connector = { ...connector, status: 'active' };
    await harness.connectors.put(connector);
    await harness.discoveryState.putState({
      connectorId: connector.connectorId,
      lastCompleteListingStart: '2026-12-01T11:00:00.000Z',
      updatedAt: '2026-12-01T11:00:00.000Z',
    });
    await harness.discoveryState.markQueued(connector.connectorId, [
      { fileId: 'f1', etag: '"e1"', lastModified: '2026-12-01T10:00:00.000Z', expiresAt: 1 },
    ]);
    await harness.health.put({
      connectorId: connector.connectorId,
      state: 'healthy',
      lastSuccessfulSyncAt: '2026-12-01T11:00:00.000Z',
      consecutiveFailures: 0,
    });
  });

  it('starts a new baseline and asks for verification when the folder changes', async () => {
    const update = await updateConnector(harness.deps, 'acme', { folder: '/exports/2026' });

    expect(update.baselineReset).toBe(true);
    expect(update.connector).toMatchObject({ folder: 'exports/2026/', status: 'pending' });
    expect(harness.discoveryState.states.size).toBe(0);
    expect(harness.discoveryState.ledger.size).toBe(0);
    expect(await harness.health.get(connector.connectorId)).toBeDefined();
    expect(update.message).toContain(
      'Discovery starts a new baseline on s3://acme-exports/exports/2026/: the next sync takes the files modified in the initial window again',
    );
  });

  it('asks only for verification, not a new policy, when the region changes in its partition', async () => {
    const update = await updateConnector(harness.deps, 'Acme', { region: 'eu-central-1' });

    expect(update.baselineReset).toBe(false);
    expect(update.connector).toMatchObject({ region: 'eu-central-1', status: 'pending' });
    expect(update.message).toBe(
      'Connector "Acme" updated (region). The bucket is now read in eu-central-1; the customer\'s role and policies stay as they are, and the connector is pending until "s3-import connectors verify Acme" succeeds.',
    );
  });

  it('refuses a region in another partition, whose account and role differ, and changes nothing', async () => {
    const update = updateConnector(harness.deps, 'Acme', { region: 'cn-north-1' });

    await expect(update).rejects.toThrow(
      'Region cn-north-1 is in the aws-cn partition and connector "Acme" in aws: a bucket in another partition belongs to another AWS account and role. Create a new connector for it.',
    );
    await expect(update).rejects.toBeInstanceOf(InvalidInputError);
    expect(await harness.connectors.get(connector.connectorId)).toMatchObject({
      region: 'eu-west-1',
      status: 'active',
    });
  });

  it('keeps the baseline and status when only the template changes', async () => {
    const update = await updateConnector(harness.deps, 'Acme', { templateId: 'payments-v2' });

    expect(update.baselineReset).toBe(false);
    expect(update.connector).toMatchObject({ templateId: 'payments-v2', status: 'active' });
    expect(update.message).toMatch(/^Connector "Acme" updated \(template\)\. /);
    expect(harness.discoveryState.states.size).toBe(1);
    expect(update.message).toContain(
      'Template "payments-v2" applies to files imported from now on; files already imported keep their records (to import them again with it: "s3-import connectors update Acme --reimport").',
    );
    expect(harness.fileQueue.sent).toEqual([]);
  });

  it('queues the files already imported again with --reimport, with results open to a new claim', async () => {
    const done = finishedResult(connector, 'payments/a.csv');
    await harness.results.put(done);
    await harness.results.put({ ...finishedResult(connector, 'other/b.csv') });

    const update = await updateConnector(harness.deps, 'Acme', {
      templateId: 'payments-v2',
      reimport: true,
    });

    expect(update.filesRequeued).toBe(1);
    expect(harness.fileQueue.sent).toEqual([
      expect.objectContaining({ key: 'payments/a.csv', etag: '"e1"' }),
    ]);
    const claim = await harness.results.claim(
      { ...done, status: 'in_progress' },
      { claimedBy: 'parser-1', claimExpiresAt: '2026-12-01T12:15:00.000Z' },
      harness.now.value,
    );
    expect(claim.kind).toBe('claimed');
    expect(claim.result).toMatchObject({ rowsImported: 0, templateId: 'payments-v2' });
  });

  it('queues the files already imported again with the current template when --reimport comes alone', async () => {
    await harness.results.put(finishedResult(connector, 'payments/a.csv'));
    await updateConnector(harness.deps, 'Acme', { templateId: 'payments-v2' });

    const update = await updateConnector(harness.deps, 'Acme', { reimport: true });

    expect(update.filesRequeued).toBe(1);
    expect(update.message).toBe(
      'Connector "Acme": 1 file already imported is queued to be imported again with its template "payments-v2".',
    );
    expect(harness.fileQueue.sent).toEqual([
      expect.objectContaining({ key: 'payments/a.csv', etag: '"e1"' }),
    ]);
  });

  it('rejects an unknown template, a name in use and a change that changes nothing', async () => {
    await createConnector(harness.deps, { ...connectorInput, name: 'Other' });

    const unknown = updateConnector(harness.deps, 'Acme', { templateId: 'nope' });
    const clash = updateConnector(harness.deps, 'Acme', { name: 'OTHER' });
    const nothing = updateConnector(harness.deps, 'Acme', { folder: 'payments/' });

    await expect(unknown).rejects.toThrow(ImportError);
    await expect(unknown).rejects.toMatchObject({
      code: 'template_not_found',
      message: 'Template "nope" does not exist; create it first with "s3-import templates create".',
    });
    await expect(clash).rejects.toThrow(ConflictError);
    await expect(clash).rejects.toThrow(
      'A connector named "Other" already exists; choose another name.',
    );
    await expect(nothing).rejects.toThrow(InvalidInputError);
    await expect(nothing).rejects.toThrow('Nothing to change on connector "Acme"');
  });

  it('rejects a bucket name S3 would refuse, naming the rule', async () => {
    const update = updateConnector(harness.deps, 'Acme', { bucket: 'Bad_Bucket' });

    await expect(update).rejects.toThrow(InvalidInputError);
    await expect(update).rejects.toThrow(
      'Invalid connector changes: bucket: bucket "Bad_Bucket" may hold only lowercase letters',
    );
  });

  it('pauses and resumes an active connector back to active', async () => {
    const paused = await pauseConnector(harness.deps, 'Acme');
    const again = pauseConnector(harness.deps, 'Acme');
    await expect(again).rejects.toThrow(InvalidInputError);
    await expect(again).rejects.toThrow('Connector "Acme" is already paused.');

    const resumed = await resumeConnector(harness.deps, 'Acme');

    expect(paused.status).toBe('paused');
    expect(resumed.status).toBe('active');
  });

  it('resumes a connector that never synced as pending', async () => {
    await harness.health.put({
      connectorId: connector.connectorId,
      state: 'healthy',
      consecutiveFailures: 0,
    });
    await pauseConnector(harness.deps, 'Acme');

    const resumed = await resumeConnector(harness.deps, 'Acme');

    expect(resumed.status).toBe('pending');
  });

  it('refuses to resume a connector that is not paused', async () => {
    const resume = resumeConnector(harness.deps, 'Acme');

    await expect(resume).rejects.toThrow(InvalidInputError);
    await expect(resume).rejects.toThrow(
      'Connector "Acme" is active, not paused; only a paused connector can be resumed.',
    );
  });

  it('deletes the connector with its discovery state and health and keeps records by default', async () => {
    await harness.records.write([
      {
        connectorId: connector.connectorId,
        recordType: 'payment',
        recordKey: 'p-1',
        fileId: 'f1',
        row: 2,
        data: {},
      },
    ]);

    const result = await deleteConnector(harness.deps, 'Acme', { purgeRecords: false });

    expect(result).toMatchObject({ deleted: { name: 'Acme' }, recordsPurged: 0 });
    expect(await harness.connectors.get(connector.connectorId)).toBeUndefined();
    expect(harness.discoveryState.states.size + harness.discoveryState.ledger.size).toBe(0);
    expect(await harness.health.get(connector.connectorId)).toBeUndefined();
    expect(harness.records.records.size).toBe(1);
  });

  it('purges the imported records of the deleted connector only', async () => {
    await harness.records.write([
      {
        connectorId: connector.connectorId,
        recordType: 'payment',
        recordKey: 'p-1',
        fileId: 'f1',
        row: 2,
        data: {},
      },
      {
        connectorId: 'someone-else',
        recordType: 'payment',
        recordKey: 'p-1',
        fileId: 'f1',
        row: 2,
        data: {},
      },
    ]);

    const result = await deleteConnector(harness.deps, 'Acme', { purgeRecords: true });

    expect(result.recordsPurged).toBe(1);
    expect([...harness.records.records.values()].map((record) => record.connectorId)).toEqual([
      'someone-else',
    ]);
  });

  it('prints the onboarding items with the deployment roles and the external ID', async () => {
    const onboarding = await connectorOnboarding(harness.deps, 'Acme');

    expect(onboarding.roleName).toBe(`s3-import-${connector.connectorId}`);
    expect(onboarding.trustPolicy.Statement[0]).toMatchObject({
      Principal: {
        AWS: [
          'arn:aws:iam::111111111111:role/S3Import-Lister',
          'arn:aws:iam::111111111111:role/S3Import-Parser',
        ],
      },
      Condition: { StringEquals: { 'sts:ExternalId': connector.externalId } },
    });
  });
});
