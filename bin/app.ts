import { App } from 'aws-cdk-lib';
import { InvalidInputError } from '../lambdas/core/errors';
import { settingsFromContext } from '../lib/context';
import { addNagChecks } from '../lib/nag';
import { S3ImportStack } from '../lib/s3-import-stack';

const app = new App();
const stackName = app.node.tryGetContext('stackName') ?? 'S3Import';

try {
  new S3ImportStack(app, stackName, {
    ...settingsFromContext(app.node),
    description: 'S3 import connector: scheduled imports from customer buckets into DynamoDB',
  });
} catch (error) {
  // A bad setting is the user's to fix: its message says how, a stack trace adds nothing.
  if (!(error instanceof InvalidInputError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
addNagChecks(app);
app.synth();
