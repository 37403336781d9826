import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { addNagChecks } from '../../lib/nag';
import { S3ImportStack, type S3ImportStackProps } from '../../lib/s3-import-stack';

export interface SynthOptions {
  /** Bundle the handlers with esbuild (about 1.5 s each); off by default. */
  bundle?: boolean;
  /** Run cdk-nag's AwsSolutions checks at synth. */
  nag?: boolean;
}

/** Builds the stack in a fresh app, as `bin/app.ts` does, and its template. */
export function synthStack(
  props: S3ImportStackProps = {},
  options: SynthOptions = {},
): { app: App; stack: S3ImportStack; template: Template } {
  const app = new App({
    context: options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] },
  });
  const stack = new S3ImportStack(app, 'S3ImportTest', props);
  if (options.nag) {
    addNagChecks(app);
  }
  return { app, stack, template: Template.fromStack(stack) };
}
