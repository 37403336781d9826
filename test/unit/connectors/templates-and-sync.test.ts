import { describe, expect, it } from 'vitest';
import { InvalidInputError, NotFoundError } from '../../../lambdas/core/errors';
import {
  createConnector,
  getTemplate,
  saveTemplate,
  syncNow,
  tryTemplate,
} from '../../../lambdas/core/service';
import { connectorInput, paymentsTemplate, serviceHarness } from './service-harness';

const encode = (text: string) => new TextEncoder().encode(text);

describe('templates', () => {
  it('saves versions and reads a given one back', async () => {
    const { deps } = serviceHarness();
    await saveTemplate(deps, paymentsTemplate);
    await saveTemplate(deps, { ...paymentsTemplate, name: 'Payments, renamed' });

    const first = await getTemplate(deps, 'payments', 1);
    const newest = await getTemplate(deps, 'payments');

    expect([first.name, newest.name, newest.version]).toEqual(['Payments', 'Payments, renamed', 2]);
  });

  it('rejects an invalid template listing every problem', async () => {
    const { deps } = serviceHarness();

    const save = saveTemplate(deps, { ...paymentsTemplate, recordType: '', primaryKey: ['nope'] });

    await expect(save).rejects.toThrow(InvalidInputError);
    await expect(save).rejects.toThrow(
      /Template "payments" has 2 problems: recordType: .*primaryKey/,
    );
  });

  it('names the missing template and version', async () => {
    const { deps } = serviceHarness();
    await saveTemplate(deps, paymentsTemplate);

    const get = getTemplate(deps, 'payments', 4);

    await expect(get).rejects.toThrow(NotFoundError);
    await expect(get).rejects.toThrow('Template "payments" version 4 does not exist;');
  });

  it('tries a stored template on a sample with records and row errors', async () => {
    const { deps } = serviceHarness();
    await saveTemplate(deps, paymentsTemplate);

    const preview = await tryTemplate(deps, 'payments', {
      key: 'sample.csv',
      bytes: encode('payment_id,amount\np-1,1.5\n,2\np-3,x\n'),
    });

    expect(preview.records).toEqual([
      {
        row: 2,
        recordType: 'payment',
        recordKey: 'p-1',
        data: { paymentId: 'p-1', amount: '1.5' },
      },
    ]);
    expect(preview.rowErrors.map((error) => [error.row, error.field, error.code])).toEqual([
      [3, 'paymentId', 'required'],
      [4, 'amount', 'invalid_decimal'],
    ]);
    expect(preview).toMatchObject({
      rowsRead: 3,
      rowsImported: 1,
      rowsRejected: 2,
      truncated: false,
    });
  });

  it('tries an unsaved template and reports a file the importer would fail', async () => {
    const { deps } = serviceHarness();

    const preview = await tryTemplate(
      deps,
      { ...paymentsTemplate, templateId: 'draft' },
      {
        key: 'sample.csv',
        bytes: encode('id,total\n1,2\n'),
      },
    );

    expect(preview.fileError).toEqual({
      code: 'missing_columns',
      message:
        'The file lacks the required columns "payment_id", "amount". Expected columns: "payment_id", "amount"; found: "id", "total".',
    });
  });
});

describe('syncNow', () => {
  it('lists an active connector now and queues its new files', async () => {
    const harness = serviceHarness();
    await harness.templates.save(paymentsTemplate);
    harness.objects.putObject('acme-exports', 'payments/a.csv', 'payment_id,amount\n');
    const connector = await createConnector(harness.deps, connectorInput);
    await harness.connectors.put({ ...connector, status: 'active' });

    const [summary] = await syncNow(harness.deps, { connector: 'acme' });

    expect(summary).toMatchObject({ outcome: 'succeeded', counts: { listed: 1, queued: 1 } });
    expect(harness.fileQueue.sent.map((task) => task.key)).toEqual(['payments/a.csv']);
  });

  it('refuses a connector that is not active, saying how to make it so', async () => {
    const harness = serviceHarness();
    await harness.templates.save(paymentsTemplate);
    await createConnector(harness.deps, connectorInput);

    const sync = syncNow(harness.deps, { connector: 'Acme' });

    await expect(sync).rejects.toThrow(InvalidInputError);
    await expect(sync).rejects.toThrow(
      'Connector "Acme" is pending; only active connectors sync. Verify it with "s3-import connectors verify Acme".',
    );
  });
});
