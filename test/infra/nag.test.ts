import { App } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { addNagChecks } from '../../lib/nag';
import { S3ImportStack } from '../../lib/s3-import-stack';

function buildCheckedApp(): { app: App; stack: S3ImportStack } {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new S3ImportStack(app, 'S3ImportTest');
  addNagChecks(app);
  return { app, stack };
}

describe('cdk-nag AwsSolutions checks', () => {
  it('pass on the stack as built, with every accepted finding acknowledged', () => {
    const { app } = buildCheckedApp();

    const assembly = app.synth();

    expect(Object.keys(assembly.getStackByName('S3ImportTest').template.Resources)).not.toEqual([]);
  });

  it('fail synth on an unacknowledged finding, naming the rule and the resource', () => {
    const { app, stack } = buildCheckedApp();
    new sqs.Queue(stack, 'UnencryptedQueue', { encryption: sqs.QueueEncryption.UNENCRYPTED });

    let error: unknown;
    try {
      app.synth();
    } catch (caught) {
      error = caught;
    }

    expect(error).toMatchObject({ name: 'ValidationFailed' });
    expect((error as Error).message).toMatch(
      /The SQS Queue does not have server-side encryption enabled\. \(AwsSolutions\)\s+S3ImportTest\/UnencryptedQueue\/Resource/,
    );
    expect((error as Error).message).toContain(
      "Acknowledge with 'AwsSolutions::AwsSolutions-SQS2'",
    );
  });
});
