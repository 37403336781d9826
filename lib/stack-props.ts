import { Token } from 'aws-cdk-lib';
import { defaultInitialSyncDays, defaultMaxFileBytes } from '../lambdas/adapters/config';
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
  const resolved: ResolvedSettings = {
    maxReceiveCount: settings.maxReceiveCount ?? defaultSettings.maxReceiveCount,
    listerConcurrency: settings.listerConcurrency ?? defaultSettings.listerConcurrency,
    maxFileBytes: settings.maxFileBytes ?? defaultSettings.maxFileBytes,
    initialSyncDays: settings.initialSyncDays ?? defaultSettings.initialSyncDays,
    alarmEmail: settings.alarmEmail,
  };

  const problems = settingRules.filter((rule) => !rule.isValid(resolved));
  if (problems.length > 0) {
    throw new InvalidInputError(
      `Invalid stack settings: ${problems.map((rule) => rule.message(resolved)).join(' ')}`,
    );
  }
  return resolved;
}
