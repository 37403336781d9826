import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { expiryAttribute, tableKeys } from '../lambdas/core/deployment';

type TableName = keyof typeof tableKeys;

function stringKey(name: string): dynamodb.Attribute {
  return { name, type: dynamodb.AttributeType.STRING };
}

// Template versions sort numerically, so version 10 comes after version 9.
const sortKeyTypes: Partial<Record<TableName, dynamodb.AttributeType>> = {
  templates: dynamodb.AttributeType.NUMBER,
};

/**
 * The five tables of one deployment, keyed as `tableKeys` says: on-demand,
 * point-in-time recovery, encrypted with the AWS managed key, retained when the
 * stack is deleted (they hold customers' data and sync state).
 */
export class ImportTables extends Construct {
  readonly connectors: dynamodb.Table;
  readonly templates: dynamodb.Table;
  readonly discovery: dynamodb.Table;
  readonly importResults: dynamodb.Table;
  readonly records: dynamodb.Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.connectors = this.createTable('Connectors', 'connectors');
    this.templates = this.createTable('Templates', 'templates');
    this.discovery = this.createTable('Discovery', 'discovery', expiryAttribute);
    this.importResults = this.createTable('ImportResults', 'importResults');
    this.records = this.createTable('Records', 'records');
  }

  private createTable(id: string, name: TableName, ttlAttribute?: string): dynamodb.Table {
    const keys: { partitionKey: string; sortKey?: string } = tableKeys[name];
    return new dynamodb.Table(this, id, {
      partitionKey: stringKey(keys.partitionKey),
      sortKey: keys.sortKey
        ? { name: keys.sortKey, type: sortKeyTypes[name] ?? dynamodb.AttributeType.STRING }
        : undefined,
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: ttlAttribute,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
