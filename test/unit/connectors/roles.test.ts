import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../lambdas/core/errors';
import { buildRoleArn, parseRoleArn, roleNameFor } from '../../../lambdas/core/roles';

describe('role ARNs', () => {
  it.each([
    ['arn:aws:iam::123456789012:role/s3-import-c1', 'aws', 's3-import-c1'],
    ['arn:aws-cn:iam::123456789012:role/s3-import-c1', 'aws-cn', 's3-import-c1'],
    ['arn:aws-us-gov:iam::123456789012:role/s3-import-c1', 'aws-us-gov', 's3-import-c1'],
    ['arn:aws:iam::123456789012:role/team/s3-import-c1', 'aws', 's3-import-c1'],
  ])('reads partition, account and name from %s', (arn, partition, roleName) => {
    expect(parseRoleArn(arn)).toEqual({ partition, accountId: '123456789012', roleName });
  });

  it('builds the ARN it parses back', () => {
    const parts = { partition: 'aws-cn', accountId: '123456789012', roleName: 's3-import-c1' };

    expect(parseRoleArn(buildRoleArn(parts))).toEqual(parts);
  });

  it('names a connector role with the prefix the platform may assume, at most 64 characters', () => {
    expect(roleNameFor('c1')).toBe('s3-import-c1');
    expect(roleNameFor('x'.repeat(80))).toHaveLength(64);
  });

  it.each([
    'arn:aws:iam::12345:role/s3-import-c1',
    'arn:aws:s3:::s3-import-c1',
    'arn:aws:iam::123456789012:user/s3-import-c1',
    's3-import-c1',
  ])('rejects %s as not an IAM role ARN', (arn) => {
    const parsing = () => parseRoleArn(arn);

    expect(parsing).toThrow(InvalidInputError);
    expect(parsing).toThrow(
      `"${arn}" is not an IAM role ARN (arn:aws:iam::<account>:role/<name>).`,
    );
  });

  it('rejects a role whose name lacks the product prefix', () => {
    const parsing = () => parseRoleArn('arn:aws:iam::123456789012:role/admin');

    expect(parsing).toThrow(InvalidInputError);
    expect(parsing).toThrow(
      'Role "admin" does not start with "s3-import-"; the platform may assume only roles that do.',
    );
  });
});
