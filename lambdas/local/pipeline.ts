import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Context, ScheduledEvent } from 'aws-lambda';
import type { ConnectorHealth, HealthStore } from '../core/discovery/ports';
import type { Connector, ImportResult } from '../core/model';
import type { Clock, ConnectorStore, ImportResultStore } from '../core/ports';
import { localLambdaContext } from './lambda-context';
import { type SqsHandler, SqsPoller } from './sqs-poller';

export type ScheduledHandler = (event: ScheduledEvent, context: Context) => Promise<unknown>;

export interface LocalPipelineDeps {
  sqs: SQSClient;
  fileQueueUrl: string;
  syncQueueUrl: string;
  /** The lister Lambda's handler: takes the schedule's event and the sync queue's events. */
  lister: ScheduledHandler & SqsHandler;
  parser: SqsHandler;
  connectors: ConnectorStore;
  health: HealthStore;
  results: ImportResultStore;
  clock: Clock;
}

export interface ConnectorCycleReport {
  connector: Connector;
  health?: ConnectorHealth;
  /** Import results that ended during the cycle, the lister's reports included. */
  imports: ImportResult[];
}

export interface CycleReport {
  startedAt: string;
  finishedAt: string;
  connectors: ConnectorCycleReport[];
  /** Messages in the dead-letter queues: files whose transient failures ran out of retries. */
  deadLetters: number;
}

const listerTimeoutMs = 5 * 60_000;
const parserTimeoutMs = 15 * 60_000;
/** A cycle that has not drained by then has failed (a stuck message, a handler that hangs). */
const cycleDeadlineMs = 20 * 60_000;

function scheduledEvent(time: Date): ScheduledEvent {
  return {
    version: '0',
    id: crypto.randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '000000000000',
    time: time.toISOString(),
    region: 'us-east-1',
    resources: ['arn:aws:events:us-east-1:000000000000:rule/s3-import-schedule'],
    detail: {},
  };
}

/**
 * The deployed pipeline's moving parts, played in one process: the schedule
 * invokes the lister, and pollers stand in for the two SQS event source mappings.
 */
export class LocalPipeline {
  private readonly syncPoller: SqsPoller;
  private readonly filePoller: SqsPoller;

  constructor(private readonly deps: LocalPipelineDeps) {
    this.syncPoller = new SqsPoller({
      sqs: deps.sqs,
      queueUrl: deps.syncQueueUrl,
      handler: deps.lister,
      batchSize: 1,
      timeoutMs: listerTimeoutMs,
      functionName: 's3-import-lister',
    });
    this.filePoller = new SqsPoller({
      sqs: deps.sqs,
      queueUrl: deps.fileQueueUrl,
      handler: deps.parser,
      batchSize: 10,
      timeoutMs: parserTimeoutMs,
      functionName: 's3-import-parser',
    });
  }

  /** One full cycle: the scheduled sync, then imports until both queues are empty. */
  async runCycle(): Promise<CycleReport> {
    const started = this.deps.clock.now();
    const deadline = Date.now() + cycleDeadlineMs;

    await this.deps.lister(
      scheduledEvent(started),
      localLambdaContext('s3-import-lister', listerTimeoutMs),
    );
    await this.drain(this.syncPoller, deadline);
    await this.drain(this.filePoller, deadline);

    return this.report(started);
  }

  private async drain(poller: SqsPoller, deadline: number): Promise<void> {
    while ((await poller.pending()) > 0) {
      if (Date.now() > deadline) {
        throw new Error('The local cycle did not drain its queues within 20 minutes.');
      }
      // Failed messages wait out their visibility timeout, as in AWS; a short
      // long-poll picks them up again without spinning.
      await poller.pollOnce(1);
    }
  }

  private async report(started: Date): Promise<CycleReport> {
    const since = started.toISOString();
    const connectors = await this.deps.connectors.list();
    const reports = await Promise.all(
      connectors.map(async (connector) => {
        const [health, results] = await Promise.all([
          this.deps.health.get(connector.connectorId),
          this.deps.results.listByConnector(connector.connectorId, 10_000),
        ]);
        const imports = results
          .filter((result) => result.status !== 'in_progress')
          .filter((result) => (result.finishedAt ?? result.startedAt) >= since)
          .sort((a, b) => a.key.localeCompare(b.key));
        return { connector, health, imports };
      }),
    );
    return {
      startedAt: since,
      finishedAt: this.deps.clock.now().toISOString(),
      connectors: reports,
      deadLetters: await this.deadLetters(),
    };
  }

  private async deadLetters(): Promise<number> {
    let total = 0;
    for (const queueUrl of [this.deps.fileQueueUrl, this.deps.syncQueueUrl]) {
      const response = await this.deps.sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: `${queueUrl}-dlq`,
          AttributeNames: ['ApproximateNumberOfMessages'],
        }),
      );
      total += Number(response.Attributes?.ApproximateNumberOfMessages ?? 0);
    }
    return total;
  }
}
