/**
 * Names shared by the CDK stack, the AWS adapters and the local runner, so that
 * the tables and queues the stack creates are the ones the code reads.
 */

/** Key schemas of the DynamoDB tables. All keys are strings unless noted. */
export const tableKeys = {
  connectors: { partitionKey: 'connectorId' },
  /** `version` is a number; the newest version of a template has the largest. */
  templates: { partitionKey: 'templateId', sortKey: 'version' },
  /** Per connector: its sync state, its lease and its ledger of queued versions. */
  discovery: { partitionKey: 'pk', sortKey: 'sk' },
  importResults: { partitionKey: 'connectorId', sortKey: 'fileId' },
  /** `pk` is `connectorId#recordType`. */
  records: { partitionKey: 'pk', sortKey: 'recordKey' },
} as const;

/** Attribute DynamoDB's time-to-live reads (epoch seconds). */
export const expiryAttribute = 'expiresAt';

/** Environment variables the handlers read. */
export const envNames = {
  connectorsTable: 'CONNECTORS_TABLE',
  templatesTable: 'TEMPLATES_TABLE',
  discoveryTable: 'DISCOVERY_TABLE',
  importResultsTable: 'IMPORT_RESULTS_TABLE',
  recordsTable: 'RECORDS_TABLE',
  fileQueueUrl: 'FILE_QUEUE_URL',
  syncQueueUrl: 'SYNC_QUEUE_URL',
  resultsBucket: 'RESULTS_BUCKET',
  /**
   * Set only by the local runner: the embedded servers' endpoints. With them set,
   * customer buckets are read from the local S3 server without assuming a role.
   */
  localS3Endpoint: 'S3_IMPORT_LOCAL_S3_ENDPOINT',
  localSqsEndpoint: 'S3_IMPORT_LOCAL_SQS_ENDPOINT',
  localDynamoDbEndpoint: 'S3_IMPORT_LOCAL_DYNAMODB_ENDPOINT',
  maxFileBytes: 'MAX_FILE_BYTES',
  initialSyncDays: 'INITIAL_SYNC_DAYS',
  /** Whole hours a later sync looks back before the previous complete listing's start. */
  lookbackHours: 'LOOKBACK_HOURS',
  /** The lister's and parser's role ARNs, which the trust policy printed to customers names. */
  listerRoleArn: 'LISTER_ROLE_ARN',
  parserRoleArn: 'PARSER_ROLE_ARN',
  /** The management API's role ARN, also named in printed trust policies (verify assumes roles). */
  apiRoleArn: 'API_ROLE_ARN',
} as const;

/**
 * Output names of the deployed stack. The stack writes them and the
 * command-line tool reads them to find a deployment by its stack name.
 */
export const stackOutputKeys = {
  listerRoleArn: 'ListerRoleArn',
  parserRoleArn: 'ParserRoleArn',
  connectorsTable: 'ConnectorsTable',
  templatesTable: 'TemplatesTable',
  discoveryTable: 'DiscoveryTable',
  importResultsTable: 'ImportResultsTable',
  recordsTable: 'RecordsTable',
  fileQueueUrl: 'FileQueueUrl',
  fileDeadLetterQueueUrl: 'FileDeadLetterQueueUrl',
  syncQueueUrl: 'SyncQueueUrl',
  resultsBucket: 'ResultsBucket',
  alarmTopicArn: 'AlarmTopicArn',
  dashboardName: 'DashboardName',
  apiUrl: 'ApiUrl',
  apiRoleArn: 'ApiRoleArn',
  maxFileBytes: 'MaxFileBytes',
  initialSyncDays: 'InitialSyncDays',
  lookbackHours: 'LookbackHours',
} as const;
