import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../../lambdas/core/import/import-file';
import { bucket, connector, createHarness, ordersCsv, taskFor, templateOf } from './harness';

describe('importing files by their bytes, not their names', () => {
  it.each([
    ['a gzip file without the .gz suffix', 'in/orders.csv', true],
    ['a plain file named .gz', 'in/orders.csv.gz', false],
    ['a gzip file with the .gz suffix', 'in/orders.csv.gz', true],
  ])('imports %s', async (_name, key, isGzipped) => {
    const harness = createHarness();
    const text = ordersCsv(3);
    const body = isGzipped ? new Uint8Array(gzipSync(text)) : text;
    const object = harness.objects.putObject(bucket, key, body);

    const result = await importFile(harness.deps(), connector, taskFor(object));

    expect(result).toMatchObject({ status: 'succeeded', rowsRead: 3, rowsImported: 3 });
    expect(result.bytesRead).toBe(object.size);
    expect(harness.records.records.get('acme#order#o-3')?.data).toMatchObject({ amount: '3.5' });
  });

  it('picks JSON lines from the .ndjson extension when the template says auto', async () => {
    const template = templateOf({ format: 'auto' });
    const harness = createHarness(template);
    const lines = '{"order_id":"a","amount":"1.10"}\n{"order_id":"b","amount":2}\n';
    const object = harness.objects.putObject(bucket, 'in/orders.ndjson', lines);

    const result = await importFile(harness.deps(), connector, taskFor(object));

    expect(result).toMatchObject({ status: 'succeeded', rowsImported: 2 });
    expect(harness.records.records.get('acme#order#b')?.data).toMatchObject({ amount: '2' });
  });
});

describe('JSON rows that are not objects', () => {
  it.each([
    ['a JSON array', 'in/orders.json', '[5,"x",{"order_id":"a","amount":"1"}]', 'Element'],
    ['a JSON lines file', 'in/orders.jsonl', '5\n"x"\n{"order_id":"a","amount":"1"}\n', 'Line'],
  ])(
    'rejects them in %s with not_an_object and their value, inline and in the report',
    async (_name, key, body, unit) => {
      const harness = createHarness(templateOf({ format: 'auto' }));
      const object = harness.objects.putObject(bucket, key, body);

      const result = await importFile(harness.deps(), connector, taskFor(object));

      expect(result).toMatchObject({
        status: 'partially_succeeded',
        rowsImported: 1,
        rowsRejected: 2,
      });
      expect(result.rowErrors).toEqual([
        expect.objectContaining({ row: 1, code: 'not_an_object', value: '5' }),
        expect.objectContaining({ row: 2, code: 'not_an_object', value: 'x' }),
      ]);
      expect(result.rowErrors[0].message).toMatch(new RegExp(`^${unit} 1 `));
      const report = harness.reports.reports.get(result.errorReportKey as string)?.body ?? '';
      expect(report.split('\r\n').slice(1, 3)).toEqual([
        expect.stringMatching(/^1,,not_an_object,.*,5$/),
        expect.stringMatching(/^2,,not_an_object,.*,x$/),
      ]);
    },
  );

  it('keeps at most 200 characters of a long value that is not an object', async () => {
    const harness = createHarness(templateOf({ format: 'json' }));
    const object = harness.objects.putObject(bucket, 'in/orders.json', `["${'y'.repeat(500)}"]`);

    const result = await importFile(harness.deps(), connector, taskFor(object));

    expect(result.rowErrors[0]).toMatchObject({ code: 'not_an_object', value: 'y'.repeat(200) });
  });
});

describe('importing files without rows', () => {
  it('succeeds with zero rows for a file that holds only its header', async () => {
    const harness = createHarness();
    const object = harness.objects.putObject(bucket, 'in/orders.csv', 'order_id,amount,email\r\n');

    const result = await importFile(harness.deps(), connector, taskFor(object));

    expect(result).toMatchObject({
      status: 'succeeded',
      rowsRead: 0,
      rowsImported: 0,
      rowsRejected: 0,
    });
    expect(harness.records.records.size).toBe(0);
  });

  it.each([
    ['an empty CSV file', 'in/orders.csv', '', 'csv'],
    ['a CSV file of blank lines', 'in/orders.csv', '\r\n\r\n   \r\n', 'csv'],
    ['an empty TSV file', 'in/orders.tsv', '', 'tsv'],
    ['an empty JSON lines file', 'in/orders.jsonl', '', 'jsonl'],
    ['a JSON lines file of blank lines', 'in/orders.jsonl', '\n  \n', 'jsonl'],
  ] as const)(
    'succeeds with zero rows for %s, as exporters write on days without data',
    async (_name, key, body, format) => {
      const harness = createHarness(templateOf({ format }));
      const object = harness.objects.putObject(bucket, key, body);

      const result = await importFile(harness.deps(), connector, taskFor(object));

      expect(result).toMatchObject({ status: 'succeeded', rowsRead: 0, rowsImported: 0 });
    },
  );

  it('still fails a file whose only rows come before the header row', async () => {
    const harness = createHarness(templateOf({ headerRow: 3 }));
    const object = harness.objects.putObject(bucket, 'in/orders.csv', 'Report of orders\n\n');

    const result = await importFile(harness.deps(), connector, taskFor(object));

    expect(result).toMatchObject({ status: 'failed', reasonCode: 'invalid_header' });
  });

  it('still fails an empty JSON document as malformed', async () => {
    const harness = createHarness(templateOf({ format: 'json' }));
    const object = harness.objects.putObject(bucket, 'in/orders.json', '');

    const result = await importFile(harness.deps(), connector, taskFor(object));

    expect(result).toMatchObject({ status: 'failed', reasonCode: 'malformed_file' });
  });

  it('succeeds with zero rows for an empty JSON array', async () => {
    const harness = createHarness(templateOf({ format: 'json', headerRow: 0 }));
    const object = harness.objects.putObject(bucket, 'in/orders.json', '[]');

    const result = await importFile(harness.deps(), connector, taskFor(object));

    expect(result).toMatchObject({ status: 'succeeded', rowsRead: 0, rowsImported: 0 });
  });
});

describe('files failed by a reason that will not change', () => {
  it('fails the file with record_too_large and the row number of an unclosed quote', async () => {
    const harness = createHarness();
    const body = `order_id,amount,email\no-1,1.00,a@example.com\n"o-2,${'x'.repeat(5_000)}`;
    const object = harness.objects.putObject(bucket, 'in/orders.csv', body);
    const deps = harness.deps({ limits: { maxFileBytes: 1024 ** 3, maxRecordBytes: 1_000 } });

    const result = await importFile(deps, connector, taskFor(object));

    expect(result).toMatchObject({ status: 'failed', reasonCode: 'record_too_large' });
    expect(result.reasonMessage).toContain(
      'Row 3 is larger than the record limit of 1,000 bytes, which fails the file',
    );
    expect(harness.continuation.sent).toEqual([]);
  });

  it('fails the file with invalid_encoding and the byte offset of the first bad byte', async () => {
    const harness = createHarness();
    const bytes = new Uint8Array([
      ...new TextEncoder().encode('order_id,amount\no-1,'),
      0xe9,
      ...new TextEncoder().encode('\n'),
    ]);
    const object = harness.objects.putObject(bucket, 'in/orders.csv', bytes);

    const result = await importFile(harness.deps(), connector, taskFor(object));

    expect(result).toMatchObject({ status: 'failed', reasonCode: 'invalid_encoding' });
    expect(result.reasonMessage).toContain('invalid bytes at byte offset 20.');
  });

  it('fails the file with malformed_file and a position for broken JSON', async () => {
    const harness = createHarness(templateOf({ format: 'json', headerRow: 0 }));
    const object = harness.objects.putObject(bucket, 'in/orders.json', '[{"order_id": "a",}]');

    const result = await importFile(harness.deps(), connector, taskFor(object));

    expect(result).toMatchObject({ status: 'failed', reasonCode: 'malformed_file' });
    expect(result.reasonMessage).toMatch(/^The JSON document is malformed at position \d+: /);
  });

  it('fails the file with invalid_header naming a column used twice', async () => {
    const harness = createHarness();
    const object = harness.objects.putObject(bucket, 'in/orders.csv', 'order_id,amount,amount\n');

    const result = await importFile(harness.deps(), connector, taskFor(object));

    expect(result).toMatchObject({ status: 'failed', reasonCode: 'invalid_header' });
    expect(result.reasonMessage).toContain('"amount" more than once');
  });
});
