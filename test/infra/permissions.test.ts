import { describe, expect, it } from 'vitest';
import { synthStack } from './synth-stack';

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

const { template } = synthStack();

function logicalIdStartingWith(type: string, prefix: string): string {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.startsWith(prefix));
  expect(ids).toHaveLength(1);
  return ids[0];
}

function statementsOf(role: 'Lister' | 'Parser'): Statement[] {
  const roleId = logicalIdStartingWith('AWS::IAM::Role', `Workers${role}Role`);
  const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((policy) =>
    JSON.stringify(policy.Properties.Roles).includes(roleId),
  );
  return policies.flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

function actionsOf(statement: Statement): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

/** Every action the role is allowed on resources whose logical id starts with `prefix`. */
function actionsOn(role: 'Lister' | 'Parser', prefix: string): string[] {
  return statementsOf(role)
    .filter((statement) => JSON.stringify(statement.Resource).includes(`"${prefix}`))
    .flatMap(actionsOf);
}

const customerRoleArn = {
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::*:role/s3-import-*']],
};

describe('S3ImportStack permissions', () => {
  it.each(['Lister', 'Parser'] as const)(
    'lets the %s assume only roles named with the customer role prefix',
    (role) => {
      const assumeStatements = statementsOf(role).filter((statement) =>
        actionsOf(statement).includes('sts:AssumeRole'),
      );

      expect(assumeStatements).toEqual([
        { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: customerRoleArn },
      ]);
    },
  );

  it.each(['Lister', 'Parser'] as const)(
    'grants the %s no service-wide or bare * action',
    (role) => {
      const actions = statementsOf(role).flatMap(actionsOf);

      expect(actions.length).toBeGreaterThan(0);
      expect(actions.filter((action) => action === '*' || action.endsWith(':*'))).toEqual([]);
    },
  );

  it('lets the lister read connectors and templates and write only discovery and results', () => {
    expect(actionsOn('Lister', 'TablesConnectors')).toContain('dynamodb:GetItem');
    expect(actionsOn('Lister', 'TablesConnectors')).not.toContain('dynamodb:PutItem');
    expect(actionsOn('Lister', 'TablesTemplates')).not.toContain('dynamodb:PutItem');
    expect(actionsOn('Lister', 'TablesDiscovery')).toEqual(
      expect.arrayContaining(['dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem']),
    );
    expect(actionsOn('Lister', 'TablesImportResults')).toContain('dynamodb:PutItem');
    expect(actionsOn('Lister', 'TablesRecords')).toEqual([]);
    expect(actionsOn('Lister', 'ResultsBucket')).toEqual([]);
  });

  it('lets the lister send files, and send and consume sync requests', () => {
    expect(actionsOn('Lister', 'QueuesFileQueue')).toContain('sqs:SendMessage');
    expect(actionsOn('Lister', 'QueuesFileQueue')).not.toContain('sqs:ReceiveMessage');
    expect(actionsOn('Lister', 'QueuesSyncQueue')).toEqual(
      expect.arrayContaining(['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage']),
    );
  });

  it('lets the parser write records and reports without reading them back', () => {
    expect(actionsOn('Parser', 'TablesRecords')).toEqual(
      expect.arrayContaining(['dynamodb:BatchWriteItem', 'dynamodb:PutItem']),
    );
    expect(actionsOn('Parser', 'TablesRecords')).not.toContain('dynamodb:GetItem');
    expect(actionsOn('Parser', 'ResultsBucket')).toContain('s3:PutObject');
    expect(actionsOn('Parser', 'ResultsBucket')).not.toContain('s3:GetObject');
    expect(actionsOn('Parser', 'ResultsBucket')).not.toContain('s3:DeleteObject*');
  });

  it('keeps the parser away from discovery state and the sync queue', () => {
    expect(actionsOn('Parser', 'TablesDiscovery')).toEqual([]);
    expect(actionsOn('Parser', 'QueuesSyncQueue')).toEqual([]);
    expect(actionsOn('Parser', 'TablesConnectors')).not.toContain('dynamodb:PutItem');
    expect(actionsOn('Parser', 'TablesImportResults')).toContain('dynamodb:PutItem');
  });

  it('lets the parser consume the file queue and re-queue continuations on it', () => {
    expect(actionsOn('Parser', 'QueuesFileQueue')).toEqual(
      expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:SendMessage']),
    );
  });

  it('attaches no managed policy to the function roles', () => {
    for (const role of ['Lister', 'Parser']) {
      const id = logicalIdStartingWith('AWS::IAM::Role', `Workers${role}Role`);

      expect(template.findResources('AWS::IAM::Role')[id].Properties.ManagedPolicyArns).toBe(
        undefined,
      );
    }
  });
});
