import type { Node } from 'constructs';
import { findSettingProblems, invalidSettings, type S3ImportSettings } from './stack-props';

const numericKeys = [
  'maxReceiveCount',
  'listerConcurrency',
  'maxFileBytes',
  'initialSyncDays',
  'lookbackHours',
] as const;

/** The number a context value holds, undefined when unset, NaN when it is not a number. */
function readNumber(node: Node, key: string): number | undefined {
  const raw: unknown = node.tryGetContext(key);
  if (raw === undefined || raw === null || raw === '') {
    return undefined;
  }
  // `cdk -c key=value` always passes strings; cdk.json may hold real numbers.
  if (typeof raw === 'boolean') return Number.NaN;
  return typeof raw === 'number' ? raw : Number(raw);
}

/**
 * Reads the stack settings from CDK context (`-c name=value` or cdk.json)
 * and checks them all. Throws one `InvalidInputError` listing every setting
 * that is not a number or is out of range.
 */
export function settingsFromContext(node: Node): S3ImportSettings {
  const settings: Record<string, number | string | undefined> = {};
  const problems: string[] = [];
  for (const key of numericKeys) {
    const value = readNumber(node, key);
    if (Number.isNaN(value)) {
      const raw = String(node.tryGetContext(key));
      problems.push(`${key} is "${raw}"; it must be a number, e.g. -c ${key}=5.`);
      continue;
    }
    settings[key] = value;
  }

  const alarmEmail: unknown = node.tryGetContext('alarmEmail');
  if (alarmEmail !== undefined && alarmEmail !== '') {
    settings.alarmEmail = String(alarmEmail);
  }
  problems.push(...findSettingProblems(settings as S3ImportSettings));
  if (problems.length > 0) throw invalidSettings(problems);
  return settings as S3ImportSettings;
}
