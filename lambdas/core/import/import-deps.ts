import type { FileTask } from '../model';
import type {
  ClaimingImportResultStore,
  Clock,
  Logger,
  Metrics,
  ObjectStore,
  RecordSink,
  ReportStore,
  WorkQueue,
} from '../ports';
import type { Template } from '../templates/schema';

/** Size and time limits of one import. */
export interface ImportLimits {
  maxFileBytes: number;
  maxRecordBytes: number;
  /** Below this much remaining time the import checkpoints and continues in a new message. */
  checkpointReserveMs?: number;
}

/** What `importFile` needs: the ports, the resolved template, limits and the time left. */
export interface ImportDeps {
  objectStore: ObjectStore;
  template: Template;
  results: ClaimingImportResultStore;
  records: RecordSink;
  reports: ReportStore;
  /** Where a continuation of an import that runs out of time is queued. */
  continuation: WorkQueue<FileTask>;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  limits: ImportLimits;
  /** Time left in this invocation. */
  remainingTimeMs(): number;
  /** Names this invocation in claims; random when absent. */
  invocationId?: string;
}

/** Time kept in hand to save a checkpoint and queue the continuation. */
export const defaultCheckpointReserveMs = 60_000;
