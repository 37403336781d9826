import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { apiRoutes, routeKeyOf } from '../../lambdas/api/routes';
import { envNames } from '../../lambdas/core/deployment';
import { stackOutputKeys } from '../../lib/s3-import-stack';
import { synthStack } from './synth-stack';

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

const { template } = synthStack();

function onlyLogicalId(type: string, prefix: string): string {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.startsWith(prefix));
  expect(ids).toHaveLength(1);
  return ids[0];
}

function apiStatements(): Statement[] {
  const roleId = onlyLogicalId('AWS::IAM::Role', 'ApiRole');
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(roleId))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

function actionsOf(statement: Statement): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

/** Every action the API's role is allowed on resources whose logical id starts with `prefix`. */
function apiActionsOn(prefix: string): string[] {
  return apiStatements()
    .filter((statement) => JSON.stringify(statement.Resource).includes(`"${prefix}`))
    .flatMap(actionsOf);
}

describe('ManagementApi', () => {
  it('creates one HTTP API with exactly the routes the handler dispatches on', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' });

    const routeKeys = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map(
      (route) => route.Properties.RouteKey,
    );

    expect(routeKeys.sort()).toEqual(apiRoutes.map(routeKeyOf).sort());
    expect(routeKeys).toContain('DELETE /connectors/{id}');
    expect(routeKeys).toContain('GET /health');
  });

  it('requires IAM authorization on every route', () => {
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route'));

    expect(routes).toHaveLength(apiRoutes.length);
    for (const route of routes) {
      expect(route.Properties.AuthorizationType).toBe('AWS_IAM');
    }
  });

  it('logs every request of the default stage and throttles it', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: {
        DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiAccessLogs'), 'Arn'] },
        Format: Match.stringLikeRegexp('\\$context\\.requestId'),
      },
      DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
    });
  });

  it('keeps access logs for three months and function logs for one month, as the README says', () => {
    const accessLogs =
      template.findResources('AWS::Logs::LogGroup')[
        onlyLogicalId('AWS::Logs::LogGroup', 'ApiAccessLogs')
      ];
    const functionLogs =
      template.findResources('AWS::Logs::LogGroup')[
        onlyLogicalId('AWS::Logs::LogGroup', 'ApiHandlerLogs')
      ];
    const fn =
      template.findResources('AWS::Lambda::Function')[
        onlyLogicalId('AWS::Lambda::Function', 'ApiHandler')
      ];

    expect(accessLogs.Properties.RetentionInDays).toBe(90);
    expect(functionLogs.Properties.RetentionInDays).toBe(30);
    expect([fn.Properties.Timeout, fn.Properties.MemorySize]).toEqual([29, 512]);
  });

  it('runs the API function on Node.js 22 arm64 with the platform role ARNs in its environment', () => {
    const functionId = onlyLogicalId('AWS::Lambda::Function', 'ApiHandler');
    const fn = template.findResources('AWS::Lambda::Function')[functionId].Properties;

    expect(fn.Runtime).toBe('nodejs22.x');
    expect(fn.Architectures).toEqual(['arm64']);
    expect(fn.Timeout).toBeLessThan(30);
    expect(fn.Environment.Variables[envNames.listerRoleArn]).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^WorkersListerRole/), 'Arn'],
    });
    expect(fn.Environment.Variables[envNames.parserRoleArn]).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^WorkersParserRole/), 'Arn'],
    });
    expect(fn.Environment.Variables[envNames.apiRoleArn]).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^ApiRole/), 'Arn'],
    });
    expect(fn.Environment.Variables[envNames.connectorsTable]).toEqual({
      Ref: expect.stringMatching(/^TablesConnectors/),
    });
  });

  it('lets the API function manage tables and send to both queues, but not read them', () => {
    expect(apiActionsOn('TablesConnectors')).toEqual(
      expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem']),
    );
    expect(apiActionsOn('TablesTemplates')).toContain('dynamodb:PutItem');
    expect(apiActionsOn('TablesDiscovery')).toContain('dynamodb:DeleteItem');
    expect(apiActionsOn('TablesRecords')).toEqual(
      expect.arrayContaining(['dynamodb:Query', 'dynamodb:BatchWriteItem']),
    );
    expect(apiActionsOn('QueuesFileQueue')).toContain('sqs:SendMessage');
    expect(apiActionsOn('QueuesFileQueue')).not.toContain('sqs:ReceiveMessage');
    expect(apiActionsOn('QueuesSyncQueue')).toContain('sqs:SendMessage');
    expect(apiActionsOn('QueuesSyncQueue')).not.toContain('sqs:ReceiveMessage');
    expect(apiActionsOn('ResultsBucket')).toEqual([]);
    expect(apiActionsOn('QueuesFileDeadLetterQueue')).toEqual([]);
  });

  it('lets the API function assume only customer roles named with the prefix', () => {
    const assume = apiStatements().filter((statement) =>
      actionsOf(statement).includes('sts:AssumeRole'),
    );

    expect(assume).toEqual([
      {
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Resource: {
          'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::*:role/s3-import-*']],
        },
      },
    ]);
    expect(
      apiStatements()
        .flatMap(actionsOf)
        .filter((action) => action === '*' || action.endsWith(':*')),
    ).toEqual([]);
  });

  it('lets only this API invoke the function', () => {
    const permissions = Object.values(template.findResources('AWS::Lambda::Permission')).filter(
      (permission) => JSON.stringify(permission.Properties.FunctionName).includes('ApiHandler'),
    );

    expect(permissions.length).toBeGreaterThan(0);
    for (const permission of permissions) {
      expect(permission.Properties.Principal).toBe('apigateway.amazonaws.com');
      expect(JSON.stringify(permission.Properties.SourceArn)).toContain('ApiHttpApi');
    }
  });

  it("gives the lister and parser the API role's ARN too, so every function reads one configuration", () => {
    for (const prefix of ['WorkersLister', 'WorkersParser']) {
      const id = onlyLogicalId('AWS::Lambda::Function', prefix);
      const variables =
        template.findResources('AWS::Lambda::Function')[id].Properties.Environment.Variables;

      expect(variables[envNames.apiRoleArn]).toEqual({
        'Fn::GetAtt': [expect.stringMatching(/^ApiRole/), 'Arn'],
      });
    }
  });

  it('outputs the API role ARN, which printed trust policies name', () => {
    template.hasOutput(stackOutputKeys.apiRoleArn, {
      Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiRole'), 'Arn'] },
    });
  });

  it('outputs the API URL for the command-line tool and callers', () => {
    template.hasOutput(stackOutputKeys.apiUrl, {
      Value: {
        'Fn::Join': [
          '',
          Match.arrayWith([
            'https://',
            { Ref: Match.stringLikeRegexp('^ApiHttpApi') },
            Match.stringLikeRegexp('^\\.execute-api\\.'),
          ]),
        ],
      },
    });
  });

  it('passes cdk-nag with the API in the stack', () => {
    const { app } = synthStack({}, { nag: true });

    const assembly = app.synth();

    expect(assembly.getStackByName('S3ImportTest').template.Outputs).toHaveProperty(
      stackOutputKeys.apiUrl,
    );
  });
});
