import { describe, expect, it } from 'vitest';
import { configToEnv, readConfig } from '../../../lambdas/adapters/config';
import { createRuntime } from '../../../lambdas/adapters/runtime';
import { envNames } from '../../../lambdas/core/deployment';
import { InvalidInputError } from '../../../lambdas/core/errors';

const hourMs = 60 * 60 * 1000;

/** What the stack sets on both functions, without the optional settings. */
const deployed: Record<string, string> = {
  [envNames.connectorsTable]: 'connectors',
  [envNames.templatesTable]: 'templates',
  [envNames.discoveryTable]: 'discovery',
  [envNames.importResultsTable]: 'import-results',
  [envNames.recordsTable]: 'records',
  [envNames.fileQueueUrl]: 'https://sqs.eu-west-1.amazonaws.com/111122223333/files',
  [envNames.syncQueueUrl]: 'https://sqs.eu-west-1.amazonaws.com/111122223333/syncs',
  [envNames.resultsBucket]: 'results',
};

function failureOf(env: Record<string, string>): InvalidInputError {
  try {
    readConfig(env);
  } catch (error) {
    return error as InvalidInputError;
  }
  throw new Error('expected readConfig to throw');
}

describe('readConfig: the discovery lookback', () => {
  it('defaults to 24 hours when LOOKBACK_HOURS is not set', () => {
    expect(readConfig(deployed).lookbackHours).toBe(24);
    expect(readConfig({ ...deployed, [envNames.lookbackHours]: '' }).lookbackHours).toBe(24);
  });

  it('reads the number of hours the stack set', () => {
    expect(readConfig({ ...deployed, [envNames.lookbackHours]: '48' }).lookbackHours).toBe(48);
    expect(readConfig({ ...deployed, [envNames.lookbackHours]: '720' }).lookbackHours).toBe(720);
  });

  it.each(['forty', '0', '-3', '1.5', '721', 'Infinity'])(
    'rejects LOOKBACK_HOURS=%s, naming the variable and the range',
    (raw) => {
      const error = failureOf({ ...deployed, [envNames.lookbackHours]: raw });

      expect(error).toBeInstanceOf(InvalidInputError);
      expect(error.message).toBe(
        `Environment variable LOOKBACK_HOURS must be a whole number of hours from 1 to 720, got "${raw}".`,
      );
    },
  );

  it('rejects a lookback longer than the initial sync window', () => {
    const error = failureOf({
      ...deployed,
      [envNames.initialSyncDays]: '1',
      [envNames.lookbackHours]: '48',
    });

    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.message).toBe(
      'Environment variable LOOKBACK_HOURS is 48 hours, longer than the initial sync window of 1 days (INITIAL_SYNC_DAYS); later syncs would import files the first one ignored as too old.',
    );
  });

  it('keeps the default within a short initial window', () => {
    const config = readConfig({ ...deployed, [envNames.initialSyncDays]: '0.5' });

    expect(config.lookbackHours).toBe(12);
  });

  it('round-trips through configToEnv', () => {
    const config = readConfig({ ...deployed, [envNames.lookbackHours]: '36' });

    expect(configToEnv(config)[envNames.lookbackHours]).toBe('36');
    expect(readConfig(configToEnv(config))).toEqual(config);
  });

  it("becomes the lister's lookbackMs when the runtime is wired", () => {
    const config = readConfig({ ...deployed, [envNames.lookbackHours]: '72' });
    const runtime = createRuntime({ ...config, region: 'eu-west-1' });
    try {
      expect(runtime.listerDeps.options.lookbackMs).toBe(72 * hourMs);
      expect(runtime.serviceDeps.sync.options.lookbackMs).toBe(72 * hourMs);
    } finally {
      runtime.destroy();
    }
  });
});
