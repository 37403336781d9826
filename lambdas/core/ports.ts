import type { Connector, FileTask, ImportedRecord, ImportResult, ListedObject } from './model';
import type { Template, TemplateInput } from './templates/schema';

/** One ListObjectsV2 page. */
export interface ListPage {
  objects: ListedObject[];
  /** The store's own clock when it answered (the HTTP `Date` header). */
  serverTime?: Date;
}

/** Read-only view of one customer bucket, with that connector's credentials. */
export interface ObjectStore {
  /**
   * Pages of the objects under `prefix`, in key order, fetched one at a time as
   * the caller consumes them. Throws a `ConnectorError` for access, bucket and
   * region problems, a `TransientError` for throttling and 5xx.
   */
  listObjects(params: {
    bucket: string;
    prefix: string;
    /** Lists only keys after this one, to resume a listing that ran out of time. */
    startAfter?: string;
    /**
     * Aborts the request in flight (the sync's deadline); the iteration then
     * rejects. The sync does not wait for a store that does not notice.
     */
    signal?: AbortSignal;
  }): AsyncIterable<ListPage>;

  /**
   * The bytes of exactly the listed version: the read is conditional on `etag`.
   * Throws `FileFailure` with `object_changed` (ETag no longer matches) or
   * `object_missing` (key gone).
   */
  getObject(params: {
    bucket: string;
    key: string;
    etag: string;
    /** First byte to read, for resumed imports. */
    startByte?: number;
  }): Promise<AsyncIterable<Uint8Array>>;
}

/** Builds the object store of one connector (assuming its role in AWS). */
export type ObjectStoreFactory = (connector: Connector) => ObjectStore;

/** A message and the id it is tracked by within one batch. */
export interface QueueEntry<T> {
  id: string;
  body: T;
}

export interface WorkQueue<T> {
  /**
   * Sends messages (any number; sent in batches of 10). Entries that the queue
   * did not accept after retries are returned by id and must not be treated as
   * queued.
   */
  send(entries: QueueEntry<T>[]): Promise<{ failedIds: string[] }>;
}

export type FileQueue = WorkQueue<FileTask>;

export interface RecordSink {
  /** Idempotent: a record with the same key replaces the previous one. */
  write(records: ImportedRecord[]): Promise<void>;
}

export interface ConnectorStore {
  list(): Promise<Connector[]>;
  get(connectorId: string): Promise<Connector | undefined>;
  put(connector: Connector): Promise<void>;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export type LogFields = Record<string, unknown>;

/** Structured logger: fixed short messages, identifiers and counts in fields. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
};

export type MetricUnit = 'Count' | 'Milliseconds' | 'Bytes';

export interface Metrics {
  /** Adds a data point, per connector when `connectorId` is given and in total. */
  add(name: string, unit: MetricUnit, value: number, connectorId?: string): void;
}

export const noMetrics: Metrics = { add: () => {} };

export interface ImportResultStore {
  get(connectorId: string, fileId: string): Promise<ImportResult | undefined>;
  put(result: ImportResult): Promise<void>;
  /** Writes only when no result exists for that version; false when one did. */
  putIfAbsent(result: ImportResult): Promise<boolean>;
  /** Up to `limit` results of one connector, in no particular order; every page read. */
  listByConnector(connectorId: string, limit?: number): Promise<ImportResult[]>;
}

/** What a claim on an import found. */
export type ClaimOutcome =
  /** The caller holds the file now; `result` is the stored one (with any checkpoint). */
  | { kind: 'claimed'; result: ImportResult }
  /** The file already has a final result. */
  | { kind: 'finished'; result: ImportResult }
  /** Another invocation holds a live claim. */
  | { kind: 'busy'; result: ImportResult };

/** An import result store that can also hand out expiring claims on a file. */
export interface ClaimingImportResultStore extends ImportResultStore {
  /**
   * Claims a file for `claim.claimedBy` until `claim.claimExpiresAt`: writes
   * `initial` when no result exists, else takes over an in-progress result
   * whose claim has lapsed at `now` (its holder died or gave it up). A
   * conditional write, so two parsers never hold the same file at once.
   */
  claim(
    initial: ImportResult,
    claim: { claimedBy: string; claimExpiresAt: string },
    now: Date,
  ): Promise<ClaimOutcome>;
}

/** Versioned data templates. The template type lives in `templates/schema`. */
export interface TemplateStore {
  /** The given version, or the newest when `version` is absent. */
  get(templateId: string, version?: number): Promise<Template | undefined>;
  /** Validates and stores a new version; returns it with its version number. */
  save(template: TemplateInput): Promise<Template>;
  list(): Promise<Template[]>;
}

/** Where full error reports go (the deployment's results bucket). */
export interface ReportStore {
  /** Stores a report and returns the key it can be found under. */
  put(key: string, body: string, contentType: string): Promise<string>;
}
