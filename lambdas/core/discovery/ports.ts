import type { ErrorCode } from '../errors';

/**
 * Where a connector's listing window stands. Written only after a listing that
 * reached its last page and whose every new object the queue accepted.
 */
export interface DiscoveryState {
  connectorId: string;
  /** S3's clock when the last complete listing started (ISO 8601). */
  lastCompleteListingStart?: string;
  /** The scheduled cycle of the last sync that completed; a request for it again is skipped. */
  lastCycle?: string;
  /** Set while a listing that ran out of time is continued by the next syncs. */
  resume?: ResumePoint;
  updatedAt: string;
}

/** Where an unfinished listing goes on: every key up to `afterKey` was settled. */
export interface ResumePoint {
  /** S3's clock when the listing's first part started; the window moves to it once done. */
  listingStart: string;
  afterKey: string;
  /** The folder listed; a resume point for another folder is ignored. */
  folder: string;
  /** Files in scope counted by the earlier parts. */
  inScope: number;
}

/** One object version the lister handed to the queue (or reported), by `fileIdOf(key, etag)`. */
export interface LedgerEntry {
  fileId: string;
  etag: string;
  lastModified: string;
  /** Epoch seconds after which DynamoDB may delete it (its time-to-live). */
  expiresAt: number;
}

/**
 * The lister's memory in the discovery table: listing state, the run lease and
 * the ledger of queued versions. Every method is per connector.
 */
export interface DiscoveryStateStore {
  getState(connectorId: string): Promise<DiscoveryState | undefined>;
  putState(state: DiscoveryState): Promise<void>;

  /**
   * Takes the connector's run lease until `until` when it is free or expired at
   * `now`; false when another run holds it. A conditional write, so two runs
   * racing for it cannot both win.
   */
  acquireLease(connectorId: string, holder: string, until: Date, now: Date): Promise<boolean>;
  /** Gives the lease back if `holder` still holds it; a no-op otherwise. */
  releaseLease(connectorId: string, holder: string): Promise<void>;

  /**
   * The subset of `fileIds` already in the ledger. Reads only those ids (in
   * batches), never the whole ledger, so memory follows the page, not the bucket.
   */
  findQueued(connectorId: string, fileIds: string[]): Promise<Set<string>>;
  /** Adds ledger entries; idempotent. */
  markQueued(connectorId: string, entries: LedgerEntry[]): Promise<void>;
}

/** Counts of one sync, as the health record and the summary show them. */
export interface SyncCounts {
  /** Everything the listing returned under the prefix, folder placeholders included. */
  listed: number;
  /** Files under the folder (folder placeholders excluded). */
  inScope: number;
  /** In scope, inside the window and not in the ledger. */
  new: number;
  queued: number;
  tooLarge: number;
  unsupported: number;
  /** First sync only: files last modified before the initial window. */
  ignoredTooOld: number;
  /** New files the queue refused after retries; they are tried again next sync. */
  notQueued: number;
}

export interface HealthError {
  code: ErrorCode;
  message: string;
  at: string;
}

/** What a user sees about a connector's syncs. Its lifecycle status is in the connector. */
export interface ConnectorHealth {
  connectorId: string;
  /** Derived: `error` when the last sync failed, `healthy` after a sync that completed. */
  state: 'healthy' | 'error';
  lastSyncStartedAt?: string;
  lastSyncFinishedAt?: string;
  lastSuccessfulSyncAt?: string;
  lastCounts?: SyncCounts;
  lastError?: HealthError;
  consecutiveFailures: number;
  /** Set while a listing too long for one sync goes on over several: when it began. */
  listingInProgressSince?: string;
  /** Set while the folder holds more files than the lister is sized for. */
  largeBucketWarning?: { objectsInScope: number; threshold: number; at: string };
}

/** Connector health, stored in the discovery table under sort key `HEALTH`. */
export interface HealthStore {
  get(connectorId: string): Promise<ConnectorHealth | undefined>;
  put(health: ConnectorHealth): Promise<void>;
}
