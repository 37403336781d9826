import type { DiscoveryState } from './ports';

const hourMs = 60 * 60 * 1000;
const dayMs = 24 * hourMs;

/** Rules of one deployment's discovery; every field has a default. */
export interface DiscoveryOptions {
  /** The first sync takes files last modified within this many days. @default 90 */
  initialSyncDays: number;
  /**
   * How far before the previous complete listing's start a later sync still
   * looks. Covers multipart uploads, which carry their initiation time as
   * LastModified and may complete hours later, and writers' clock skew. A
   * deployment sets it in whole hours (`lookbackHours`, `LOOKBACK_HOURS`).
   * @default 24 hours
   */
  lookbackMs: number;
  /** Larger files are not queued but reported `file_too_large`. @default 1 GiB */
  maxFileBytes: number;
  /**
   * How long a ledger entry outlives its window: the grace for syncs that keep
   * failing before an entry could expire while still inside the window.
   * @default 30 days
   */
  ledgerRetentionMs: number;
  /** Over this many files in scope the connector's health carries a warning. @default 50,000 */
  largeBucketThreshold: number;
}

export const defaultDiscoveryOptions: DiscoveryOptions = {
  initialSyncDays: 90,
  lookbackMs: 24 * hourMs,
  maxFileBytes: 1024 ** 3,
  ledgerRetentionMs: 30 * dayMs,
  largeBucketThreshold: 50_000,
};

/** The candidate window of one sync: files last modified at or after `start`. */
export interface SyncWindow {
  start: Date;
  /** No complete listing yet: files before `start` are counted as ignored. */
  isInitial: boolean;
}

/**
 * The window from the state and this run's listing start (S3's clock). It moves
 * with complete listings, not with the newest file seen, so a folder that stays
 * quiet for days keeps a window that still catches a late multipart upload.
 */
export function windowOf(
  state: DiscoveryState | undefined,
  listingStart: Date,
  options: DiscoveryOptions,
): SyncWindow {
  if (!state?.lastCompleteListingStart) {
    return {
      start: new Date(listingStart.getTime() - options.initialSyncDays * dayMs),
      isInitial: true,
    };
  }
  // Limitation: an object that first shows up in a listing with a LastModified
  // older than this window (a multipart upload completing more than the lookback
  // after it began) is never queued; raise the deployment's `lookbackHours` for
  // such writers.
  const previousStart = Date.parse(state.lastCompleteListingStart);
  return { start: new Date(previousStart - options.lookbackMs), isInitial: false };
}

/**
 * When a ledger entry may be deleted: once a later complete listing has moved
 * the window past the object (its time plus the lookback), plus the retention
 * grace for connectors whose syncs fail for a while.
 */
export function ledgerExpiryOf(
  lastModified: Date,
  listingStart: Date,
  options: DiscoveryOptions,
): number {
  // Limitation: when a connector's syncs keep failing for longer than the
  // retention, expired entries let a later sync queue those files again; the
  // parser's claim on the file id keeps the import itself single.
  const newest = Math.max(lastModified.getTime(), listingStart.getTime());
  return Math.ceil((newest + options.lookbackMs + options.ledgerRetentionMs) / 1000);
}
