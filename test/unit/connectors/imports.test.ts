import { beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, InvalidInputError, NotFoundError } from '../../../lambdas/core/errors';
import { fileIdOf } from '../../../lambdas/core/file-id';
import type { Connector, ImportResult } from '../../../lambdas/core/model';
import {
  createConnector,
  deleteConnector,
  getImport,
  listImports,
  resultsReadPerConnector,
  retryImport,
} from '../../../lambdas/core/service';
import {
  connectorInput,
  paymentsTemplate,
  type ServiceHarness,
  serviceHarness,
} from './service-harness';

function resultFor(
  connector: Connector,
  key: string,
  overrides: Partial<ImportResult> = {},
): ImportResult {
  return {
    connectorId: connector.connectorId,
    fileId: fileIdOf(key, '"e1"'),
    bucket: connector.bucket,
    key,
    etag: '"e1"',
    size: 10,
    status: 'failed',
    reasonCode: 'missing_columns',
    reasonMessage: 'The file lacks the required columns "amount".',
    rowsRead: 0,
    rowsImported: 0,
    rowsIgnored: 0,
    rowsRejected: 0,
    bytesRead: 10,
    templateId: 'payments',
    templateVersion: 1,
    startedAt: '2026-12-01T10:00:00.000Z',
    finishedAt: '2026-12-01T10:00:01.000Z',
    rowErrors: [],
    ...overrides,
  };
}

describe('imports', () => {
  let harness: ServiceHarness;
  let connector: Connector;
  let failed: ImportResult;

  beforeEach(async () => {
    harness = serviceHarness();
    await harness.templates.save(paymentsTemplate);
    connector = await createConnector(harness.deps, connectorInput);
    failed = resultFor(connector, 'payments/bad.csv');
    await harness.results.put(failed);
    await harness.results.put(
      resultFor(connector, 'payments/good.csv', {
        status: 'partially_succeeded',
        reasonCode: 'rows_rejected',
        rowsRejected: 1,
        errorReportKey: 'error-reports/x/from-row-1.csv',
        finishedAt: '2026-12-01T11:00:00.000Z',
      }),
    );
  });

  it('lists newest first with an import id and the error report location', async () => {
    const { imports: views } = await listImports(harness.deps, { limit: 10 });

    expect(views.map((view) => [view.key, view.importId, view.errorReportUri])).toEqual([
      [
        'payments/good.csv',
        `${connector.connectorId}:${fileIdOf('payments/good.csv', '"e1"')}`,
        's3://platform-results/error-reports/x/from-row-1.csv',
      ],
      ['payments/bad.csv', `${connector.connectorId}:${failed.fileId}`, undefined],
    ]);
  });

  it('finds an import by connector name and object key, by full id and by id prefix', async () => {
    const byKey = await getImport(harness.deps, 'acme:payments/bad.csv');
    const byId = await getImport(harness.deps, `${connector.connectorId}:${failed.fileId}`);
    const byPrefix = await getImport(harness.deps, failed.fileId.slice(0, 10));

    expect([byKey.key, byId.key, byPrefix.key]).toEqual([
      'payments/bad.csv',
      'payments/bad.csv',
      'payments/bad.csv',
    ]);
  });

  it('rejects an unknown import and an ambiguous prefix', async () => {
    const sharedPrefix = failed.fileId.slice(0, 8);
    await harness.results.put({
      ...resultFor(connector, 'payments/twin.csv'),
      fileId: `${sharedPrefix}ffff`,
    });

    const unknown = getImport(harness.deps, 'acme:payments/none.csv');
    const ambiguous = getImport(harness.deps, sharedPrefix);

    await expect(unknown).rejects.toThrow(NotFoundError);
    await expect(unknown).rejects.toThrow('No import matches "acme:payments/none.csv"');
    await expect(ambiguous).rejects.toThrow(ConflictError);
    await expect(ambiguous).rejects.toThrow(`"${sharedPrefix}" matches 2 imports`);
  });

  it('queues a failed file again and leaves a result the parser claims instead of skipping', async () => {
    const view = await retryImport(harness.deps, 'Acme:payments/bad.csv');

    expect(view).toMatchObject({ status: 'in_progress', rowErrors: [], rowsRead: 0 });
    expect(view.reasonCode).toBeUndefined();
    expect(harness.fileQueue.sent).toEqual([
      {
        connectorId: connector.connectorId,
        bucket: 'acme-exports',
        key: 'payments/bad.csv',
        etag: '"e1"',
        size: 10,
        lastModified: failed.startedAt,
      },
    ]);
    const claim = await harness.results.claim(
      { ...failed, status: 'in_progress' },
      { claimedBy: 'parser-1', claimExpiresAt: '2026-12-01T12:15:00.000Z' },
      harness.now.value,
    );
    expect(claim.kind).toBe('claimed');
  });

  it('allows a retry again while the first retry waits in the queue', async () => {
    await retryImport(harness.deps, 'Acme:payments/bad.csv');

    await retryImport(harness.deps, 'Acme:payments/bad.csv');

    expect(harness.fileQueue.sent).toHaveLength(2);
  });

  it('refuses to retry an import that did not fail', async () => {
    const retry = retryImport(harness.deps, 'Acme:payments/good.csv');

    await expect(retry).rejects.toThrow(InvalidInputError);
    await expect(retry).rejects.toThrow(
      `(payments/good.csv) is partially_succeeded; only failed imports can be retried.`,
    );
    expect(harness.fileQueue.sent).toEqual([]);
  });

  it('refuses to retry a file outside the connector folder after the folder changed', async () => {
    await harness.connectors.put({ ...connector, folder: 'exports/' });

    const retry = retryImport(harness.deps, 'Acme:payments/bad.csv');

    await expect(retry).rejects.toThrow(InvalidInputError);
    await expect(retry).rejects.toThrow(
      `payments/bad.csv is outside connector "Acme"'s current scope s3://acme-exports/exports/; it cannot be imported again.`,
    );
  });

  it('rejects an unknown status filter naming the allowed ones', async () => {
    const list = listImports(harness.deps, { status: 'done', limit: 5 });

    await expect(list).rejects.toThrow(InvalidInputError);
    await expect(list).rejects.toThrow(
      '--status "done" is not one of in_progress, succeeded, partially_succeeded, failed, skipped.',
    );
  });
  it('lists the newest imports when the limit is below the number stored, and counts the rest', async () => {
    for (const day of [2, 3, 4]) {
      await harness.results.put(
        resultFor(connector, `payments/day-${day}.csv`, {
          status: 'succeeded',
          finishedAt: `2026-12-0${day}T10:00:00.000Z`,
        }),
      );
    }

    const list = await listImports(harness.deps, { limit: 2 });

    expect(list.imports.map((view) => view.key)).toEqual([
      'payments/day-4.csv',
      'payments/day-3.csv',
    ]);
    expect(list.matched).toBe(5);
    expect(list.capReachedFor).toEqual([]);
  });

  it('filters by status before the limit, so a limit of 1 finds a match stored after others', async () => {
    const list = await listImports(harness.deps, { status: 'partially_succeeded', limit: 1 });

    expect(list.imports.map((view) => view.key)).toEqual(['payments/good.csv']);
    expect(list.matched).toBe(1);
  });

  it('names a connector whose results exceed what a listing reads', async () => {
    for (let index = 0; index < resultsReadPerConnector; index += 1) {
      await harness.results.put(resultFor(connector, `payments/many-${index}.csv`));
    }

    const list = await listImports(harness.deps, { limit: 3 });

    expect(list.imports).toHaveLength(3);
    expect(list.matched).toBe(resultsReadPerConnector);
    expect(list.capReachedFor).toEqual([connector.connectorId]);
  });

  it("lists and shows a deleted connector's imports by its id, and refuses to retry them", async () => {
    await deleteConnector(harness.deps, 'Acme', { purgeRecords: false });

    const list = await listImports(harness.deps, { connector: connector.connectorId, limit: 10 });
    const shown = await getImport(harness.deps, `${connector.connectorId}:payments/bad.csv`);
    const retry = retryImport(harness.deps, `${connector.connectorId}:payments/bad.csv`);
    const byName = listImports(harness.deps, { connector: 'Acme', limit: 10 });

    expect(list.imports.map((view) => view.key)).toEqual(['payments/good.csv', 'payments/bad.csv']);
    expect(shown.importId).toBe(`${connector.connectorId}:${failed.fileId}`);
    await expect(retry).rejects.toThrow(NotFoundError);
    await expect(retry).rejects.toThrow('no longer exists');
    await expect(byName).rejects.toThrow('No connector has the id or name "Acme"');
  });
});
