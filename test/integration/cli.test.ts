import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freePort,
  type RunningDeployment,
  runCli,
  runCliIntoClosedPipe,
  startDeployment,
  startJsonLines,
} from '../fixtures/cli';

const s3Import = runCli;

describe('s3-import start --once', () => {
  it('imports the demo files, reports the bad rows with row numbers and exits 0', async () => {
    const { code, stdout } = await s3Import([
      'start',
      '--once',
      '--json',
      '--s3-port',
      '0',
      '--dynamodb-port',
      '0',
    ]);

    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.endpoints.s3).toBe(`http://127.0.0.1:${report.s3Port}`);
    expect(report.endpoints.dynamodb).toBe(`http://127.0.0.1:${report.dynamoDbPort}`);
    expect(report.portOptions).toEqual([
      '--s3-port',
      String(report.s3Port),
      '--dynamodb-port',
      String(report.dynamoDbPort),
    ]);
    expect(report.totals).toEqual({
      filesImported: 4,
      filesFailed: 0,
      filesSkipped: 1,
      rowsImported: 492,
      rowsRejected: 8,
    });
    const imports = report.connectors[0].imports;
    const csv = imports.find((result: { key: string }) => result.key.endsWith('payments.csv'));
    expect(
      csv.rowErrors.map((error: { row: number; field: string; code: string }) => [
        error.row,
        error.field,
        error.code,
      ]),
    ).toEqual([
      [6, 'amount', 'invalid_decimal'],
      [19, 'customerEmail', 'invalid_email'],
      [43, 'currency', 'invalid_currency'],
      [65, 'paymentId', 'required'],
      [90, 'createdAt', 'invalid_date'],
    ]);
    const pdf = imports.find((result: { key: string }) => result.key.endsWith('README.pdf'));
    expect(pdf).toMatchObject({ status: 'skipped', reasonCode: 'unsupported_format' });
  });

  it('prints a readable summary without --json', async () => {
    const { code, stdout } = await s3Import([
      'start',
      '--once',
      '--s3-port',
      '0',
      '--dynamodb-port',
      '0',
    ]);

    expect(code).toBe(0);
    expect(stdout).toContain('Demo: 5 files in s3://demo-customer-bucket/payments/');
    expect(stdout).toMatch(
      /partially_succeeded\s+payments\/2026\/11\/payments\.csv\s+200\s+195\s+5/,
    );
    expect(stdout).toContain(
      'Total: 4 files imported, 0 failed, 1 skipped; 492 rows imported, 8 rejected',
    );
  });

  it('prints JSON lines when it keeps running: the endpoints first, then one line per cycle', async () => {
    const running = await startJsonLines(
      ['--interval', '60', '--s3-port', '0', '--dynamodb-port', '0'],
      2,
    );

    const [started, cycle] = running.lines;
    const listed = await s3Import([
      'connectors',
      'list',
      '--json',
      ...(started.portOptions as string[]),
    ]);
    running.stop();

    expect(started).toMatchObject({
      type: 'started',
      endpoints: { s3: `http://127.0.0.1:${started.s3Port}` },
      demo: { connector: 'demo-payments' },
    });
    expect(cycle).toMatchObject({ type: 'cycle', totals: { filesImported: 4 } });
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout).map((item: { name: string }) => item.name)).toEqual([
      'demo-payments',
    ]);
  });

  it('says which port is taken and how to choose another, with exit 1', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };

    const answer = await s3Import([
      'start',
      '--once',
      '--s3-port',
      '0',
      '--dynamodb-port',
      String(port),
    ]);
    await new Promise((resolve) => taken.close(resolve));

    expect(answer.code).toBe(1);
    expect(answer.stderr).toBe(
      `error (port_in_use): Port ${port} (DynamoDB) on 127.0.0.1 is already in use, perhaps by another "s3-import start". Stop that one, or start this one on other ports with --dynamodb-port N (0 picks a free port); other commands then need the same options.\n`,
    );
  });

  it('names both ports when both are taken', async () => {
    const taken = [createServer(), createServer()];
    for (const server of taken) {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    }
    const [s3Port, dynamoPort] = taken.map((server) => (server.address() as { port: number }).port);

    const answer = await s3Import([
      'start',
      '--once',
      '--s3-port',
      String(s3Port),
      '--dynamodb-port',
      String(dynamoPort),
    ]);
    for (const server of taken) await new Promise((resolve) => server.close(resolve));

    expect(answer.code).toBe(1);
    expect(answer.stderr).toBe(
      `error (port_in_use): Ports ${dynamoPort} (DynamoDB) and ${s3Port} (S3 and SQS) on 127.0.0.1 are already in use, perhaps by another "s3-import start". Stop that one, or start this one on other ports with --s3-port N --dynamodb-port N (0 picks a free port); other commands then need the same options.\n`,
    );
  });

  it('rejects an unknown option with exit code 2 in the error form, with a usage hint', async () => {
    const { code, stderr } = await s3Import(['start', '--onse']);

    expect(code).toBe(2);
    expect(stderr).toBe(
      `error (invalid_input): Unknown option '--onse' (Did you mean --once?) Usage: s3-import start [options]; "s3-import start --help" lists the options.\n`,
    );
  });
});

describe('usage errors of the command line', () => {
  it('reports a missing required option, an unknown command and a refused value as invalid_input, exit 2', async () => {
    const missing = await s3Import(['templates', 'create']);
    const unknown = await s3Import(['bogus']);
    const interval = await s3Import(['start', '--interval', '0']);

    expect([missing.code, unknown.code, interval.code]).toEqual([2, 2, 2]);
    expect(missing.stderr).toBe(
      `error (invalid_input): Required option '--file <path>' not specified. Usage: s3-import templates create [options]; "s3-import templates create --help" lists the options.\n`,
    );
    expect(unknown.stderr).toBe(
      `error (invalid_input): Unknown command 'bogus'. Usage: s3-import [options] [command]; "s3-import --help" lists the commands.\n`,
    );
    expect(interval.stderr).toContain(
      "error (invalid_input): Option '--interval <minutes>' argument '0' is invalid: must be a positive number.",
    );
    expect(interval.stdout).toBe('');
  });

  it('answers a usage error as JSON on stdout with --json', async () => {
    const { code, stdout, stderr } = await s3Import([
      'imports',
      'list',
      '--limit',
      'abc',
      '--json',
    ]);

    expect(code).toBe(2);
    expect(stderr).toBe('');
    expect(JSON.parse(stdout)).toEqual({
      error: {
        code: 'invalid_input',
        message:
          "Option '--limit <n>' argument 'abc' is invalid: must be a positive number. Usage: s3-import imports list [options]; \"s3-import imports list --help\" lists the options.",
      },
    });
  });

  it('prints its version with --version', async () => {
    const { code, stdout } = await s3Import(['--version']);

    expect(code).toBe(0);
    expect(stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

describe('output piped into a reader that stops early', () => {
  it('exits quietly, with no stack trace, when the pipe closes (s3-import ... | head)', async () => {
    const work = await mkdtemp(join(tmpdir(), 's3-import-pipe-'));
    const file = join(work, 'many-problems.json');
    const fields = Array.from({ length: 500 }, (_, index) => ({
      name: `f${index}`,
      source: 's'.repeat(200),
      type: 'money'.repeat(50),
    }));
    await writeFile(file, JSON.stringify({ templateId: 't', name: 'n', recordType: 'r', fields }));

    const answer = await runCliIntoClosedPipe(['templates', 'validate', '--file', file]);
    await rm(work, { recursive: true, force: true });

    expect(answer.stdout).toContain('500 problems:');
    expect(answer.stderr).toBe('');
    expect([0, 2]).toContain(answer.code);
  });
});

describe('commands against a running local deployment', () => {
  let deployment: RunningDeployment;
  let ports: string[];

  beforeAll(async () => {
    deployment = await startDeployment();
    ports = deployment.portOptions;
  });

  afterAll(() => {
    deployment?.stop();
  });

  it('lists the demo connector as active after its sync', async () => {
    const { code, stdout } = await s3Import(['connectors', 'list', '--json', ...ports]);

    expect(code).toBe(0);
    const [connector] = JSON.parse(stdout);
    expect(connector).toMatchObject({
      name: 'demo-payments',
      bucket: 'demo-customer-bucket',
      folder: 'payments/',
      displayStatus: 'active',
      health: { state: 'healthy', lastCounts: { listed: 5, queued: 4, unsupported: 1 } },
    });
  });

  it('lists imports filtered by status', async () => {
    const { code, stdout } = await s3Import([
      'imports',
      'list',
      '--status',
      'skipped',
      '--json',
      ...ports,
    ]);

    expect(code).toBe(0);
    expect(JSON.parse(stdout).map((result: { key: string }) => result.key)).toEqual([
      'payments/README.pdf',
    ]);
  });

  it('lists the newest matching imports within --limit and says what the limit left out', async () => {
    const all = JSON.parse((await s3Import(['imports', 'list', '--json', ...ports])).stdout);
    const newest = await s3Import(['imports', 'list', '--limit', '1', '--json', ...ports]);
    const skipped = await s3Import([
      'imports',
      'list',
      '--status',
      'skipped',
      '--limit',
      '1',
      '--json',
      ...ports,
    ]);
    const table = await s3Import(['imports', 'list', '--limit', '2', ...ports]);

    expect(all).toHaveLength(5);
    expect(JSON.parse(newest.stdout)).toEqual([all[0]]);
    expect(JSON.parse(skipped.stdout).map((result: { key: string }) => result.key)).toEqual([
      'payments/README.pdf',
    ]);
    expect(table.stdout).toContain('Showing the newest 2 of 5; use --limit 5 to see them all.');
  });

  it('prints the imports as a table for people', async () => {
    const { stdout } = await s3Import(['imports', 'list', ...ports]);

    expect(stdout.split('\n')[0]).toMatch(
      /^FINISHED\s+CONNECTOR\s+STATUS\s+FILE\s+IMPORTED\s+REJECTED\s+REASON$/,
    );
    expect(stdout).toContain('payments/2026/11/payments.tsv');
  });

  it('exits 2 naming the allowed values when a status does not exist', async () => {
    const { code, stderr } = await s3Import(['imports', 'list', '--status', 'done', ...ports]);

    expect(code).toBe(2);
    expect(stderr).toContain(
      '--status "done" is not one of in_progress, succeeded, partially_succeeded, failed, skipped',
    );
  });

  it('exits 2 when the connector named does not exist', async () => {
    const { code, stderr } = await s3Import(['imports', 'list', '--connector', 'nobody', ...ports]);

    expect(code).toBe(2);
    expect(stderr).toContain('No connector has the id or name "nobody"');
  });

  it('refuses to sync an unknown connector before saying it syncs it', async () => {
    const { code, stdout, stderr } = await s3Import(['sync', '--connector', 'nobody', ...ports]);

    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('No connector has the id or name "nobody"');
  });

  it('exits 1 with a hint when no local deployment runs on the ports given', async () => {
    const { code, stderr } = await s3Import([
      'connectors',
      'list',
      '--s3-port',
      String(await freePort()),
    ]);

    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^error \(unreachable\): No local deployment answers at http:\/\/127\.0\.0\.1:\d+: start one with "npm start" in another terminal/,
    );
  });

  it('says a port does not answer as DynamoDB, or as S3 and SQS, and names the right options', async () => {
    const s3Port = String(deployment.s3Port);
    const dynamoPort = String(deployment.dynamoDbPort);

    const dynamoOnS3 = await s3Import(['status', '--s3-port', s3Port, '--dynamodb-port', s3Port]);
    const sqsOnDynamo = await s3Import(['status', '--s3-port', dynamoPort, '--json']);

    expect(dynamoOnS3.code).toBe(1);
    expect(dynamoOnS3.stderr).toMatch(
      new RegExp(
        `^error \\(unreachable\\): Port ${s3Port} \\(--dynamodb-port\\) does not answer as DynamoDB \\(it answered: .+\\)\\. "s3-import start" \\(npm start\\) serves S3 and SQS on --s3-port \\(default 4566\\) and DynamoDB on --dynamodb-port \\(default 4567\\); pass the ports it printed\\.\n$`,
      ),
    );
    expect(dynamoOnS3.stderr).not.toContain('internal_error');
    expect(sqsOnDynamo.code).toBe(1);
    expect(JSON.parse(sqsOnDynamo.stdout).error).toMatchObject({
      code: 'unreachable',
      message: expect.stringContaining(
        `Port ${dynamoPort} (--s3-port) does not answer as S3 and SQS`,
      ),
    });
  });
});
