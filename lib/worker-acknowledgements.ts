import { Stack, Validations } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { customerRolePrefix } from '../lambdas/core/roles';

/** The constructs whose accepted cdk-nag findings are acknowledged. */
export interface WorkerFindings {
  readonly listerRole: iam.Role;
  readonly parserRole: iam.Role;
  readonly functions: lambda.Function[];
  readonly resultsBucket: s3.Bucket;
}

function logicalIdOf(bucket: s3.Bucket): string {
  const stack = Stack.of(bucket);
  return stack.resolve(stack.getLogicalId(bucket.node.defaultChild as s3.CfnBucket));
}

/**
 * Records, next to the roles and functions they concern, the cdk-nag findings
 * accepted on purpose, each narrowed to the exact wildcard and with its reason.
 */
export function acknowledgeWorkerFindings(findings: WorkerFindings): void {
  const assumeRole = {
    id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::*:role/${customerRolePrefix}*]`,
    reason: `Each customer creates the role in their own account, so the account is unknown at deploy time; the name prefix ${customerRolePrefix} and the per-connector external ID are what limit which roles can be assumed.`,
  };
  Validations.of(findings.listerRole).acknowledge(assumeRole);
  Validations.of(findings.parserRole).acknowledge(
    assumeRole,
    {
      id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(findings.resultsBucket)}.Arn>/*]`,
      reason:
        'Error report keys are generated per import (connector and file), so the parser writes to any key of the results bucket; it cannot read or delete there.',
    },
    {
      id: 'AwsSolutions-IAM5[Action::s3:Abort*]',
      reason:
        'Large error reports are uploaded in parts, and aborting a failed multipart upload is what keeps its parts from lingering; the grant is limited to the results bucket.',
    },
  );

  for (const fn of findings.functions) {
    Validations.of(fn).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'The product targets Node.js 22, the newest runtime its dependencies and tests are verified on; moving to a newer one is a deliberate upgrade.',
    });
  }
}
