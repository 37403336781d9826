import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../lambdas/core/errors';
import { settingsFromContext } from '../../lib/context';
import { S3ImportStack } from '../../lib/s3-import-stack';
import { resolveSettings } from '../../lib/stack-props';

function capture(act: () => unknown): unknown {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

describe('resolveSettings', () => {
  it('fills in the documented defaults', () => {
    const settings = resolveSettings();

    expect(settings).toEqual({
      maxReceiveCount: 5,
      listerConcurrency: 10,
      maxFileBytes: 1024 ** 3,
      initialSyncDays: 90,
      lookbackHours: 24,
      alarmEmail: undefined,
    });
  });

  it('keeps settings that are in range', () => {
    const settings = resolveSettings({ maxReceiveCount: 2, listerConcurrency: 50 });

    expect(settings.maxReceiveCount).toBe(2);
    expect(settings.listerConcurrency).toBe(50);
  });

  it('rejects a lister concurrency below the SQS event source minimum', () => {
    const error = capture(() => resolveSettings({ listerConcurrency: 1 }));

    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({
      code: 'invalid_input',
      message:
        'Invalid stack settings: listerConcurrency is 1; it must be a whole number from 2 to 1000 (SQS event source maximum concurrency).',
    });
  });

  it('names every setting that is out of range in one error', () => {
    const error = capture(() =>
      resolveSettings({ maxReceiveCount: 0, maxFileBytes: 2 * 1024 ** 3, initialSyncDays: 1.5 }),
    ) as InvalidInputError;

    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.message).toContain(
      'maxReceiveCount is 0; it must be a whole number from 1 to 1000',
    );
    expect(error.message).toContain(`maxFileBytes is ${2 * 1024 ** 3}; it must be a whole number`);
    expect(error.message).toContain('initialSyncDays is 1.5; it must be a whole number of days');
  });

  it.each([0, 721, 1.5])('rejects a lookback of %s hours, naming the range', (lookbackHours) => {
    const error = capture(() => resolveSettings({ lookbackHours }));

    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toBe(
      `Invalid stack settings: lookbackHours is ${lookbackHours}; it must be a whole number of hours from 1 to 720 (30 days).`,
    );
  });

  it('rejects a lookback that reaches further back than the initial sync', () => {
    const error = capture(() => resolveSettings({ initialSyncDays: 1, lookbackHours: 48 }));

    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toBe(
      'Invalid stack settings: lookbackHours is 48, longer than initialSyncDays (1 days = 24 hours); later syncs would import files the first sync ignored as too old. Raise initialSyncDays or lower lookbackHours.',
    );
  });

  it('keeps a lookback in range', () => {
    expect(resolveSettings({ lookbackHours: 72 }).lookbackHours).toBe(72);
    expect(resolveSettings({ initialSyncDays: 1, lookbackHours: 24 }).lookbackHours).toBe(24);
  });

  it('rejects an alarm email that is not an address', () => {
    const error = capture(() => resolveSettings({ alarmEmail: 'ops team' }));

    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toBe(
      'Invalid stack settings: alarmEmail is "ops team"; it must be an email address such as ops@example.com.',
    );
  });

  it('stops the stack from being built with an invalid setting', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });

    const error = capture(() => new S3ImportStack(app, 'Invalid', { maxReceiveCount: 1001 }));

    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toContain('maxReceiveCount is 1001');
  });
});

describe('settingsFromContext', () => {
  it('reads numbers given as strings on the command line and the alarm email', () => {
    const app = new App({
      context: { maxReceiveCount: '3', listerConcurrency: 20, alarmEmail: 'ops@example.com' },
    });

    const settings = settingsFromContext(app.node);

    expect(settings).toEqual({
      maxReceiveCount: 3,
      listerConcurrency: 20,
      maxFileBytes: undefined,
      initialSyncDays: undefined,
      lookbackHours: undefined,
      alarmEmail: 'ops@example.com',
    });
  });

  it('reads the lookback given on the command line', () => {
    const app = new App({ context: { lookbackHours: '48' } });

    expect(settingsFromContext(app.node).lookbackHours).toBe(48);
  });

  it('rejects a numeric setting that is not a number', () => {
    const app = new App({ context: { initialSyncDays: 'ninety' } });

    const error = capture(() => settingsFromContext(app.node));

    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toBe(
      'Invalid stack settings: initialSyncDays is "ninety"; it must be a number, e.g. -c initialSyncDays=5.',
    );
  });

  it('lists a setting that is not a number together with the ones out of range', () => {
    const app = new App({
      context: { maxReceiveCount: '0', lookbackHours: '5000', listerConcurrency: 'abc' },
    });

    const error = capture(() => settingsFromContext(app.node));

    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toBe(
      'Invalid stack settings: listerConcurrency is "abc"; it must be a number, e.g. -c listerConcurrency=5. maxReceiveCount is 0; it must be a whole number from 1 to 1000 (SQS redrive limit). lookbackHours is 5000; it must be a whole number of hours from 1 to 720 (30 days).',
    );
  });
});

describe('the CDK app (bin/app.ts)', () => {
  it('prints only the message about bad settings, with no stack trace, and exits 1', () => {
    const context = { maxReceiveCount: '0', lookbackHours: '5000', listerConcurrency: 'abc' };

    const run = spawnSync(process.execPath, ['--import', 'tsx', 'bin/app.ts'], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify(context) },
      encoding: 'utf8',
      timeout: 60_000,
    });

    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      'Invalid stack settings: listerConcurrency is "abc"; it must be a number, e.g. -c listerConcurrency=5. maxReceiveCount is 0; it must be a whole number from 1 to 1000 (SQS redrive limit). lookbackHours is 5000; it must be a whole number of hours from 1 to 720 (30 days).\n',
    );
    expect(run.stdout).toBe('');
  });
});
