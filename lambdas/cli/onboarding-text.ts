import type { Connector } from '../core/model';
import type { Onboarding } from '../core/service';
import type { Output } from './output';

/** The three items a customer pastes into IAM, printed so each can be copied whole. */
export function printOnboarding(
  connector: Connector,
  onboarding: Onboarding,
  output: Output,
): void {
  output.line(`In AWS account ${connector.accountId}, create an IAM role:`);
  output.line();
  output.line(`1. Role name: ${onboarding.roleName}`);
  output.line(`   (its ARN will be ${onboarding.roleArn})`);
  output.line();
  output.line(
    `2. Permission policy (list and read s3://${connector.bucket}/${connector.folder}, nothing else):`,
  );
  output.line(JSON.stringify(onboarding.permissionPolicy, null, 2));
  output.line();
  output.line(`3. Trust policy (this platform only, with external ID ${onboarding.externalId}):`);
  output.line(JSON.stringify(onboarding.trustPolicy, null, 2));
  output.line();
}
