import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Output } from '../../../lambdas/cli/output';
import { runTemplateTry, runTemplateValidate } from '../../../lambdas/cli/template-commands';
import { importFile } from '../../../lambdas/core/import/import-file';
import type { ImportResult } from '../../../lambdas/core/model';
import { bucket, connector, createHarness, taskFor, templateOf } from '../import/harness';
import { serviceHarness } from './service-harness';

const template = templateOf({
  format: 'auto',
  fields: [
    { name: 'orderId', source: 'order_id', required: true },
    { name: 'note', source: 'note' },
  ],
});
const { version: _version, createdAt: _createdAt, ...templateInput } = template;

/** `templates try` with a template file on a sample, as printed, with the importer's real limits. */
async function tryFile(work: string, name: string, content: string) {
  const templateFile = join(work, 'template.json');
  const sample = join(work, name);
  await writeFile(templateFile, JSON.stringify(templateInput));
  await writeFile(sample, content);
  const { deps } = serviceHarness();
  const lines: string[] = [];
  const output: Output = { json: false, line: (text = '') => lines.push(text), data: () => {} };
  const code = await runTemplateTry(
    { ...deps, limits: { maxFileBytes: 1024 ** 3, maxRecordBytes: 1024 * 1024 } },
    templateFile,
    sample,
    output,
  );
  return { code, text: lines.join('\n') };
}

async function importContent(name: string, content: string): Promise<ImportResult> {
  const harness = createHarness(template);
  const object = harness.objects.putObject(bucket, `in/${name}`, content);
  return importFile(harness.deps(), connector, taskFor(object));
}

describe('templates try gives the importer’s outcome', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 's3-import-try-'));
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('rejects a row whose record exceeds the destination item limit, as the import does', async () => {
    const csv = `order_id,note\no-1,short\no-2,${'x'.repeat(500_000)}\no-3,\n`;

    const tried = await tryFile(work, 'big.csv', csv);
    const imported = await importContent('big.csv', csv);

    expect(imported).toMatchObject({ rowsRead: 3, rowsImported: 2, rowsRejected: 1 });
    expect(tried.code).toBe(0);
    expect(tried.text).toContain('3 rows read, 2 records, 0 ignored, 1 rejected');
    expect(tried.text).toMatch(
      /3\s+record_too_large\s+The record of row 3 is larger than the destination item limit of 405,504 bytes; the row is rejected\./,
    );
  });

  it('counts the rows before a record over the record limit that fails the file, as the import does', async () => {
    const csv = `order_id,note\no-1,a\no-2,"${'x'.repeat(3_000_000)}\n`;

    const tried = await tryFile(work, 'line.csv', csv);
    const imported = await importContent('line.csv', csv);

    expect(imported).toMatchObject({
      status: 'failed',
      reasonCode: 'record_too_large',
      rowsRead: 1,
      rowsImported: 1,
    });
    expect(tried.code).toBe(1);
    expect(tried.text).toContain('1 row read, 1 record, 0 ignored, 0 rejected');
    expect(tried.text).toContain(
      'The importer would fail this file (record_too_large): Row 3 is larger than the record limit of 1,048,576 bytes, which fails the file;',
    );
    expect(tried.text).toContain('row 2 [o-1]: {"orderId":"o-1","note":"a"}');
  });

  it('counts the elements before a trailing comma in a JSON array, as the import does', async () => {
    const json = '[{"order_id":"o-1"},{"order_id":"o-2"},]';

    const tried = await tryFile(work, 'orders.json', json);
    const imported = await importContent('orders.json', json);

    expect(imported).toMatchObject({
      status: 'failed',
      reasonCode: 'malformed_file',
      rowsRead: 2,
      rowsImported: 2,
    });
    expect(tried.code).toBe(1);
    expect(tried.text).toContain('2 rows read, 2 records, 0 ignored, 0 rejected');
    expect(tried.text).toContain('The importer would fail this file (malformed_file):');
  });

  it('counts the lines before an over-long JSON line, as the import does', async () => {
    const lines = `{"order_id":"o-1"}\n{"order_id":"o-2","note":"${'x'.repeat(2_000_000)}"}\n`;

    const tried = await tryFile(work, 'orders.jsonl', lines);
    const imported = await importContent('orders.jsonl', lines);

    expect(imported).toMatchObject({ reasonCode: 'record_too_large', rowsRead: 1 });
    expect(tried.text).toContain('1 row read, 1 record, 0 ignored, 0 rejected');
  });
});

describe('templates try on a header that does not match the template', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 's3-import-try-'));
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('suggests the found column that differs from a missing one only in case', async () => {
    const csv = 'ORDER_ID,note\no-1,a\n';

    const tried = await tryFile(work, 'upper.csv', csv);
    const imported = await importContent('upper.csv', csv);

    const message =
      'The file lacks the required columns "order_id". Expected columns: "order_id", "note"; found: "ORDER_ID", "note". Did you mean "ORDER_ID"? Header names match exactly, case included.';
    expect(imported).toMatchObject({ reasonCode: 'missing_columns', reasonMessage: message });
    expect(tried.code).toBe(1);
    expect(tried.text).toContain(`The importer would fail this file (missing_columns): ${message}`);
  });

  it('warns of an optional column the header lacks, while the file imports without it', async () => {
    const csv = 'order_id,comment\no-1,a\n';

    const tried = await tryFile(work, 'other.csv', csv);
    const imported = await importContent('other.csv', csv);

    expect(imported).toMatchObject({ status: 'succeeded', rowsImported: 1 });
    expect(tried.code).toBe(0);
    expect(tried.text.split('\n').slice(0, 2)).toEqual([
      'Template orders (not saved) on other.csv (csv): 1 row read, 1 record, 0 ignored, 0 rejected',
      'Warning: The header lacks the column "note" the template reads; a field reading it takes its default in every record, or without a default is left out.',
    ]);
  });
});

describe('templates validate', () => {
  it('says a quote in the delimiter is the delimiter’s problem, not an escape the file never set', async () => {
    const work = await mkdtemp(join(tmpdir(), 's3-import-validate-'));
    const file = join(work, 'template.json');
    await writeFile(file, JSON.stringify({ ...templateInput, csv: { delimiter: '"' } }));
    const lines: string[] = [];
    const output: Output = { json: false, line: (text = '') => lines.push(text), data: () => {} };

    const code = await runTemplateValidate(file, output);
    await rm(work, { recursive: true, force: true });

    expect(code).toBe(2);
    expect(lines).toEqual([
      `${file}: 1 problem:`,
      '  csv.delimiter: must not contain the quote character',
    ]);
  });
});
