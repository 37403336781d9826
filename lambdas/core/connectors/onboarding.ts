import type { Connector } from '../model';
import { parseRoleArn } from '../roles';
import { partitionOf } from './aws-regions';

/** The deployment's roles that assume customer roles (stack outputs). */
export interface PlatformRoles {
  listerRoleArn: string;
  parserRoleArn: string;
  /** The management API's role, which assumes customer roles to verify connectors. */
  apiRoleArn?: string;
}

/** The three things a customer pastes into IAM to connect a bucket. */
export interface Onboarding {
  roleName: string;
  roleArn: string;
  externalId: string;
  permissionPolicy: IamPolicy;
  trustPolicy: IamPolicy;
}

export interface IamPolicy {
  Version: '2012-10-17';
  Statement: Record<string, unknown>[];
}

/**
 * List and read on one bucket, restricted to the folder when there is one, and
 * nothing else: the platform never writes to or deletes from the bucket.
 */
export function permissionPolicyFor(
  connector: Pick<Connector, 'bucket' | 'folder' | 'region'>,
): IamPolicy {
  const bucketArn = `arn:${partitionOf(connector.region)}:s3:::${connector.bucket}`;
  const folder = iamLiteral(connector.folder);
  const list: Record<string, unknown> = {
    Sid: 'ListConnectedFolder',
    Effect: 'Allow',
    Action: 's3:ListBucket',
    Resource: bucketArn,
  };
  if (folder) {
    list.Condition = { StringLike: { 's3:prefix': [`${folder}*`] } };
  }
  return {
    Version: '2012-10-17',
    Statement: [
      list,
      {
        Sid: 'ReadConnectedFiles',
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: `${bucketArn}/${folder}*`,
      },
    ],
  };
}

/**
 * Text matched literally by IAM: in resources and `StringLike` conditions `*`
 * and `?` are wildcards and `${` starts a policy variable, so a folder named
 * `a*` would otherwise grant `ab/`, `ac/`, ... too. IAM writes them `${*}`,
 * `${?}` and `${$}`.
 */
export function iamLiteral(text: string): string {
  return text.replace(/[$*?]/g, (character) => `\${${character}}`);
}

/**
 * Trusts only the deployment's lister and parser (and its management API, when
 * it has one), and only with this connector's external ID.
 */
export function trustPolicyFor(externalId: string, platform: PlatformRoles): IamPolicy {
  const principals = [platform.listerRoleArn, platform.parserRoleArn];
  if (platform.apiRoleArn) {
    principals.push(platform.apiRoleArn);
  }
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AllowS3ImportPlatform',
        Effect: 'Allow',
        Principal: { AWS: principals },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': externalId } },
      },
    ],
  };
}

export function onboardingFor(connector: Connector, platform: PlatformRoles): Onboarding {
  return {
    roleName: parseRoleArn(connector.roleArn).roleName,
    roleArn: connector.roleArn,
    externalId: connector.externalId,
    permissionPolicy: permissionPolicyFor(connector),
    trustPolicy: trustPolicyFor(connector.externalId, platform),
  };
}
