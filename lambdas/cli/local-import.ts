import type { Runtime } from '../adapters/runtime';
import type { ImportResult } from '../core/model';
import { resultsReadPerConnector } from '../core/service';
import { SqsPoller } from '../local/sqs-poller';
import { importsTable } from './cycle-report';

const parserTimeoutMs = 15 * 60_000;
/** A local drain that has not finished by then has a stuck message. */
const drainDeadlineMs = 10 * 60_000;

/** What a local drain imported, and how many queued files it found imported before. */
export interface LocalImport {
  /** Results that ended since `since`: the drained files and what the sync itself reported (too large, unsupported). */
  imports: ImportResult[];
  /** Queued files the parser skipped because the same version (key and ETag) was imported before. */
  alreadyImported: number;
  /** Files the sync counted as unsupported or too large whose result was recorded by an earlier sync. */
  recordedBefore: number;
}

/**
 * Imports what waits in the local file queue now, in this process, with the
 * parser Lambda's handler, and returns the results that ended since `since`
 * (the start of the sync, so the files the sync skipped or failed are listed
 * too). Failed messages are retried after their visibility timeout, as in AWS.
 */
export async function importQueuedFiles(
  runtime: Runtime,
  { since, queued, notQueued }: { since: string; queued: number; notQueued: number },
): Promise<LocalImport> {
  const drainStart = runtime.clock.now().toISOString();
  const poller = new SqsPoller({
    sqs: runtime.clients.sqs,
    queueUrl: runtime.config.fileQueueUrl,
    handler: runtime.parserHandler,
    batchSize: 10,
    timeoutMs: parserTimeoutMs,
    functionName: 's3-import-parser',
  });
  const deadline = Date.now() + drainDeadlineMs;
  while ((await poller.pending()) > 0) {
    if (Date.now() > deadline) {
      throw new Error(
        'The file queue did not drain within 10 minutes; see "s3-import imports list".',
      );
    }
    await poller.pollOnce(1);
  }
  const connectors = await runtime.connectors.list();
  const results = await Promise.all(
    connectors.map((connector) =>
      runtime.results.listByConnector(connector.connectorId, resultsReadPerConnector),
    ),
  );
  const imports = results
    .flat()
    .filter((result) => result.status !== 'in_progress' && (result.finishedAt ?? '') >= since)
    .sort((a, b) => a.key.localeCompare(b.key));
  // The parser ends an already imported version without a new result; the sync's own
  // results (too large, unsupported) ended before the drain started.
  const drained = imports.filter((result) => (result.finishedAt ?? '') >= drainStart).length;
  // A file the sync refused keeps the result of the sync that first refused it.
  const refusedNow = imports.length - drained;
  return {
    imports,
    alreadyImported: Math.max(0, queued - drained),
    recordedBefore: Math.max(0, notQueued - refusedNow),
  };
}

/** The imports of a local drain as a table, and a word on the files imported before. */
export function formatImported(
  { imports, alreadyImported, recordedBefore }: LocalImport,
  connectorName = 'NAME',
): string {
  const lines: string[] = [];
  if (imports.length === 0) {
    lines.push('No file was imported.');
  } else {
    lines.push(importsTable(imports));
  }
  if (alreadyImported > 0) {
    const files =
      alreadyImported === 1 ? '1 queued file was' : `${alreadyImported} queued files were`;
    lines.push(
      `${files} already imported with the same content (same key and ETag), so not imported again; "s3-import imports list" shows the earlier results, and "s3-import connectors update ${connectorName} --reimport" imports them again.`,
    );
  }
  if (recordedBefore > 0) {
    const files =
      recordedBefore === 1
        ? '1 file the sync did not queue (unsupported or too large) was'
        : `${recordedBefore} files the sync did not queue (unsupported or too large) were`;
    lines.push(
      `${files} recorded by an earlier sync; "s3-import imports list --status skipped" (or failed) shows them.`,
    );
  }
  return lines.join('\n');
}
