import { InvalidInputError } from './errors';

/**
 * Every customer role the platform may assume starts with this prefix; the
 * lister's and parser's IAM policies allow `sts:AssumeRole` on nothing else.
 */
export const customerRolePrefix = 's3-import-';

export interface RoleArnParts {
  partition: string;
  accountId: string;
  roleName: string;
}

/** The role name a customer creates for one connector. */
export function roleNameFor(connectorId: string): string {
  return `${customerRolePrefix}${connectorId}`.slice(0, 64);
}

export function buildRoleArn(parts: RoleArnParts): string {
  return `arn:${parts.partition}:iam::${parts.accountId}:role/${parts.roleName}`;
}

const roleArnPattern =
  /^arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;

/** Splits a role ARN, refusing roles outside the product's naming rule. */
export function parseRoleArn(arn: string): RoleArnParts {
  const match = roleArnPattern.exec(arn);
  if (!match) {
    throw new InvalidInputError(
      `"${arn}" is not an IAM role ARN (arn:aws:iam::<account>:role/<name>).`,
    );
  }
  const [, partition, accountId, roleName] = match;
  if (!roleName.startsWith(customerRolePrefix)) {
    throw new InvalidInputError(
      `Role "${roleName}" does not start with "${customerRolePrefix}"; the platform may assume only roles that do.`,
    );
  }
  return { partition, accountId, roleName };
}
