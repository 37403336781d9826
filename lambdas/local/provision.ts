import {
  type AttributeDefinition,
  CreateTableCommand,
  DescribeTableCommand,
  type KeySchemaElement,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { createPlatformClients } from '../adapters/aws-clients';
import type { DeploymentConfig, LocalEndpoints } from '../adapters/config';
import {
  defaultInitialSyncDays,
  defaultLookbackHours,
  defaultMaxFileBytes,
} from '../adapters/config';
import { tableKeys } from '../core/deployment';
import { dynamoProblem, sqsProblem } from './deployment-probe';

/** How many receives a file message gets before it moves to the dead-letter queue. */
export const localMaxReceiveCount = 3;
/** Short, so that a failed message is retried within a local cycle. */
export const localVisibilityTimeoutSeconds = 5;

const names = {
  connectorsTable: 's3-import-connectors',
  templatesTable: 's3-import-templates',
  discoveryTable: 's3-import-discovery',
  importResultsTable: 's3-import-results',
  recordsTable: 's3-import-records',
  fileQueue: 's3-import-files',
  syncQueue: 's3-import-sync',
  resultsBucket: 's3-import-results',
};

function keySchema(partitionKey: string, sortKey?: string, numericSortKey = false) {
  const schema: KeySchemaElement[] = [{ AttributeName: partitionKey, KeyType: 'HASH' }];
  const attributes: AttributeDefinition[] = [{ AttributeName: partitionKey, AttributeType: 'S' }];
  if (sortKey) {
    schema.push({ AttributeName: sortKey, KeyType: 'RANGE' });
    attributes.push({ AttributeName: sortKey, AttributeType: numericSortKey ? 'N' : 'S' });
  }
  return { KeySchema: schema, AttributeDefinitions: attributes };
}

const tables = [
  { name: names.connectorsTable, ...keySchema(tableKeys.connectors.partitionKey) },
  {
    name: names.templatesTable,
    ...keySchema(tableKeys.templates.partitionKey, tableKeys.templates.sortKey, true),
  },
  {
    name: names.discoveryTable,
    ...keySchema(tableKeys.discovery.partitionKey, tableKeys.discovery.sortKey),
  },
  {
    name: names.importResultsTable,
    ...keySchema(tableKeys.importResults.partitionKey, tableKeys.importResults.sortKey),
  },
  {
    name: names.recordsTable,
    ...keySchema(tableKeys.records.partitionKey, tableKeys.records.sortKey),
  },
];

async function createQueueWithDeadLetter(sqs: SQSClient, name: string): Promise<string> {
  const dlq = await sqs.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }));
  const dlqAttributes = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  const queue = await sqs.send(
    new CreateQueueCommand({
      QueueName: name,
      Attributes: {
        VisibilityTimeout: String(localVisibilityTimeoutSeconds),
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: dlqAttributes.Attributes?.QueueArn,
          maxReceiveCount: localMaxReceiveCount,
        }),
      },
    }),
  );
  if (!queue.QueueUrl) {
    throw new Error(`The local SQS server returned no URL for queue ${name}.`);
  }
  return queue.QueueUrl;
}

async function createBucket(s3: S3Client, bucket: string): Promise<void> {
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (error) {
    const name = (error as Error).name;
    if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') {
      throw error;
    }
  }
}

/**
 * Creates the tables, queues and results bucket of a deployment on the local
 * servers (what `cdk deploy` creates in AWS), leaving existing ones as they are.
 */
export async function provisionLocalDeployment(
  endpoints: LocalEndpoints,
): Promise<DeploymentConfig> {
  const clients = createPlatformClients({ local: endpoints });

  for (const table of tables) {
    try {
      await clients.dynamo.send(
        new CreateTableCommand({
          TableName: table.name,
          KeySchema: table.KeySchema,
          AttributeDefinitions: table.AttributeDefinitions,
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
    } catch (error) {
      if (!(error instanceof ResourceInUseException)) {
        throw error;
      }
    }
    await clients.dynamo.send(new DescribeTableCommand({ TableName: table.name }));
  }

  const fileQueueUrl = await createQueueWithDeadLetter(clients.sqs, names.fileQueue);
  const syncQueueUrl = await createQueueWithDeadLetter(clients.sqs, names.syncQueue);
  await createBucket(clients.s3, names.resultsBucket);

  return configFor(endpoints, fileQueueUrl, syncQueueUrl);
}

function configFor(
  endpoints: LocalEndpoints,
  fileQueueUrl: string,
  syncQueueUrl: string,
): DeploymentConfig {
  return {
    connectorsTable: names.connectorsTable,
    templatesTable: names.templatesTable,
    discoveryTable: names.discoveryTable,
    importResultsTable: names.importResultsTable,
    recordsTable: names.recordsTable,
    fileQueueUrl,
    syncQueueUrl,
    resultsBucket: names.resultsBucket,
    local: endpoints,
    maxFileBytes: defaultMaxFileBytes,
    initialSyncDays: defaultInitialSyncDays,
    lookbackHours: defaultLookbackHours,
  };
}

/**
 * The configuration of a local deployment that another process (`npm start`)
 * runs, found through its queues.
 */
export async function connectLocalDeployment(endpoints: LocalEndpoints): Promise<DeploymentConfig> {
  const clients = createPlatformClients({ local: endpoints });
  try {
    const [fileQueue, syncQueue] = await Promise.all(
      [names.fileQueue, names.syncQueue].map((QueueName) =>
        clients.sqs.send(new GetQueueUrlCommand({ QueueName })),
      ),
    ).catch((error) => {
      throw sqsProblem(endpoints.sqs, error);
    });
    // A wrong --dynamodb-port (say, the S3 and SQS port) fails here, not as an odd error later.
    await clients.dynamo
      .send(new DescribeTableCommand({ TableName: names.connectorsTable }))
      .catch((error) => {
        throw dynamoProblem(endpoints.dynamodb, error);
      });
    return configFor(endpoints, fileQueue.QueueUrl ?? '', syncQueue.QueueUrl ?? '');
  } finally {
    clients.sqs.destroy();
    clients.dynamo.destroy();
    clients.s3.destroy();
  }
}
