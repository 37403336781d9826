import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localS3Client } from '../../lambdas/adapters/aws-clients';
import { createRuntime, type Runtime } from '../../lambdas/adapters/runtime';
import { connectLocalDeployment } from '../../lambdas/local/provision';
import { type CliAnswer, type RunningDeployment, runCli, startDeployment } from '../fixtures/cli';

const ordersTemplate = {
  templateId: 'orders',
  name: 'Orders',
  recordType: 'order',
  fields: [
    { name: 'orderId', source: 'payment_id', required: true },
    { name: 'amount', source: 'amount', type: 'decimal', required: true },
  ],
  primaryKey: ['orderId'],
};

describe('the connector lifecycle through the s3-import command', () => {
  let deployment: RunningDeployment;
  let ports: string[];
  let runtime: Runtime;
  let work: string;
  /** The id of Acme once deleted, whose import results are kept. */
  let deletedId: string;

  /** Runs the command as a user would, against this file's deployment unless `local` is false. */
  async function s3Import(
    args: string[],
    target: 'deployment' | 'none' = 'deployment',
  ): Promise<CliAnswer> {
    return runCli([...args, ...(target === 'deployment' ? ports : [])]);
  }

  async function json<T = unknown>(args: string[]): Promise<T> {
    const answer = await s3Import([...args, '--json']);
    return JSON.parse(answer.stdout) as T;
  }

  async function file(name: string, content: unknown): Promise<string> {
    const path = join(work, name);
    await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  }

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 's3-import-cli-'));
    deployment = await startDeployment();
    ports = deployment.portOptions;
    const { s3Port, dynamoDbPort } = deployment;
    const loopback = 'http://127.0.0.1';
    const config = await connectLocalDeployment({
      s3: `${loopback}:${s3Port}`,
      sqs: `${loopback}:${s3Port}`,
      dynamodb: `${loopback}:${dynamoDbPort}`,
    });
    runtime = createRuntime(config);
  });

  afterAll(async () => {
    runtime?.destroy();
    deployment?.stop();
    await rm(work, { recursive: true, force: true });
  });

  it('lists every problem of a template file alike in validate, create and try, in plain words, then saves a good one', async () => {
    const bad = await file('bad.json', {
      ...ordersTemplate,
      recordType: 'has spaces',
      fields: [{ name: 'x', source: 'x', type: 'money' }],
    });
    const good = await file('orders.json', ordersTemplate);

    const invalid = await s3Import(['templates', 'validate', '--file', bad], 'none');
    const refused = await s3Import(['templates', 'create', '--file', bad]);
    const sample = await file('any.csv', 'payment_id,amount\np-1,1\n');
    const untried = await s3Import(['templates', 'try', bad, '--file', sample]);
    const csvBad = await file('csv-bad.json', {
      ...ordersTemplate,
      headerRow: -1,
      csv: { quote: '""', encoding: 'klingon' },
    });
    const csvProblems = await s3Import(['templates', 'validate', '--file', csvBad], 'none');
    const broken = await file(
      'broken.json',
      '{\n  "templateId": "orders",\n  "name" "Orders"\n}\n',
    );
    const notJson = await s3Import(['templates', 'validate', '--file', broken], 'none');
    const absent = join(work, 'no-such-template.json');
    const missing = await s3Import(['templates', 'validate', '--file', absent], 'none');
    const created = await s3Import(['templates', 'create', '--file', good]);
    const shown = await json<{ version: number; fields: unknown[] }>([
      'templates',
      'show',
      'orders',
    ]);

    expect(invalid.code).toBe(2);
    expect(invalid.stdout).toContain('3 problems:');
    expect(invalid.stdout).toContain(
      '  primaryKey[0]: "orderId" is not a field of this template; fields: x',
    );
    expect(invalid.stdout).toContain('  recordType: must be 1 to 128 letters');
    expect(invalid.stdout).toContain('  fields[0].type: unknown type "money"');
    for (const other of [refused, untried]) {
      expect(other.code).toBe(2);
      expect(other.stderr).toBe(invalid.stdout);
    }
    expect(csvProblems.stdout.split('\n').slice(1, 4)).toEqual([
      '  headerRow: must be 0 or more',
      '  csv.quote: must be exactly 1 character',
      expect.stringMatching(/^ {2}csv\.encoding: unknown encoding "klingon"/),
    ]);
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toContain(`Template file "${broken}" is not JSON: line 3, column 10: `);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(
      `Cannot read template file "${absent}": there is no such file.`,
    );
    expect(created).toMatchObject({ code: 0 });
    expect(created.stdout).toContain(
      'Saved template "orders" version 1 (2 fields, record type order).',
    );
    expect(shown).toMatchObject({ version: 1, fields: [{ name: 'orderId' }, { name: 'amount' }] });
  });

  it('tries a stored template and a template file on a local sample, with row errors', async () => {
    const sample = await file('sample.csv', 'payment_id,amount\np-1,10.50\np-2,ten\n,3\n');
    const draft = await file('draft.json', { ...ordersTemplate, templateId: 'draft' });

    const stored = await s3Import(['templates', 'try', 'orders', '--file', sample]);
    const unsaved = await json<{ templateId: string; rowsImported: number }>([
      'templates',
      'try',
      draft,
      '--file',
      sample,
    ]);

    expect(stored.code).toBe(0);
    expect(stored.stdout).toContain(
      'Template orders v1 on sample.csv (csv): 3 rows read, 1 record, 0 ignored, 2 rejected',
    );
    expect(stored.stdout).toContain('row 2 [p-1]: {"orderId":"p-1","amount":"10.5"}');
    expect(stored.stdout).toMatch(/3\s+amount\s+invalid_decimal/);
    expect(stored.stdout).toMatch(/4\s+orderId\s+required/);
    expect(unsaved).toMatchObject({ templateId: 'draft', rowsImported: 1 });
  });

  it('refuses connector settings that cannot work, naming each one, with exit 2', async () => {
    const invalid = await s3Import([
      'connectors',
      'create',
      '--name',
      'Acme',
      '--account-id',
      '1234',
      '--bucket',
      'Bad_Bucket',
      '--region',
      'mars-1',
      '--template',
      'orders',
    ]);
    const duplicate = await s3Import([
      'connectors',
      'create',
      '--name',
      'DEMO-payments',
      '--account-id',
      '123456789012',
      '--bucket',
      'acme-exports',
      '--region',
      'eu-west-1',
      '--template',
      'orders',
    ]);
    const noTemplate = await s3Import([
      'connectors',
      'create',
      '--name',
      'Acme',
      '--account-id',
      '123456789012',
      '--bucket',
      'acme-exports',
      '--region',
      'eu-west-1',
      '--template',
      'nope',
    ]);

    expect([invalid.code, duplicate.code, noTemplate.code]).toEqual([2, 2, 2]);
    expect(invalid.stderr).toContain('accountId: must be the 12-digit AWS account ID');
    expect(invalid.stderr).toContain('bucket: bucket "Bad_Bucket" may hold only lowercase letters');
    expect(invalid.stderr).toContain(
      'region: "mars-1" is not an AWS region code (for example eu-west-1)',
    );
    expect(duplicate.stderr).toContain('A connector named "demo-payments" already exists');
    expect(noTemplate.stderr).toContain(
      'error (template_not_found): Template "nope" does not exist',
    );
  });

  it('creates a pending connector and prints the role name and both policies', async () => {
    const { code, stdout } = await s3Import([
      'connectors',
      'create',
      '--name',
      'Acme',
      '--account-id',
      '123456789012',
      '--bucket',
      'acme-missing',
      '--region',
      'eu-west-1',
      '--folder',
      'payments',
      '--template',
      'orders',
    ]);
    const onboarding = await json<{ roleName: string; externalId: string }>([
      'connectors',
      'policy',
      'acme',
    ]);

    expect(code).toBe(0);
    expect(stdout).toMatch(/^Created connector "Acme" \([0-9a-f]{16}\), status pending\./);
    expect(stdout).toContain(`1. Role name: ${onboarding.roleName}`);
    expect(stdout).toContain('"s3:prefix": [\n            "payments/*"');
    expect(stdout).toContain('"Resource": "arn:aws:s3:::acme-missing/payments/*"');
    expect(stdout).toContain('"arn:aws:iam::000000000000:role/s3-import-local-lister"');
    expect(stdout).toContain(`"sts:ExternalId": "${onboarding.externalId}"`);
    expect(stdout).toMatch(
      new RegExp(`\nThen run: s3-import connectors verify "Acme" ${ports.join(' ')}\n$`),
    );
  });

  it('fails verification of a bucket that does not exist at the list step, shown first in status', async () => {
    const verify = await s3Import(['connectors', 'verify', 'Acme']);
    const [first] = await json<{ name: string; status: string; fix: string }[]>(['status']);
    const shown = await s3Import(['connectors', 'show', 'Acme']);
    const listed = await json<{ name: string; displayStatus: string }[]>(['connectors', 'list']);

    expect(verify.code).toBe(1);
    expect(verify.stdout).toContain(
      'Verification failed at step "list folder" (bucket_not_found): Bucket "acme-missing" does not exist',
    );
    expect(verify.stdout).toContain('The connector stays pending.');
    expect(first).toMatchObject({
      name: 'Acme',
      status: 'error',
      fix: expect.stringContaining('"s3-import connectors update Acme --bucket NAME"'),
    });
    expect(shown.stdout).toMatch(/^Status: +error \(lifecycle: pending\)$/m);
    expect(listed.find((connector) => connector.name === 'Acme')?.displayStatus).toBe('error');
  });

  it('asks before a new baseline, then is fixed by update and reauthenticate', async () => {
    const refused = await s3Import([
      'connectors',
      'update',
      'Acme',
      '--bucket',
      'demo-customer-bucket',
    ]);
    const updated = await s3Import([
      'connectors',
      'update',
      'Acme',
      '--bucket',
      'demo-customer-bucket',
      '--yes',
    ]);
    const verified = await s3Import(['connectors', 'reauthenticate', 'Acme']);

    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      'starts a new discovery baseline: its sync state and ledger are cleared',
    );
    expect(refused.stderr).toContain('Run the command again with --yes to confirm.');
    expect(updated.code).toBe(0);
    expect(updated.stdout).toContain('Connector "Acme" updated (bucket).');
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(
      /payments\/2026\/11\/payments\.csv\s+16\.2 KiB\s+\S+\s+csv\s+yes/,
    );
    expect(verified.stdout).toMatch(
      /payments\/README\.pdf\s+58 B\s+\S+\s+-\s+no: unsupported format/,
    );
    expect(verified.stdout).toContain('row 6 amount: invalid_decimal');
    expect(verified.stdout).toContain('Verified: "Acme" is active. Its first sync is queued');
  });

  it('imports a failed file again after its template is fixed: a failure is not sticky', async () => {
    const s3 = localS3Client(runtime.config.local as NonNullable<Runtime['config']['local']>);
    await s3.send(
      new PutObjectCommand({
        Bucket: 'demo-customer-bucket',
        Key: 'payments/2026/12/no-amount.csv',
        Body: 'payment_id\nx-1\nx-2\n',
      }),
    );
    s3.destroy();

    const first = await json<{ imports: { key: string; status: string; reasonCode?: string }[] }>([
      'sync',
      '--connector',
      'Acme',
      '--import',
    ]);
    const shown = await s3Import(['imports', 'show', 'Acme:payments/2026/12/no-amount.csv']);
    await s3Import([
      'templates',
      'create',
      '--file',
      await file('orders-v2.json', {
        ...ordersTemplate,
        fields: [ordersTemplate.fields[0], { ...ordersTemplate.fields[1], required: false }],
      }),
    ]);
    const retried = await s3Import(['imports', 'retry', 'Acme:payments/2026/12/no-amount.csv']);
    const second = await json<{ imports: { key: string; status: string; rowsImported: number }[] }>(
      ['sync', '--connector', 'Acme', '--import'],
    );

    expect(first.imports.find((result) => result.key.endsWith('no-amount.csv'))).toMatchObject({
      status: 'failed',
      reasonCode: 'missing_columns',
    });
    expect(
      first.imports
        .filter((result) => ['succeeded', 'partially_succeeded'].includes(result.status))
        .map((result) => result.key),
    ).toEqual([
      'payments/2026/11/payments.csv',
      'payments/2026/11/payments.json',
      'payments/2026/11/payments.jsonl',
      'payments/2026/11/payments.tsv',
    ]);
    expect(shown.stdout).toMatch(
      /Reason:\s+missing_columns: The file lacks the required columns "amount"/,
    );
    expect(retried.stdout).toContain(
      'Queued s3://demo-customer-bucket/payments/2026/12/no-amount.csv again',
    );
    expect(second.imports).toEqual([
      expect.objectContaining({
        key: 'payments/2026/12/no-amount.csv',
        status: 'succeeded',
        rowsImported: 2,
      }),
    ]);
  });

  it('deletes a template in use only with --force, shows that in status with the fix, and recovers after update', async () => {
    const refused = await s3Import(['templates', 'delete', 'orders', '--yes']);
    const deleted = await s3Import(['templates', 'delete', 'orders', '--force', '--yes']);

    const failed = await s3Import(['sync', '--connector', 'Acme']);
    const broken = await json<
      { name: string; status: string; lastError: { code: string }; fix: string }[]
    >(['status']);
    const updated = await s3Import(['connectors', 'update', 'Acme', '--template', 'demo-payments']);
    const fixed = await s3Import(['sync', '--connector', 'Acme']);
    const table = await s3Import(['status']);

    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      'error (conflict): Template "orders" is used by connector "Acme"; give it another template first',
    );
    expect(deleted.stdout).toBe('Deleted template "orders" (2 versions).\n');
    expect(failed.code).toBe(1);
    expect(failed.stdout).not.toContain('Queued files are imported');
    expect(failed.stdout).toMatch(
      /Acme\s+failed\s+template_not_found: Connector "Acme" uses template "orders", which does not exist\. Choose an existing template with "s3-import connectors update Acme --template ID"/,
    );
    expect(broken[0]).toMatchObject({
      name: 'Acme',
      status: 'error',
      lastError: { code: 'template_not_found' },
      fix: expect.stringContaining('"s3-import connectors update Acme --template ID"'),
    });
    expect(updated.stdout).toContain(
      'files already imported keep their records (to import them again with it: "s3-import connectors update Acme --reimport").',
    );
    expect(fixed.code).toBe(0);
    expect(table.stdout).toMatch(/^NAME\s+STATUS\s+LAST SYNC\s+LAST SUCCESS\s+LAST SYNC COUNTS/);
    expect(table.stdout).toMatch(
      /\nAcme\s+active\s+\S+\s+\S+\s+6 listed, 0 queued\s+5\/0\s+498\/4\s+0\s/,
    );
  });

  it('accepts an empty folder with a note and warns in status after its sync', async () => {
    await s3Import([
      'connectors',
      'create',
      '--name',
      'Empty',
      '--account-id',
      '123456789012',
      '--bucket',
      'demo-customer-bucket',
      '--region',
      'us-east-1',
      '--folder',
      'nothing-here',
      '--template',
      'demo-payments',
    ]);

    const verified = await s3Import(['connectors', 'verify', 'Empty']);
    await s3Import(['sync', '--connector', 'Empty']);
    const rows = await json<{ name: string; warning?: string }[]>(['status']);

    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain(
      'note  The folder s3://demo-customer-bucket/nothing-here/ has no files yet',
    );
    expect(rows.find((row) => row.name === 'Empty')?.warning).toBe(
      'no files in s3://demo-customer-bucket/nothing-here/',
    );
  });

  it('pauses, resumes and rotates the external ID of a connector', async () => {
    const before = await json<{ externalId: string }>(['connectors', 'show', 'Empty']);

    const paused = await s3Import(['connectors', 'pause', 'Empty']);
    const pausedSync = await s3Import(['sync', '--connector', 'Empty']);
    const resumed = await json<{ status: string }>(['connectors', 'resume', 'Empty']);
    const rotated = await s3Import([
      'connectors',
      'reauthenticate',
      'Empty',
      '--rotate-external-id',
    ]);
    const after = await json<{ externalId: string; status: string }>([
      'connectors',
      'show',
      'Empty',
    ]);

    expect(paused.stdout).toContain(
      'Paused "Empty": no syncs until "s3-import connectors resume Empty".',
    );
    expect(pausedSync.code).toBe(2);
    expect(pausedSync.stdout).toBe('');
    expect(pausedSync.stderr).toBe(
      'error (invalid_input): Connector "Empty" is paused; only active connectors sync. Resume it with "s3-import connectors resume Empty".\n',
    );
    expect(resumed.status).toBe('active');
    expect(after.externalId).not.toBe(before.externalId);
    expect(rotated.stdout).toContain(
      'New external ID for "Empty": the old trust policy no longer works.',
    );
    expect(rotated.stdout).toContain(`"sts:ExternalId": "${after.externalId}"`);
    expect(rotated.stdout).toContain('Verified: "Empty" is active. A sync is queued');
    expect(after.status).toBe('active');
  });

  it('deletes only after confirmation, purging the records when asked', async () => {
    const imports = await json<{ rowsImported: number; status: string }[]>([
      'imports',
      'list',
      '--connector',
      'Acme',
      '--limit',
      '100',
    ]);
    const imported = imports.reduce((sum, result) => sum + result.rowsImported, 0);
    deletedId = (await json<{ connectorId: string }>(['connectors', 'show', 'Acme'])).connectorId;

    const unconfirmed = await s3Import(['connectors', 'delete', 'Empty']);
    const deleted = await s3Import(['connectors', 'delete', 'Acme', '--purge-records', '--yes']);
    const remaining = await json<{ name: string }[]>(['connectors', 'list']);

    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain(
      'Deleting "Empty" stops its syncs and removes its settings, sync state, ledger and health; its imported records and import results are kept. Run the command again with --yes to confirm.',
    );
    expect(deleted.stdout).toBe(
      `Deleting "Acme" and purging its records...\nDeleted "Acme" and ${imported} records.\n`,
    );
    expect(remaining.map((connector) => connector.name)).toEqual(['demo-payments', 'Empty']);
  });

  it("lists and shows a deleted connector's kept import results by its id", async () => {
    const kept = await s3Import(['imports', 'list', '--connector', deletedId]);
    const shown = await s3Import(['imports', 'show', `${deletedId}:payments/2026/11/payments.csv`]);

    expect(kept.code).toBe(0);
    expect(kept.stdout).toMatch(
      new RegExp(
        `\\n\\S+\\s+${deletedId} \\(deleted\\)\\s+\\S+\\s+payments/2026/11/payments\\.csv`,
      ),
    );
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(
      'File:         s3://demo-customer-bucket/payments/2026/11/payments.csv',
    );
  });

  it('imports the files already imported again with the current template on --reimport alone, as the hint says', async () => {
    const reimported = await s3Import([
      'connectors',
      'update',
      'demo-payments',
      '--reimport',
      '--yes',
    ]);
    const drained = await json<{ imports: { key: string; templateId: string }[] }>([
      'sync',
      '--connector',
      'demo-payments',
      '--import',
    ]);

    expect(reimported.code).toBe(0);
    expect(reimported.stdout).toMatch(
      /^Connector "demo-payments": \d+ files already imported are queued to be imported again with its template "demo-payments"\.\n$/,
    );
    expect(drained.imports.map((result) => result.key)).toContain('payments/2026/11/payments.csv');
    expect(new Set(drained.imports.map((result) => result.templateId))).toEqual(
      new Set(['demo-payments']),
    );
  });
  it('says when the files a sync queued were imported before, and lists the files it skipped as unsupported', async () => {
    const narrow = ['connectors', 'update', 'demo-payments', '--folder', 'payments/2026', '--yes'];
    await s3Import(narrow);
    await s3Import(['connectors', 'verify', 'demo-payments']);
    const again = await s3Import(['sync', '--connector', 'demo-payments', '--import']);
    await s3Import(['connectors', 'update', 'demo-payments', '--folder', 'payments', '--yes']);
    await s3Import(['connectors', 'verify', 'demo-payments']);
    const widened = await s3Import(['sync', '--connector', 'demo-payments', '--import']);

    expect(again.code).toBe(0);
    expect(again.stdout).toContain('queued 5,');
    expect(again.stdout).toContain(
      'No file was imported.\n5 queued files were already imported with the same content (same key and ETag), so not imported again; "s3-import imports list" shows the earlier results, and "s3-import connectors update demo-payments --reimport" imports them again.\n',
    );
    expect(widened.stdout).toContain('queued 5, too large 0, unsupported 1,');
    expect(widened.stdout).toContain('5 queued files were already imported');
    expect(widened.stdout).toContain(
      '1 file the sync did not queue (unsupported or too large) was recorded by an earlier sync; "s3-import imports list --status skipped" (or failed) shows them.',
    );
  });

  it('lists the files a first sync skipped as unsupported in its import table, as the cycle report does', async () => {
    await s3Import([
      'connectors',
      'create',
      '--name',
      'Fresh',
      '--account-id',
      '123456789012',
      '--bucket',
      'demo-customer-bucket',
      '--region',
      'us-east-1',
      '--folder',
      'payments',
      '--template',
      'demo-payments',
    ]);
    await s3Import(['connectors', 'verify', 'Fresh']);

    const synced = await s3Import(['sync', '--connector', 'Fresh', '--import']);

    expect(synced.stdout).toContain('unsupported 1,');
    expect(synced.stdout).toMatch(
      /\nskipped\s+payments\/README\.pdf\s+0\s+0\s+0\s+unsupported_format\n/,
    );
    expect(synced.stdout).toMatch(/partially_succeeded\s+payments\/2026\/11\/payments\.csv\s+200/);
    expect(synced.stdout).not.toContain('already imported');
  });
});
