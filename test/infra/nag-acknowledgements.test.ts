import { App, Validations } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { S3ImportStack } from '../../lib/s3-import-stack';

interface Acknowledgement {
  path: string;
  id: string;
  reason: string;
}

/** Every cdk-nag finding the stack accepts, where it is recorded and why. */
function acknowledgementsOf(stack: S3ImportStack): Acknowledgement[] {
  return stack.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
      .map(([key, reason]) => ({
        path: construct.node.path,
        id: key.replace(/^Annotation::/, ''),
        reason,
      })),
  );
}

describe('accepted cdk-nag findings', () => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const acknowledgements = acknowledgementsOf(new S3ImportStack(app, 'S3ImportTest'));

  it('are the ones the README lists, and nothing else', () => {
    const rules = new Set(acknowledgements.map(({ id }) => id.replace(/\[.*$/, '')));

    expect([...rules].sort()).toEqual(['AwsSolutions-IAM5', 'AwsSolutions-L1', 'AwsSolutions-S1']);
  });

  it('each give their reason in at least one full sentence', () => {
    const unjustified = acknowledgements.filter(
      ({ reason }) => reason.length < 60 || !/^[A-Z].*\.$/.test(reason),
    );

    expect(acknowledgements.length).toBeGreaterThan(0);
    expect(unjustified).toEqual([]);
  });

  it('narrow every IAM5 wildcard to the exact resource or action accepted', () => {
    const wildcards = acknowledgements.filter(({ id }) => id.startsWith('AwsSolutions-IAM5'));

    expect(
      wildcards.map(({ id }) => id).filter((id) => !/\[(Resource|Action)::.+\]$/.test(id)),
    ).toEqual([]);
  });
});
