import { randomUUID } from 'node:crypto';
import { ConnectorError, type ErrorCode, ImportError } from '../errors';
import type { Connector } from '../model';
import type {
  Clock,
  FileQueue,
  ImportResultStore,
  Logger,
  Metrics,
  ObjectStoreFactory,
  TemplateStore,
} from '../ports';
import { abortAt, SyncInterrupted, untilAborted } from './deadline';
import { type DiscoveryOptions, type SyncWindow, windowOf } from './options';
import { emptyCounts, type PageContext, processPage } from './page-diff';
import type {
  DiscoveryState,
  DiscoveryStateStore,
  HealthStore,
  ResumePoint,
  SyncCounts,
} from './ports';
import { recordFailure, recordProgress, recordSuccess } from './sync-report';

/** The ports one connector's sync needs. */
export interface SyncDeps {
  templates: TemplateStore;
  importResults: ImportResultStore;
  discoveryState: DiscoveryStateStore;
  health: HealthStore;
  objectStores: ObjectStoreFactory;
  fileQueue: FileQueue;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  options: DiscoveryOptions;
}

export interface SyncRun {
  /**
   * On the lister's clock: no page is started after it, and a listing request
   * still in flight at it is aborted; the lease ends shortly after.
   */
  deadline: Date;
  /** The scheduled cycle asking for this sync; a cycle already synced is skipped. */
  cycle?: string;
}

export type SyncOutcome =
  | 'succeeded'
  | 'failed'
  /** Out of time; when `progressSaved`, the next sync goes on from where this one stopped. */
  | 'interrupted'
  | 'skipped_lease_held'
  | 'skipped_cycle_done'
  | 'skipped_not_active';

export interface SyncSummary {
  connectorId: string;
  outcome: SyncOutcome;
  startedAt: string;
  finishedAt: string;
  /** This run's counts. */
  counts: SyncCounts;
  /** Files in scope over the whole listing, earlier parts of a resumed one included. */
  objectsInScope: number;
  /** Set when the sync failed, or ran out of time without saving its place. */
  error?: { code: ErrorCode; message: string };
  progressSaved?: boolean;
  windowStart?: string;
  listingStart?: string;
}

/** A lease outlives the deadline by this much, so a run still releasing it keeps it. */
const leaseGraceMs = 60_000;

/** How far one run got: set as pages are settled, read when it stops. */
interface Progress {
  resume?: ResumePoint;
  listingStart?: Date;
  window?: SyncWindow;
  /** Last key of the last page settled by this run. */
  lastKey?: string;
}

function errorOf(error: unknown): { code: ErrorCode; message: string } {
  if (error instanceof ImportError) {
    return { code: error.code, message: error.message };
  }
  return {
    code: 'internal_error',
    message:
      'The sync failed unexpectedly; the next sync tries again. The lister logs have the details.',
  };
}

function interruptedFailure(counts: SyncCounts): { code: ErrorCode; message: string } {
  if (counts.notQueued > 0) {
    return {
      code: 'transient',
      message: `The sync ran out of time after the file queue refused ${counts.notQueued} new files; the next sync starts where this one started and queues them again.`,
    };
  }
  return {
    code: 'transient',
    message:
      'The sync ran out of time before it settled the first page of the listing; the next sync starts where this one started.',
  };
}

async function listNewFiles(
  deps: SyncDeps,
  connector: Connector,
  state: DiscoveryState | undefined,
  run: SyncRun,
  counts: SyncCounts,
  progress: Progress,
): Promise<void> {
  const template = await deps.templates.get(connector.templateId);
  if (!template) {
    throw new ConnectorError(
      'template_not_found',
      `Connector "${connector.name}" uses template "${connector.templateId}", which does not exist. Choose an existing template with "s3-import connectors update ${connector.name} --template ID", or create this one with "s3-import templates create".`,
    );
  }
  const objectStore = deps.objectStores(connector);
  const resume = progress.resume;
  // A request in flight at the deadline (a stalled connection, the SDK's
  // timeouts and retries) is aborted, and the sync stops as it does between pages.
  const deadline = abortAt(run.deadline, deps.clock);
  const pages = untilAborted(
    objectStore.listObjects({
      bucket: connector.bucket,
      prefix: connector.folder,
      startAfter: resume?.afterKey,
      signal: deadline.signal,
    }),
    deadline.signal,
  );

  let context: PageContext | undefined;
  try {
    for await (const page of pages) {
      if (!context) {
        // One "now" per run, from S3's clock (LastModified's clock); a resumed
        // listing keeps the start of its first part, which the window moves to.
        progress.listingStart = resume
          ? new Date(resume.listingStart)
          : (page.serverTime ?? deps.clock.now());
        progress.window = windowOf(state, progress.listingStart, deps.options);
        context = {
          connectorId: connector.connectorId,
          bucket: connector.bucket,
          folder: connector.folder,
          template,
          window: progress.window,
          listingStart: progress.listingStart,
          options: deps.options,
          state: deps.discoveryState,
          importResults: deps.importResults,
          fileQueue: deps.fileQueue,
          now: () => deps.clock.now(),
        };
      }
      if (deps.clock.now().getTime() >= run.deadline.getTime()) {
        throw new SyncInterrupted();
      }
      await processPage(context, page, counts);
      progress.lastKey = page.objects.at(-1)?.key ?? progress.lastKey;
    }
  } finally {
    deadline.cancel();
  }
  progress.listingStart ??= resume ? new Date(resume.listingStart) : deps.clock.now();

  if (counts.notQueued > 0) {
    throw new ImportError(
      'transient',
      `The file queue refused ${counts.notQueued} of ${counts.new} new files after retries; the next sync queues them again.`,
    );
  }
}

/**
 * One sync of one connector under its lease: lists the folder page by page,
 * queues what is new, then moves the window. On a failure it moves nothing, so
 * the next sync covers the same ground. At the deadline it stops between pages,
 * or aborts the listing request in flight, and, when every file so far was settled, saves where the listing goes on, so
 * that a folder too large for one invocation is listed over several. Never
 * throws for the connector's own failures: they are in its health and in the
 * returned summary. Throws only when the discovery table cannot be reached for
 * the lease or the health record.
 */
export async function syncConnector(
  deps: SyncDeps,
  connector: Connector,
  run: SyncRun,
): Promise<SyncSummary> {
  const { connectorId } = connector;
  const startedAt = deps.clock.now();
  const counts = emptyCounts();
  const progress: Progress = {};
  const summaryOf = (outcome: SyncOutcome, extra: Partial<SyncSummary> = {}): SyncSummary => ({
    connectorId,
    outcome,
    startedAt: startedAt.toISOString(),
    finishedAt: deps.clock.now().toISOString(),
    counts,
    objectsInScope: (progress.resume?.inScope ?? 0) + counts.inScope,
    windowStart: progress.window?.start.toISOString(),
    listingStart: progress.listingStart?.toISOString(),
    ...extra,
  });

  if (connector.status !== 'active') {
    return summaryOf('skipped_not_active');
  }
  const holder = randomUUID();
  const leaseUntil = new Date(run.deadline.getTime() + leaseGraceMs);
  if (!(await deps.discoveryState.acquireLease(connectorId, holder, leaseUntil, startedAt))) {
    deps.logger.info('sync skipped, lease held', { connector_id: connectorId });
    return summaryOf('skipped_lease_held');
  }

  let state: DiscoveryState | undefined;
  try {
    state = await deps.discoveryState.getState(connectorId);
    if (run.cycle !== undefined && state?.lastCycle !== undefined && run.cycle <= state.lastCycle) {
      return summaryOf('skipped_cycle_done');
    }
    progress.resume = state?.resume?.folder === connector.folder ? state.resume : undefined;

    await listNewFiles(deps, connector, state, run, counts, progress);

    const listingStart = (progress.listingStart as Date).toISOString();
    await deps.discoveryState.putState({
      connectorId,
      lastCompleteListingStart: listingStart,
      lastCycle: run.cycle ?? state?.lastCycle,
      updatedAt: deps.clock.now().toISOString(),
    });
    const summary = summaryOf('succeeded');
    await recordSuccess(deps, summary);
    return summary;
  } catch (caught) {
    let error = caught;
    if (error instanceof SyncInterrupted && counts.notQueued === 0 && progress.lastKey) {
      try {
        return await saveProgress(deps, connector, state, progress, summaryOf);
      } catch (saveError) {
        error = saveError;
      }
    }
    const failure = error instanceof SyncInterrupted ? interruptedFailure(counts) : errorOf(error);
    const summary = summaryOf(error instanceof SyncInterrupted ? 'interrupted' : 'failed', {
      error: failure,
    });
    await recordFailure(deps, summary, failure, error);
    return summary;
  } finally {
    await deps.discoveryState.releaseLease(connectorId, holder).catch((error: unknown) => {
      // The lease expires by itself; a failed release only delays the next run.
      deps.logger.warn('lease release failed', { connector_id: connectorId, error });
    });
  }
}

async function saveProgress(
  deps: SyncDeps,
  connector: Connector,
  state: DiscoveryState | undefined,
  progress: Progress,
  summaryOf: (outcome: SyncOutcome, extra?: Partial<SyncSummary>) => SyncSummary,
): Promise<SyncSummary> {
  const summary = summaryOf('interrupted', { progressSaved: true });
  const listingStart = (progress.listingStart as Date).toISOString();
  await deps.discoveryState.putState({
    ...state,
    connectorId: connector.connectorId,
    resume: {
      listingStart,
      afterKey: progress.lastKey as string,
      folder: connector.folder,
      inScope: summary.objectsInScope,
    },
    updatedAt: deps.clock.now().toISOString(),
  });
  await recordProgress(deps, summary, listingStart);
  return summary;
}
