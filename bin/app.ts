import { App } from 'aws-cdk-lib';
import { settingsFromContext } from '../lib/context';
import { addNagChecks } from '../lib/nag';
import { S3ImportStack } from '../lib/s3-import-stack';

const app = new App();
const stackName = app.node.tryGetContext('stackName') ?? 'S3Import';

new S3ImportStack(app, stackName, {
  ...settingsFromContext(app.node),
  description: 'S3 import connector: scheduled imports from customer buckets into DynamoDB',
});
addNagChecks(app);
app.synth();
