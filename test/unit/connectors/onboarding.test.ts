import { describe, expect, it } from 'vitest';
import { onboardingFor } from '../../../lambdas/core/connectors/onboarding';
import type { Connector } from '../../../lambdas/core/model';

const platform = {
  listerRoleArn: 'arn:aws:iam::111111111111:role/S3Import-Lister',
  parserRoleArn: 'arn:aws:iam::111111111111:role/S3Import-Parser',
};

function connectorWith(overrides: Partial<Connector>): Connector {
  return {
    connectorId: 'a1b2c3d4e5f60718',
    name: 'Acme',
    accountId: '123456789012',
    bucket: 'acme-exports',
    region: 'eu-west-1',
    folder: 'payments/',
    templateId: 'payments',
    externalId: 'external-id-of-acme',
    roleArn: 'arn:aws:iam::123456789012:role/s3-import-a1b2c3d4e5f60718',
    status: 'pending',
    createdAt: '2026-12-01T00:00:00.000Z',
    updatedAt: '2026-12-01T00:00:00.000Z',
    ...overrides,
  };
}

describe('onboarding policies', () => {
  it('grants list on the folder prefix and read on the folder, nothing else', () => {
    const { permissionPolicy } = onboardingFor(connectorWith({}), platform);

    expect(permissionPolicy.Statement).toEqual([
      {
        Sid: 'ListConnectedFolder',
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: 'arn:aws:s3:::acme-exports',
        Condition: { StringLike: { 's3:prefix': ['payments/*'] } },
      },
      {
        Sid: 'ReadConnectedFiles',
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::acme-exports/payments/*',
      },
    ]);
  });

  it('writes IAM wildcard and variable characters of a folder so that they match only themselves', () => {
    const { permissionPolicy } = onboardingFor(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, typed as a folder name
      connectorWith({ folder: 'a*b?/${aws:username}/' }),
      platform,
    );

    // biome-ignore lint/suspicious/noTemplateCurlyInString: IAM's escapes for literal characters
    const literal = 'a${*}b${?}/${$}{aws:username}/';
    expect(permissionPolicy.Statement[0].Condition).toEqual({
      StringLike: { 's3:prefix': [`${literal}*`] },
    });
    expect(permissionPolicy.Statement[1].Resource).toBe(`arn:aws:s3:::acme-exports/${literal}*`);
  });

  it('grants the whole bucket when the connector has no folder', () => {
    const { permissionPolicy } = onboardingFor(connectorWith({ folder: '' }), platform);

    expect(permissionPolicy.Statement[0]).not.toHaveProperty('Condition');
    expect(permissionPolicy.Statement[1].Resource).toBe('arn:aws:s3:::acme-exports/*');
  });

  it('uses the China partition for a bucket in a China region', () => {
    const { permissionPolicy } = onboardingFor(connectorWith({ region: 'cn-north-1' }), platform);

    expect(permissionPolicy.Statement[0].Resource).toBe('arn:aws-cn:s3:::acme-exports');
  });

  it('trusts only the platform roles and requires the external id', () => {
    const onboarding = onboardingFor(connectorWith({}), platform);

    expect(onboarding.roleName).toBe('s3-import-a1b2c3d4e5f60718');
    expect(onboarding.trustPolicy.Statement).toEqual([
      {
        Sid: 'AllowS3ImportPlatform',
        Effect: 'Allow',
        Principal: { AWS: [platform.listerRoleArn, platform.parserRoleArn] },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': 'external-id-of-acme' } },
      },
    ]);
  });

  it('produces policies that survive a JSON round trip unchanged', () => {
    const onboarding = onboardingFor(connectorWith({}), platform);

    expect(JSON.parse(JSON.stringify(onboarding.trustPolicy))).toEqual(onboarding.trustPolicy);
    expect(onboarding.permissionPolicy.Version).toBe('2012-10-17');
  });
});
