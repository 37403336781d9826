import type { Runtime } from '../adapters/runtime';
import type { ImportResult } from '../core/model';
import { SqsPoller } from '../local/sqs-poller';
import { renderTable } from './output';

const parserTimeoutMs = 15 * 60_000;
/** A local drain that has not finished by then has a stuck message. */
const drainDeadlineMs = 10 * 60_000;

/**
 * Imports what waits in the local file queue now, in this process, with the
 * parser Lambda's handler, and returns the results that ended meanwhile.
 * Failed messages are retried after their visibility timeout, as in AWS.
 */
export async function importQueuedFiles(runtime: Runtime): Promise<ImportResult[]> {
  const since = runtime.clock.now().toISOString();
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
    connectors.map((connector) => runtime.results.listByConnector(connector.connectorId, 10_000)),
  );
  return results
    .flat()
    .filter((result) => result.status !== 'in_progress' && (result.finishedAt ?? '') >= since)
    .sort((a, b) => a.key.localeCompare(b.key));
}

/** The imports of a local drain as a table. */
export function formatImported(results: ImportResult[]): string {
  if (results.length === 0) return 'No file was imported.';
  return renderTable(
    ['STATUS', 'FILE', 'ROWS', 'IMPORTED', 'REJECTED', 'REASON'],
    results.map((result) => [
      result.status,
      result.key,
      result.rowsRead,
      result.rowsImported,
      result.rowsRejected,
      result.reasonCode ?? '',
    ]),
  );
}
