import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/**
 * The bucket that holds full error reports of imported files: encrypted, never
 * public, reachable over TLS only, retained when the stack is deleted.
 */
export class ResultsBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    // Limitation: reports are kept until deleted by hand; no lifecycle rule expires them.
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Limitation: no server access logs on the results bucket; see the acknowledgement.
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Only the parser role writes error reports here and nothing reads them but operators, so server access logs would need a second bucket while adding little; CloudTrail data events can be enabled by the deployer instead.',
    });
  }
}
