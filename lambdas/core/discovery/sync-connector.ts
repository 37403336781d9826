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
import { healthAfterFailure, healthAfterSuccess } from './health';
import { type DiscoveryOptions, type SyncWindow, windowOf } from './options';
import { emptyCounts, type PageContext, processPage } from './page-diff';
import type { DiscoveryStateStore, HealthStore, SyncCounts } from './ports';

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
  /** On the lister's clock: no page is started after it; the lease ends shortly after. */
  deadline: Date;
  /** The scheduled cycle asking for this sync; a cycle already synced is skipped. */
  cycle?: string;
}

export type SyncOutcome =
  | 'succeeded'
  | 'failed'
  | 'interrupted'
  | 'skipped_lease_held'
  | 'skipped_cycle_done'
  | 'skipped_not_active';

export interface SyncSummary {
  connectorId: string;
  outcome: SyncOutcome;
  startedAt: string;
  finishedAt: string;
  counts: SyncCounts;
  /** Set when the outcome is `failed` or `interrupted`. */
  error?: { code: ErrorCode; message: string };
  windowStart?: string;
  listingStart?: string;
}

/** A lease outlives the deadline by this much, so a run still releasing it keeps it. */
const leaseGraceMs = 60_000;

class SyncInterrupted extends Error {}

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

async function loadContext(deps: SyncDeps, connector: Connector) {
  const template = await deps.templates.get(connector.templateId);
  if (!template) {
    throw new ConnectorError(
      'template_not_found',
      `Connector ${connector.connectorId} uses template "${connector.templateId}", which does not exist. Choose an existing template or create this one.`,
    );
  }
  const objectStore = deps.objectStores(connector);
  return { template, objectStore };
}

/**
 * One complete sync of one connector under its lease: lists the folder page by
 * page, queues what is new, then moves the window, or, on any failure or when
 * the deadline comes, moves nothing so that the next sync covers the same
 * ground. Never throws for the connector's own failures: they end up in its
 * health and in the returned summary. Throws only when the discovery table cannot
 * be reached for the lease or the health record.
 */
export async function syncConnector(
  deps: SyncDeps,
  connector: Connector,
  run: SyncRun,
): Promise<SyncSummary> {
  const { connectorId } = connector;
  const startedAt = deps.clock.now();
  const counts = emptyCounts();
  const summaryOf = (outcome: SyncOutcome, extra: Partial<SyncSummary> = {}): SyncSummary => ({
    connectorId,
    outcome,
    startedAt: startedAt.toISOString(),
    finishedAt: deps.clock.now().toISOString(),
    counts,
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

  let window: SyncWindow | undefined;
  let listingStart: Date | undefined;
  try {
    const state = await deps.discoveryState.getState(connectorId);
    if (run.cycle !== undefined && state?.lastCycle !== undefined && run.cycle <= state.lastCycle) {
      return summaryOf('skipped_cycle_done');
    }
    const { template, objectStore } = await loadContext(deps, connector);

    let context: PageContext | undefined;
    for await (const page of objectStore.listObjects({
      bucket: connector.bucket,
      prefix: connector.folder,
    })) {
      if (!context) {
        // One "now" per run, from S3's clock: LastModified is S3's clock too.
        listingStart = page.serverTime ?? deps.clock.now();
        window = windowOf(state, listingStart, deps.options);
        context = {
          connectorId,
          bucket: connector.bucket,
          folder: connector.folder,
          template,
          window,
          listingStart,
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
    }
    listingStart ??= deps.clock.now();

    if (counts.notQueued > 0) {
      throw new ImportError(
        'transient',
        `The file queue refused ${counts.notQueued} of ${counts.new} new files after retries; the next sync queues them again.`,
      );
    }
    await deps.discoveryState.putState({
      connectorId,
      lastCompleteListingStart: listingStart.toISOString(),
      lastCycle: run.cycle ?? state?.lastCycle,
      updatedAt: deps.clock.now().toISOString(),
    });

    const summary = summaryOf('succeeded', {
      windowStart: window?.start.toISOString(),
      listingStart: listingStart.toISOString(),
    });
    await recordSuccess(deps, summary);
    return summary;
  } catch (error) {
    const interrupted = error instanceof SyncInterrupted;
    const failure = interrupted
      ? {
          code: 'transient' as const,
          message: `The sync ran out of time after listing ${counts.listed} objects and stopped; the next sync lists the folder again and queues what this one did not.`,
        }
      : errorOf(error);
    const summary = summaryOf(interrupted ? 'interrupted' : 'failed', {
      error: failure,
      windowStart: window?.start.toISOString(),
      listingStart: listingStart?.toISOString(),
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

function reportOf(deps: SyncDeps, summary: SyncSummary) {
  return {
    connectorId: summary.connectorId,
    startedAt: summary.startedAt,
    finishedAt: summary.finishedAt,
    counts: summary.counts,
    largeBucketThreshold: deps.options.largeBucketThreshold,
  };
}

function countFields(counts: SyncCounts) {
  return {
    objects_listed: counts.listed,
    objects_in_scope: counts.inScope,
    files_new: counts.new,
    files_queued: counts.queued,
    files_too_large: counts.tooLarge,
    files_unsupported: counts.unsupported,
    files_ignored_too_old: counts.ignoredTooOld,
    files_not_queued: counts.notQueued,
  };
}

function publishCounts(deps: SyncDeps, summary: SyncSummary): void {
  const { connectorId, counts } = summary;
  const duration = Date.parse(summary.finishedAt) - Date.parse(summary.startedAt);
  deps.metrics.add('ObjectsListed', 'Count', counts.listed, connectorId);
  deps.metrics.add('ObjectsInScope', 'Count', counts.inScope, connectorId);
  deps.metrics.add('FilesQueued', 'Count', counts.queued, connectorId);
  deps.metrics.add('SyncDuration', 'Milliseconds', duration, connectorId);
  if (counts.inScope > deps.options.largeBucketThreshold) {
    deps.metrics.add('LargeBucketWarning', 'Count', 1, connectorId);
    deps.logger.warn('large folder', {
      connector_id: connectorId,
      objects_in_scope: counts.inScope,
      threshold: deps.options.largeBucketThreshold,
    });
  }
}

async function recordSuccess(deps: SyncDeps, summary: SyncSummary): Promise<void> {
  const previous = await deps.health.get(summary.connectorId);
  await deps.health.put(healthAfterSuccess(previous, reportOf(deps, summary)));
  publishCounts(deps, summary);
  deps.metrics.add('SyncsSucceeded', 'Count', 1, summary.connectorId);
  deps.logger.info('sync finished', {
    connector_id: summary.connectorId,
    ...countFields(summary.counts),
  });
}

async function recordFailure(
  deps: SyncDeps,
  summary: SyncSummary,
  failure: { code: ErrorCode; message: string },
  error: unknown,
): Promise<void> {
  const previous = await deps.health.get(summary.connectorId);
  await deps.health.put(healthAfterFailure(previous, reportOf(deps, summary), failure));
  publishCounts(deps, summary);
  deps.metrics.add('SyncsFailed', 'Count', 1, summary.connectorId);
  deps.metrics.add('ConnectorErrors', 'Count', 1, summary.connectorId);
  const fields = {
    connector_id: summary.connectorId,
    error_code: failure.code,
    ...countFields(summary.counts),
  };
  if (failure.code === 'internal_error') {
    deps.logger.error('sync failed', { ...fields, error });
  } else {
    deps.logger.warn('sync failed', fields);
  }
}
