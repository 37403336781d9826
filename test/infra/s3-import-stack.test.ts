import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { envNames, expiryAttribute, tableKeys } from '../../lambdas/core/deployment';
import { stackOutputKeys } from '../../lib/s3-import-stack';
import { synthStack } from './synth-stack';

const { template } = synthStack();

/** Resources of one type by logical id; their properties are untyped CloudFormation. */
function resourcesOfType(type: string) {
  return template.findResources(type);
}

function functionLogicalId(path: 'Lister' | 'Parser'): string {
  const [id] = Object.keys(template.findResources('AWS::Lambda::Function')).filter((key) =>
    key.startsWith(`Workers${path}`),
  );
  return id;
}

function queueLogicalId(name: string): string {
  const [id] = Object.keys(resourcesOfType('AWS::SQS::Queue')).filter((key) =>
    key.startsWith(`Queues${name}`),
  );
  return id;
}

describe('S3ImportStack tables', () => {
  it.each([
    ['connectors', [{ AttributeName: 'connectorId', KeyType: 'HASH' }]],
    [
      'discovery',
      [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    ],
    [
      'importResults',
      [
        { AttributeName: 'connectorId', KeyType: 'HASH' },
        { AttributeName: 'fileId', KeyType: 'RANGE' },
      ],
    ],
    [
      'records',
      [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'recordKey', KeyType: 'RANGE' },
      ],
    ],
  ])('keys the %s table with string attributes as deployment.ts names them', (_name, keySchema) => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: keySchema,
      AttributeDefinitions: keySchema.map((key) => ({
        AttributeName: key.AttributeName,
        AttributeType: 'S',
      })),
    });
  });

  it('keys the templates table by template id and a numeric version', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: tableKeys.templates.partitionKey, KeyType: 'HASH' },
        { AttributeName: tableKeys.templates.sortKey, KeyType: 'RANGE' },
      ],
      AttributeDefinitions: Match.arrayWith([{ AttributeName: 'version', AttributeType: 'N' }]),
    });
  });

  it('creates five on-demand tables with point-in-time recovery and encryption', () => {
    const tables = Object.values(resourcesOfType('AWS::DynamoDB::Table'));

    expect(tables).toHaveLength(5);
    for (const table of tables) {
      expect(table.Properties).toMatchObject({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
      });
    }
  });

  it('expires discovery items by the expiresAt attribute and no other table', () => {
    const withTtl = Object.values(resourcesOfType('AWS::DynamoDB::Table')).filter(
      (table) => table.Properties.TimeToLiveSpecification,
    );

    expect(withTtl).toHaveLength(1);
    expect(withTtl[0].Properties).toMatchObject({
      KeySchema: [
        { AttributeName: tableKeys.discovery.partitionKey, KeyType: 'HASH' },
        { AttributeName: tableKeys.discovery.sortKey, KeyType: 'RANGE' },
      ],
      TimeToLiveSpecification: { AttributeName: expiryAttribute, Enabled: true },
    });
  });
});

describe('S3ImportStack results bucket', () => {
  it('encrypts the bucket and blocks all public access', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
        ],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
  });

  it('denies every request to the bucket that does not use TLS', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });
});

describe('S3ImportStack queues', () => {
  it('moves a file message to its dead-letter queue after five receives by default', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [queueLogicalId('FileDeadLetterQueue'), 'Arn'] },
        maxReceiveCount: 5,
      },
      VisibilityTimeout: 5400,
    });
  });

  it('uses the configured receive count on both redrive policies', () => {
    const { template: custom } = synthStack({ maxReceiveCount: 3 });

    const redrives = Object.values(custom.findResources('AWS::SQS::Queue'))
      .map((queue) => queue.Properties.RedrivePolicy)
      .filter(Boolean);

    expect(redrives).toHaveLength(2);
    expect(redrives.map((redrive) => redrive.maxReceiveCount)).toEqual([3, 3]);
  });

  it('gives the sync queue its own dead-letter queue and six lister timeouts of visibility', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [queueLogicalId('SyncDeadLetterQueue'), 'Arn'] },
      },
      VisibilityTimeout: 1800,
    });
  });

  it('encrypts all four queues and refuses requests without TLS', () => {
    const queues = Object.values(resourcesOfType('AWS::SQS::Queue'));
    const policies = Object.values(resourcesOfType('AWS::SQS::QueuePolicy'));

    expect(queues).toHaveLength(4);
    expect(queues.every((queue) => queue.Properties.SqsManagedSseEnabled === true)).toBe(true);
    expect(policies).toHaveLength(4);
    for (const policy of policies) {
      expect(JSON.stringify(policy.Properties.PolicyDocument)).toContain('aws:SecureTransport');
    }
  });
});

describe('S3ImportStack functions', () => {
  it.each([
    ['Lister', 300, 512],
    ['Parser', 900, 1769],
  ] as const)(
    'runs the %s on Node.js 22 arm64 with its timeout and memory',
    (name, timeout, memory) => {
      const fn = resourcesOfType('AWS::Lambda::Function')[functionLogicalId(name)];

      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        Timeout: timeout,
        MemorySize: memory,
      });
    },
  );

  it('sets every deployment variable except the local endpoints on both functions', () => {
    const expected = Object.values(envNames).filter((name) => !name.includes('_LOCAL_'));

    for (const name of ['Lister', 'Parser'] as const) {
      const fn = resourcesOfType('AWS::Lambda::Function')[functionLogicalId(name)];
      const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> })
        .Variables;

      expect(Object.keys(variables)).toEqual(expect.arrayContaining(expected));
      expect(Object.keys(variables).filter((key) => key.includes('_LOCAL_'))).toEqual([]);
      expect(variables[envNames.maxFileBytes]).toBe(String(1024 ** 3));
      expect(variables[envNames.initialSyncDays]).toBe('90');
      expect(variables[envNames.lookbackHours]).toBe('24');
    }
  });

  it('passes the file size limit and initial sync window from the stack settings', () => {
    const { template: custom } = synthStack({ maxFileBytes: 1000, initialSyncDays: 7 });

    custom.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          [envNames.maxFileBytes]: '1000',
          [envNames.initialSyncDays]: '7',
        }),
      },
    });
  });

  it('passes the discovery lookback from the stack settings to both functions and the outputs', () => {
    const { template: custom } = synthStack({ lookbackHours: 48 });

    for (const name of ['Lister', 'Parser'] as const) {
      const fn = custom.findResources('AWS::Lambda::Function')[functionLogicalId(name)];
      expect(fn.Properties.Environment.Variables[envNames.lookbackHours]).toBe('48');
    }
    expect(custom.findOutputs(stackOutputKeys.lookbackHours)).toEqual({
      [stackOutputKeys.lookbackHours]: { Value: '48' },
    });
  });

  it('feeds the parser from the file queue in batches of ten with partial batch failures', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [queueLogicalId('FileQueue'), 'Arn'] },
      FunctionName: { Ref: functionLogicalId('Parser') },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('feeds the lister from the sync queue one request at a time under the concurrency cap', () => {
    const { template: custom } = synthStack({ listerConcurrency: 25 });

    custom.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [queueLogicalId('SyncQueue'), 'Arn'] },
      FunctionName: { Ref: functionLogicalId('Lister') },
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 25 },
    });
  });

  it('starts the lister every five minutes from an EventBridge rule', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      State: 'ENABLED',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [functionLogicalId('Lister'), 'Arn'] } })],
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'events.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [functionLogicalId('Lister'), 'Arn'] },
    });
  });
});

describe('S3ImportStack outputs', () => {
  it('exports role ARNs, table names, queue URLs and the results bucket', () => {
    const outputs = template.findOutputs('*');

    expect(Object.keys(outputs).sort()).toEqual(Object.values(stackOutputKeys).sort());
    expect(outputs[stackOutputKeys.fileQueueUrl].Value).toEqual({
      Ref: queueLogicalId('FileQueue'),
    });
    expect(outputs[stackOutputKeys.listerRoleArn].Value).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^WorkersListerRole/), 'Arn'],
    });
  });
});
