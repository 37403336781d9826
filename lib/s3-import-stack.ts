import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { stackOutputKeys } from '../lambdas/core/deployment';
import { ImportAlarms } from './alarms';
import { ManagementApi } from './api';
import { ImportDashboard } from './dashboard';
import { ImportQueues } from './queues';
import { ResultsBucket } from './results-bucket';
import { SyncSchedule } from './schedule';
import { type ResolvedSettings, resolveSettings, type S3ImportSettings } from './stack-props';
import { ImportTables } from './tables';
import { ImportWorkers } from './workers';

export interface S3ImportStackProps extends StackProps, S3ImportSettings {}

/** Output names the command-line tool reads from the deployed stack. */
export { stackOutputKeys };

/**
 * The whole product in one stack: tables, results bucket, queues, lister and
 * parser, the five-minute schedule, the management API, dashboard and alarms,
 * and their outputs. Throws
 * `InvalidInputError` when a setting is out of range.
 */
export class S3ImportStack extends Stack {
  readonly tables: ImportTables;
  readonly queues: ImportQueues;
  readonly resultsBucket: ResultsBucket;
  readonly workers: ImportWorkers;
  readonly schedule: SyncSchedule;
  readonly alarms: ImportAlarms;
  readonly dashboard: ImportDashboard;
  readonly api: ManagementApi;

  constructor(scope: Construct, id: string, props: S3ImportStackProps = {}) {
    super(scope, id, props);
    const settings = resolveSettings(props);

    this.tables = new ImportTables(this, 'Tables');
    this.resultsBucket = new ResultsBucket(this, 'Results');
    this.queues = new ImportQueues(this, 'Queues', { maxReceiveCount: settings.maxReceiveCount });
    this.workers = new ImportWorkers(this, 'Workers', {
      tables: this.tables,
      queues: this.queues,
      resultsBucket: this.resultsBucket.bucket,
      listerConcurrency: settings.listerConcurrency,
      maxFileBytes: settings.maxFileBytes,
      initialSyncDays: settings.initialSyncDays,
      lookbackHours: settings.lookbackHours,
    });
    this.schedule = new SyncSchedule(this, 'Schedule', { lister: this.workers.lister });
    this.api = new ManagementApi(this, 'Api', {
      tables: this.tables,
      queues: this.queues,
      workers: this.workers,
    });

    this.alarms = new ImportAlarms(this, 'Alarms', {
      queues: this.queues,
      lister: this.workers.lister,
      alarmEmail: settings.alarmEmail,
    });
    this.dashboard = new ImportDashboard(this, 'Dashboard', {
      queues: this.queues,
      lister: this.workers.lister,
      parser: this.workers.parser,
      alarms: this.alarms.all,
    });

    this.addOutputs(settings);
  }

  private addOutputs(settings: ResolvedSettings): void {
    const values: Record<keyof typeof stackOutputKeys, string> = {
      listerRoleArn: this.workers.listerRole.roleArn,
      parserRoleArn: this.workers.parserRole.roleArn,
      connectorsTable: this.tables.connectors.tableName,
      templatesTable: this.tables.templates.tableName,
      discoveryTable: this.tables.discovery.tableName,
      importResultsTable: this.tables.importResults.tableName,
      recordsTable: this.tables.records.tableName,
      fileQueueUrl: this.queues.fileQueue.queueUrl,
      fileDeadLetterQueueUrl: this.queues.fileDeadLetterQueue.queueUrl,
      syncQueueUrl: this.queues.syncQueue.queueUrl,
      resultsBucket: this.resultsBucket.bucket.bucketName,
      alarmTopicArn: this.alarms.topic.topicArn,
      dashboardName: this.dashboard.dashboard.dashboardName,
      apiUrl: this.api.url,
      apiRoleArn: this.api.role.roleArn,
      // The command-line tool applies the same limits when it previews or syncs.
      maxFileBytes: String(settings.maxFileBytes),
      initialSyncDays: String(settings.initialSyncDays),
      lookbackHours: String(settings.lookbackHours),
    };
    for (const [name, key] of Object.entries(stackOutputKeys)) {
      new CfnOutput(this, key, { value: values[name as keyof typeof stackOutputKeys] });
    }
  }
}
