import { Token } from 'aws-cdk-lib';
import {
  defaultInitialSyncDays,
  defaultLookbackHours,
  defaultMaxFileBytes,
  maxLookbackHours,
} from '../lambdas/adapters/config';
import { InvalidInputError } from '../lambdas/core/errors';

/** Settings a deployer may change; every one has a default. */
export interface S3ImportSettings {
  /**
   * Deliveries of one file message before it moves to the dead-letter queue.
   * @default 5
   */
  readonly maxReceiveCount?: number;
  /**
   * Most lister invocations syncing connectors at the same time (2 to 1000, the
   * range SQS event sources accept).
   * @default 10
   */
  readonly listerConcurrency?: number;
  /**
   * Largest object imported, in bytes; larger ones get a failed import result.
   * @default 1 GiB
   */
  readonly maxFileBytes?: number;
  /**
   * How far back, in days, a connector's first sync reaches.
   * @default 90
   */
  readonly initialSyncDays?: number;
  /**
   * How far, in whole hours, a later sync looks back before the start of the
   * previous complete listing: an object that shows up late with an older
   * LastModified (a multipart upload completing hours after it began, a writer
   * whose clock is behind) is still queued within it. From 1 to 720 (30 days),
   * and at most `initialSyncDays` times 24.
   * @default 24
   */
  readonly lookbackHours?: number;
  /**
   * Address subscribed to the alarm topic; the deployer confirms the subscription.
   * @default - no subscription; subscribe to the topic in the `AlarmTopicArn` output
   */
  readonly alarmEmail?: string;
}

/** The settings with every default applied. */
export type ResolvedSettings = Required<Omit<S3ImportSettings, 'alarmEmail'>> &
  Pick<S3ImportSettings, 'alarmEmail'>;

/** The value of each setting the deployer leaves out. */
export const defaultSettings = {
  maxReceiveCount: 5,
  listerConcurrency: 10,
  maxFileBytes: defaultMaxFileBytes,
  initialSyncDays: defaultInitialSyncDays,
  lookbackHours: defaultLookbackHours,
} as const;

interface SettingRule {
  isValid: (settings: ResolvedSettings) => boolean;
  message: (settings: ResolvedSettings) => string;
}

function isIntegerBetween(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

// Tokens (CloudFormation parameters) are only known at deploy time; CloudFormation checks them.
function isUnresolved(value: unknown): boolean {
  return Token.isUnresolved(value);
}

const emailPattern = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

const settingRules: SettingRule[] = [
  {
    isValid: (s) => isUnresolved(s.maxReceiveCount) || isIntegerBetween(s.maxReceiveCount, 1, 1000),
    message: (s) =>
      `maxReceiveCount is ${s.maxReceiveCount}; it must be a whole number from 1 to 1000 (SQS redrive limit).`,
  },
  {
    isValid: (s) =>
      isUnresolved(s.listerConcurrency) || isIntegerBetween(s.listerConcurrency, 2, 1000),
    message: (s) =>
      `listerConcurrency is ${s.listerConcurrency}; it must be a whole number from 2 to 1000 (SQS event source maximum concurrency).`,
  },
  {
    isValid: (s) =>
      isUnresolved(s.maxFileBytes) || isIntegerBetween(s.maxFileBytes, 1, defaultMaxFileBytes),
    message: (s) =>
      `maxFileBytes is ${s.maxFileBytes}; it must be a whole number of bytes from 1 to ${defaultMaxFileBytes} (1 GiB, the largest file the parser is built for).`,
  },
  {
    isValid: (s) => isUnresolved(s.initialSyncDays) || isIntegerBetween(s.initialSyncDays, 1, 3650),
    message: (s) =>
      `initialSyncDays is ${s.initialSyncDays}; it must be a whole number of days from 1 to 3650.`,
  },
  {
    isValid: (s) =>
      isUnresolved(s.lookbackHours) || isIntegerBetween(s.lookbackHours, 1, maxLookbackHours),
    message: (s) =>
      `lookbackHours is ${s.lookbackHours}; it must be a whole number of hours from 1 to ${maxLookbackHours} (30 days).`,
  },
  {
    // Checked only when both are in range; a lookback past the initial window
    // would let the second sync queue files the first one ignored as too old.
    isValid: (s) =>
      isUnresolved(s.lookbackHours) ||
      isUnresolved(s.initialSyncDays) ||
      !isIntegerBetween(s.lookbackHours, 1, maxLookbackHours) ||
      !isIntegerBetween(s.initialSyncDays, 1, 3650) ||
      s.lookbackHours <= s.initialSyncDays * 24,
    message: (s) =>
      `lookbackHours is ${s.lookbackHours}, longer than initialSyncDays (${s.initialSyncDays} days = ${s.initialSyncDays * 24} hours); later syncs would import files the first sync ignored as too old. Raise initialSyncDays or lower lookbackHours.`,
  },
  {
    isValid: (s) =>
      s.alarmEmail === undefined || isUnresolved(s.alarmEmail) || emailPattern.test(s.alarmEmail),
    message: (s) =>
      `alarmEmail is "${s.alarmEmail}"; it must be an email address such as ops@example.com.`,
  },
];

/**
 * Applies the defaults and checks every rule at once.
 * Throws `InvalidInputError` listing each setting that is out of range.
 */
export function resolveSettings(settings: S3ImportSettings = {}): ResolvedSettings {
  const resolved = withDefaults(settings);
  const problems = findSettingProblems(resolved);
  if (problems.length > 0) throw invalidSettings(problems);
  return resolved;
}

/** One error for every problem found: `cdk synth` reports them all at once. */
export function invalidSettings(problems: string[]): InvalidInputError {
  return new InvalidInputError(`Invalid stack settings: ${problems.join(' ')}`, { problems });
}

/** What is wrong with each setting out of range (defaults applied), one sentence each. */
export function findSettingProblems(settings: S3ImportSettings): string[] {
  const resolved = withDefaults(settings);
  return settingRules
    .filter((rule) => !rule.isValid(resolved))
    .map((rule) => rule.message(resolved));
}

function withDefaults(settings: S3ImportSettings): ResolvedSettings {
  return {
    maxReceiveCount: settings.maxReceiveCount ?? defaultSettings.maxReceiveCount,
    listerConcurrency: settings.listerConcurrency ?? defaultSettings.listerConcurrency,
    maxFileBytes: settings.maxFileBytes ?? defaultSettings.maxFileBytes,
    initialSyncDays: settings.initialSyncDays ?? defaultSettings.initialSyncDays,
    lookbackHours: settings.lookbackHours ?? defaultSettings.lookbackHours,
    alarmEmail: settings.alarmEmail,
  };
}
