/**
 * Stable error codes. Import results, connector health, logs, metrics and the
 * CLI's exit status key on these; the message carries the detail.
 */
export type ErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'conflict'
  | 'transient'
  // Connector failures
  | 'role_not_assumable'
  | 'access_denied'
  | 'bucket_not_found'
  | 'wrong_region'
  | 'credentials_expired'
  | 'throttled'
  | 'template_not_found'
  // File failures
  | 'file_too_large'
  | 'unsupported_format'
  | 'malformed_file'
  | 'invalid_encoding'
  | 'invalid_header'
  | 'missing_columns'
  | 'record_too_large'
  | 'record_refused'
  | 'object_changed'
  | 'object_missing'
  // Local deployment
  | 'port_in_use'
  | 'unreachable'
  | 'internal_error';

/** Base of every error the product raises on purpose. */
export class ImportError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    message: string,
    options?: { cause?: unknown; details?: Record<string, unknown> },
  ) {
    super(message, { cause: options?.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = options?.details;
  }
}

/** A setting, message or argument that can never succeed as given. */
export class InvalidInputError extends ImportError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('invalid_input', message, { details });
  }
}

export class NotFoundError extends ImportError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('not_found', message, { details });
  }
}

export class ConflictError extends ImportError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('conflict', message, { details });
  }
}

/** Worth retrying later: throttling, timeouts, 5xx. The queue redelivers. */
export class TransientError extends ImportError {
  constructor(message: string, cause?: unknown) {
    super('transient', message, { cause });
  }
}

/**
 * A failure of one connector (role, bucket, region, credentials). It marks that
 * connector's health and never stops the others.
 */
export class ConnectorError extends ImportError {}

/**
 * A file that cannot be imported for a reason that will not change by retrying.
 * Ends the file with a failed import result.
 */
export class FileFailure extends ImportError {}

export function isTransient(error: unknown): boolean {
  return error instanceof TransientError;
}
