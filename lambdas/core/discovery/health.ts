import type { ErrorCode } from '../errors';
import type { ConnectorHealth, SyncCounts } from './ports';

/** What one finished sync tells the health record. */
export interface SyncReport {
  connectorId: string;
  startedAt: string;
  finishedAt: string;
  counts: SyncCounts;
  /** Files in scope over the whole listing, earlier parts of a resumed one included. */
  objectsInScope: number;
  largeBucketThreshold: number;
}

function warningOf(report: SyncReport): ConnectorHealth['largeBucketWarning'] {
  if (report.objectsInScope <= report.largeBucketThreshold) {
    return undefined;
  }
  return {
    objectsInScope: report.objectsInScope,
    threshold: report.largeBucketThreshold,
    at: report.finishedAt,
  };
}

/** Health after a sync that completed: healthy, failures reset, last error kept for history. */
export function healthAfterSuccess(
  previous: ConnectorHealth | undefined,
  report: SyncReport,
): ConnectorHealth {
  return {
    connectorId: report.connectorId,
    state: 'healthy',
    lastSyncStartedAt: report.startedAt,
    lastSyncFinishedAt: report.finishedAt,
    lastSuccessfulSyncAt: report.finishedAt,
    lastCounts: report.counts,
    lastError: previous?.lastError,
    consecutiveFailures: 0,
    largeBucketWarning: warningOf(report),
  };
}

/**
 * Health after a failed or interrupted sync. A partial listing proves a large
 * folder but not a small one, so an earlier warning stays unless this one re-counts it.
 */
export function healthAfterFailure(
  previous: ConnectorHealth | undefined,
  report: SyncReport,
  error: { code: ErrorCode; message: string },
): ConnectorHealth {
  return {
    connectorId: report.connectorId,
    state: 'error',
    lastSyncStartedAt: report.startedAt,
    lastSyncFinishedAt: report.finishedAt,
    lastSuccessfulSyncAt: previous?.lastSuccessfulSyncAt,
    lastCounts: report.counts,
    lastError: { code: error.code, message: error.message, at: report.finishedAt },
    consecutiveFailures: (previous?.consecutiveFailures ?? 0) + 1,
    largeBucketWarning: warningOf(report) ?? previous?.largeBucketWarning,
  };
}

/**
 * Health after a sync that ran out of time but saved where its listing goes on:
 * progress, not a failure, so the state and failure count stay as they were.
 */
export function healthAfterProgress(
  previous: ConnectorHealth | undefined,
  report: SyncReport,
  listingStart: string,
): ConnectorHealth {
  return {
    connectorId: report.connectorId,
    state: previous?.state ?? 'healthy',
    lastSyncStartedAt: report.startedAt,
    lastSyncFinishedAt: report.finishedAt,
    lastSuccessfulSyncAt: previous?.lastSuccessfulSyncAt,
    lastCounts: report.counts,
    lastError: previous?.lastError,
    consecutiveFailures: previous?.consecutiveFailures ?? 0,
    listingInProgressSince: listingStart,
    largeBucketWarning: warningOf(report) ?? previous?.largeBucketWarning,
  };
}
