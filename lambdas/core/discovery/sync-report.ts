import type { ErrorCode } from '../errors';
import {
  healthAfterFailure,
  healthAfterProgress,
  healthAfterSuccess,
  type SyncReport,
} from './health';
import type { SyncCounts } from './ports';
import type { SyncDeps, SyncSummary } from './sync-connector';

function reportOf(deps: SyncDeps, summary: SyncSummary): SyncReport {
  return {
    connectorId: summary.connectorId,
    startedAt: summary.startedAt,
    finishedAt: summary.finishedAt,
    counts: summary.counts,
    objectsInScope: summary.objectsInScope,
    largeBucketThreshold: deps.options.largeBucketThreshold,
  };
}

/** Log fields of a sync's counts, snake_case as every log line's fields are. */
export function countFields(counts: SyncCounts) {
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
  if (summary.objectsInScope > deps.options.largeBucketThreshold) {
    deps.metrics.add('LargeBucketWarning', 'Count', 1, connectorId);
    deps.logger.warn('large folder', {
      connector_id: connectorId,
      objects_in_scope: summary.objectsInScope,
      threshold: deps.options.largeBucketThreshold,
    });
  }
}

/** Health, metrics and log line of a sync that completed. */
export async function recordSuccess(deps: SyncDeps, summary: SyncSummary): Promise<void> {
  const previous = await deps.health.get(summary.connectorId);
  await deps.health.put(healthAfterSuccess(previous, reportOf(deps, summary)));
  publishCounts(deps, summary);
  deps.metrics.add('SyncsSucceeded', 'Count', 1, summary.connectorId);
  deps.logger.info('sync finished', {
    connector_id: summary.connectorId,
    ...countFields(summary.counts),
  });
}

/** Health, metrics and log line of a sync that ran out of time and saved its place. */
export async function recordProgress(
  deps: SyncDeps,
  summary: SyncSummary,
  listingStart: string,
): Promise<void> {
  const previous = await deps.health.get(summary.connectorId);
  await deps.health.put(healthAfterProgress(previous, reportOf(deps, summary), listingStart));
  publishCounts(deps, summary);
  deps.logger.info('sync paused, listing continues next sync', {
    connector_id: summary.connectorId,
    ...countFields(summary.counts),
  });
}

/** Health, metrics and log line of a sync that failed; unexpected errors logged with their cause. */
export async function recordFailure(
  deps: SyncDeps,
  summary: SyncSummary,
  failure: { code: ErrorCode; message: string },
  error: unknown,
): Promise<void> {
  const previous = await deps.health.get(summary.connectorId);
  const health = healthAfterFailure(previous, reportOf(deps, summary), failure);
  await deps.health.put(health);
  publishCounts(deps, summary);
  deps.metrics.add('SyncsFailed', 'Count', 1, summary.connectorId);
  // The failing-connector alarm takes the maximum of this over all connectors.
  deps.metrics.add('ConsecutiveFailures', 'Count', health.consecutiveFailures, summary.connectorId);
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
