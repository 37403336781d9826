/** Lifecycle of a customer connection. */
export type ConnectorStatus = 'pending' | 'active' | 'paused' | 'error';

/** One customer bucket (and optional folder) imported with one data template. */
export interface Connector {
  connectorId: string;
  name: string;
  accountId: string;
  bucket: string;
  region: string;
  /** Normalised prefix: '' for the whole bucket, else ends with '/' and has no leading '/'. */
  folder: string;
  templateId: string;
  /** Random per connector; the customer's trust policy requires it. */
  externalId: string;
  roleArn: string;
  status: ConnectorStatus;
  createdAt: string;
  updatedAt: string;
  /** When the bucket, folder, region or template last changed; unset until one does. */
  settingsChangedAt?: string;
}

/** An object as a ListObjectsV2 page shows it. */
export interface ListedObject {
  key: string;
  /** As S3 returns it, quotes included. */
  etag: string;
  size: number;
  lastModified: Date;
}

/** The message the lister queues for the parser: one object version to import. */
export interface FileTask {
  connectorId: string;
  bucket: string;
  key: string;
  etag: string;
  size: number;
  lastModified: string;
  /** Set on a continuation of an import that ran out of time. */
  checkpoint?: ImportCheckpoint;
}

/** Where an interrupted import resumes: after the last complete row. */
export interface ImportCheckpoint {
  byteOffset: number;
  rowsRead: number;
  rowsImported: number;
  rowsIgnored: number;
  rowsRejected: number;
  /** Row number, as a spreadsheet shows it, of the next row to read. */
  nextRowNumber: number;
  [extra: string]: unknown;
}

export type ImportStatus =
  | 'in_progress'
  | 'succeeded'
  | 'partially_succeeded'
  | 'failed'
  | 'skipped';

/** Why one row was not imported. */
export interface RowError {
  /** Row number as a spreadsheet shows it (header is row 1 in a plain CSV). */
  row: number;
  field?: string;
  code: string;
  message: string;
  value?: string;
}

/** One per (connector, key, ETag). */
export interface ImportResult {
  connectorId: string;
  /** Deterministic id of the object version, see `fileIdOf`. */
  fileId: string;
  bucket: string;
  key: string;
  etag: string;
  size: number;
  status: ImportStatus;
  reasonCode?: string;
  reasonMessage?: string;
  rowsRead: number;
  rowsImported: number;
  rowsIgnored: number;
  rowsRejected: number;
  bytesRead: number;
  templateId?: string;
  templateVersion?: number;
  startedAt: string;
  finishedAt?: string;
  /** The first row errors; the full list is in the error report. */
  rowErrors: RowError[];
  errorReportKey?: string;
  /** Every error report of the file when its import ran in several parts. */
  errorReportKeys?: string[];
  /** While in progress: the invocation importing the file, and when its claim lapses. */
  claimedBy?: string;
  claimExpiresAt?: string;
  /** While in progress: where a continuation resumes. */
  checkpoint?: ImportCheckpoint;
}

/** A record as the destination table stores it. */
export interface ImportedRecord {
  connectorId: string;
  recordType: string;
  /** Deterministic: the template's primary key, else file, ETag and row number. */
  recordKey: string;
  fileId: string;
  row: number;
  data: Record<string, unknown>;
}
