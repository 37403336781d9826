import type { Node } from 'constructs';
import { InvalidInputError } from '../lambdas/core/errors';
import type { S3ImportSettings } from './stack-props';

const numericKeys = [
  'maxReceiveCount',
  'listerConcurrency',
  'maxFileBytes',
  'initialSyncDays',
  'lookbackHours',
] as const;

function readNumber(node: Node, key: string): number | undefined {
  const raw: unknown = node.tryGetContext(key);
  if (raw === undefined || raw === null || raw === '') {
    return undefined;
  }
  // `cdk -c key=value` always passes strings; cdk.json may hold real numbers.
  const value = typeof raw === 'number' ? raw : Number(raw);
  if (typeof raw === 'boolean' || Number.isNaN(value)) {
    throw new InvalidInputError(
      `Context value ${key} is "${String(raw)}"; it must be a number, e.g. -c ${key}=5.`,
    );
  }
  return value;
}

/**
 * Reads the stack settings from CDK context (`-c name=value` or cdk.json).
 * Only parses; range checks happen in `resolveSettings`. Throws
 * `InvalidInputError` when a numeric setting is not a number.
 */
export function settingsFromContext(node: Node): S3ImportSettings {
  const settings: Record<string, number | string | undefined> = {};
  for (const key of numericKeys) {
    settings[key] = readNumber(node, key);
  }

  const alarmEmail: unknown = node.tryGetContext('alarmEmail');
  if (alarmEmail !== undefined && alarmEmail !== '') {
    settings.alarmEmail = String(alarmEmail);
  }
  return settings as S3ImportSettings;
}
