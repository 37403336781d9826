import { describe, expect, it, vi } from 'vitest';
import { TransientError } from '../../../lambdas/core/errors';
import { fileIdOf } from '../../../lambdas/core/file-id';
import { importFile } from '../../../lambdas/core/import/import-file';
import { bucket, connector, createHarness, ordersCsv, taskFor, templateOf } from './harness';

describe('importing one file', () => {
  it('writes one record per row under the primary key and a succeeded result', async () => {
    const harness = createHarness();
    const object = harness.objects.putObject(bucket, 'in/orders.csv', ordersCsv(3));

    const result = await importFile(harness.deps(), connector, taskFor(object));

    expect(result).toMatchObject({
      status: 'succeeded',
      rowsRead: 3,
      rowsImported: 3,
      rowsRejected: 0,
      bytesRead: object.size,
      templateId: 'orders',
      templateVersion: 3,
      fileId: fileIdOf(object.key, object.etag),
      finishedAt: '2026-12-01T10:00:00.000Z',
    });
    expect(result.claimedBy).toBeUndefined();
    expect(harness.records.records.get('acme#order#o-2')).toMatchObject({
      row: 3,
      data: { orderId: 'o-2', amount: '2.5', email: 'buyer2@example.com' },
    });
    expect(await harness.results.get('acme', result.fileId)).toEqual(result);
  });

  it('keys records by file and row when the template has no primary key', async () => {
    const harness = createHarness(templateOf({ primaryKey: [] }));
    const object = harness.objects.putObject(bucket, 'in/orders.csv', ordersCsv(2));

    const result = await importFile(harness.deps(), connector, taskFor(object));

    expect([...harness.records.records.values()].map((record) => record.recordKey)).toEqual([
      `${result.fileId}#2`,
      `${result.fileId}#3`,
    ]);
  });

  it('rejects bad rows with their errors, inline and in a spreadsheet-safe report', async () => {
    const harness = createHarness();
    const csv = 'order_id,amount,email\no-1,1.00,a@example.com\n=cmd(),oops,b@example.com\n';
    const object = harness.objects.putObject(bucket, 'in/orders.csv', csv);

    const result = await importFile(harness.deps(), connector, taskFor(object));

    expect(result).toMatchObject({
      status: 'partially_succeeded',
      reasonCode: 'rows_rejected',
      reasonMessage: '1 row was rejected; see the row errors.',
      rowsImported: 1,
      rowsRejected: 1,
    });
    expect(result.rowErrors).toEqual([
      expect.objectContaining({ row: 3, field: 'amount', code: expect.any(String), value: 'oops' }),
    ]);
    const report = harness.reports.reports.get(result.errorReportKey ?? '');
    expect(report?.contentType).toBe('text/csv; charset=utf-8');
    expect(report?.body.split('\r\n')[0]).toBe('row,field,code,message,value');
    expect(report?.body).toContain(',oops\r\n');
  });

  it('fails the file when every row is rejected', async () => {
    const harness = createHarness();
    const object = harness.objects.putObject(bucket, 'in/orders.csv', 'order_id,amount\nx,bad\n');

    const result = await importFile(harness.deps(), connector, taskFor(object));

    expect(result).toMatchObject({
      status: 'failed',
      reasonCode: 'rows_rejected',
      rowsRejected: 1,
    });
  });

  it('returns the existing result of a version delivered twice, without reading it again', async () => {
    const harness = createHarness();
    const object = harness.objects.putObject(bucket, 'in/orders.csv', ordersCsv(5));
    const first = await importFile(harness.deps(), connector, taskFor(object));
    const reads = vi.spyOn(harness.objects, 'getObject');
    const writes = harness.records.writes;

    const second = await importFile(harness.deps(), connector, taskFor(object));

    expect(second).toEqual(first);
    expect(reads).not.toHaveBeenCalled();
    expect(harness.records.writes).toBe(writes);
    expect(harness.results.results.size).toBe(1);
  });

  it('records a changed object as failed with object_changed, without retrying', async () => {
    const harness = createHarness();
    const listed = harness.objects.putObject(bucket, 'in/orders.csv', ordersCsv(1));
    harness.objects.putObject(bucket, 'in/orders.csv', ordersCsv(2));

    const result = await importFile(harness.deps(), connector, taskFor(listed));

    expect(result).toMatchObject({ status: 'failed', reasonCode: 'object_changed' });
    expect(result.reasonMessage).toBe('Object in/orders.csv changed since it was listed.');
  });

  it('records a deleted object as failed with object_missing', async () => {
    const harness = createHarness();
    const listed = harness.objects.putObject(bucket, 'in/orders.csv', ordersCsv(1));
    harness.objects.deleteObject(bucket, 'in/orders.csv');

    const result = await importFile(harness.deps(), connector, taskFor(listed));

    expect(result).toMatchObject({ status: 'failed', reasonCode: 'object_missing' });
  });

  it('fails the file with the expected and found columns when a required one is missing', async () => {
    const harness = createHarness();
    const object = harness.objects.putObject(bucket, 'in/orders.csv', 'order_id,total\no-1,5\n');

    const result = await importFile(harness.deps(), connector, taskFor(object));

    expect(result).toMatchObject({
      status: 'failed',
      reasonCode: 'missing_columns',
      rowsImported: 0,
    });
    expect(result.reasonMessage).toBe(
      'The file lacks the required columns "amount". Expected columns: "order_id", "amount", "email"; found: "order_id", "total".',
    );
  });

  it('fails a file over the size limit before downloading it', async () => {
    const harness = createHarness();
    const object = harness.objects.putObject(bucket, 'in/orders.csv', ordersCsv(50));
    const reads = vi.spyOn(harness.objects, 'getObject');
    const deps = harness.deps({ limits: { maxFileBytes: 100, maxRecordBytes: 1000 } });

    const result = await importFile(deps, connector, taskFor(object));

    expect(result).toMatchObject({ status: 'failed', reasonCode: 'file_too_large' });
    expect(result.reasonMessage).toBe(`The file is ${object.size} bytes; the limit is 100 bytes.`);
    expect(reads).not.toHaveBeenCalled();
  });

  it('fails a file whose name does not match the template format', async () => {
    const harness = createHarness();
    const object = harness.objects.putObject(bucket, 'in/photo.png', 'not a table');

    const result = await importFile(harness.deps(), connector, taskFor(object));

    expect(result).toMatchObject({ status: 'failed', reasonCode: 'unsupported_format' });
  });

  it('rejects a row whose record would not fit in a destination item', async () => {
    const harness = createHarness();
    const csv = `order_id,amount,email\no-1,1.00,a@example.com\no-2,2.00,${'x'.repeat(500_000)}\n`;
    const object = harness.objects.putObject(bucket, 'in/orders.csv', csv);
    const template = templateOf({
      fields: [
        { name: 'orderId', source: 'order_id', required: true },
        { name: 'note', source: 'email' },
      ],
    });

    const result = await importFile(harness.deps({ template }), connector, taskFor(object));

    expect(result.rowsImported).toBe(1);
    expect(result.rowErrors).toEqual([
      {
        row: 3,
        code: 'record_too_large',
        message:
          'The record of row 3 is larger than the destination item limit of 405,504 bytes; the row is rejected.',
      },
    ]);
  });

  /** JSON lines with an id and a `json` field read from "meta". */
  const withJsonMeta = templateOf({
    format: 'jsonl',
    headerRow: 0,
    fields: [
      { name: 'orderId', source: 'id', required: true },
      { name: 'meta', source: 'meta', type: 'json' },
    ],
  });

  it('rejects a row whose JSON value is small as text but too large as a destination item', async () => {
    const harness = createHarness();
    // 150,000 one-digit numbers: 300 KB of JSON text, over 400 KB in DynamoDB (a byte per element).
    const meta = JSON.stringify({ counts: new Array(150_000).fill(1) });
    const lines = [{ id: 'a' }, { id: 'b', meta }, { id: 'c' }].map((row) => JSON.stringify(row));
    const object = harness.objects.putObject(bucket, 'in/orders.jsonl', `${lines.join('\n')}\n`);

    const result = await importFile(
      harness.deps({ template: withJsonMeta }),
      connector,
      taskFor(object),
    );

    expect(result).toMatchObject({ status: 'partially_succeeded', rowsImported: 2 });
    expect(result.rowErrors).toMatchObject([{ row: 2, code: 'record_too_large' }]);
  });

  it('rejects a row whose JSON value holds a number the destination cannot store', async () => {
    const harness = createHarness();
    const lines = ['{"id":"a","meta":{"n":1}}', '{"id":"b","meta":{"n":[2,1e200]}}'];
    const object = harness.objects.putObject(bucket, 'in/orders.jsonl', `${lines.join('\n')}\n`);

    const result = await importFile(
      harness.deps({ template: withJsonMeta }),
      connector,
      taskFor(object),
    );

    expect(result).toMatchObject({ status: 'partially_succeeded', rowsImported: 1 });
    expect(result.rowErrors).toEqual([
      {
        row: 2,
        field: 'meta',
        code: 'invalid_json',
        message:
          'Field "meta": the JSON value holds the number 1e+200, which a record cannot store: numbers must be 0 or between 1e-130 and 1e126 in size.',
        value: '{"n":[2,1e+200]}',
      },
    ]);
  });

  it('imports a JSON array with fields read by path', async () => {
    const harness = createHarness(
      templateOf({
        format: 'json',
        headerRow: 0,
        fields: [
          { name: 'orderId', source: 'id', required: true },
          { name: 'city', source: 'customer.address.city' },
        ],
      }),
    );
    const body = JSON.stringify([{ id: 'a', customer: { address: { city: 'Oslo' } } }, 7]);
    const object = harness.objects.putObject(bucket, 'in/orders.json', body);

    const result = await importFile(harness.deps(), connector, taskFor(object));

    expect(result).toMatchObject({
      status: 'partially_succeeded',
      rowsImported: 1,
      rowsRejected: 1,
    });
    expect(harness.records.records.get('acme#order#a')?.data).toEqual({
      orderId: 'a',
      city: 'Oslo',
    });
    expect(result.rowErrors[0]).toMatchObject({ row: 2, code: 'not_an_object' });
  });

  it('rethrows a transient error and lets the retry take over at once', async () => {
    const harness = createHarness();
    const object = harness.objects.putObject(bucket, 'in/orders.csv', ordersCsv(3));
    const write = harness.records.write.bind(harness.records);
    const flaky = vi
      .spyOn(harness.records, 'write')
      .mockRejectedValueOnce(new TransientError('DynamoDB throttled the write.'));

    const failure = await importFile(harness.deps(), connector, taskFor(object)).catch(
      (error) => error,
    );
    flaky.mockImplementation(write);
    const retried = await importFile(harness.deps(), connector, taskFor(object));

    expect(failure).toBeInstanceOf(TransientError);
    expect(failure.message).toBe('DynamoDB throttled the write.');
    expect(retried).toMatchObject({ status: 'succeeded', rowsImported: 3 });
    expect(harness.results.results.size).toBe(1);
  });

  it('refuses to import a file another live invocation holds, as a transient error', async () => {
    const harness = createHarness();
    const object = harness.objects.putObject(bucket, 'in/orders.csv', ordersCsv(3));
    const fileId = fileIdOf(object.key, object.etag);
    await harness.results.put({
      ...(await importFile(harness.deps(), connector, taskFor(object))),
      status: 'in_progress',
      claimedBy: 'other',
      claimExpiresAt: '2026-12-01T10:05:00.000Z',
    });

    const error = await importFile(harness.deps(), connector, taskFor(object)).catch(
      (caught) => caught,
    );

    expect(error).toBeInstanceOf(TransientError);
    expect(error.message).toBe(
      `File ${fileId} is being imported by another invocation until 2026-12-01T10:05:00.000Z; it will be retried.`,
    );
  });
});
