import type { Runtime } from '../adapters/runtime';
import { InvalidInputError } from '../core/errors';
import { findConnector, refuseUnlessActive, type SyncSummary, syncNow } from '../core/service';
import { formatImported, importQueuedFiles } from './local-import';
import { type Output, renderTable } from './output';

function resultOf(summary: SyncSummary): string {
  if (summary.error) return `${summary.error.code}: ${summary.error.message}`;
  const counts = summary.counts;
  return `listed ${counts.listed}, new ${counts.new}, queued ${counts.queued}, too large ${counts.tooLarge}, unsupported ${counts.unsupported}, older than the initial window ${counts.ignoredTooOld}`;
}

/**
 * Runs discovery now and prints one line per connector; with `importNow`, then
 * imports the queued files in this process. Exit 1 when a sync failed.
 */
export async function runSync(
  runtime: Runtime,
  options: { connector?: string; importNow?: boolean },
  output: Output,
): Promise<number> {
  if (options.importNow && !runtime.config.local) {
    throw new InvalidInputError(
      '--import works only on the local deployment; on a deployed stack the parser Lambda imports the queued files.',
    );
  }
  const deps = runtime.serviceDeps;
  // An unknown or paused connector is refused before anything is printed as under way.
  const named = options.connector && (await findConnector(deps.connectors, options.connector));
  if (named) refuseUnlessActive(named);
  const connectors = await deps.connectors.list();
  const names = new Map(connectors.map((item) => [item.connectorId, item.name]));
  if (!output.json)
    output.line(`Syncing ${named ? `"${named.name}"` : 'every active connector'}...`);
  const syncStart = runtime.clock.now().toISOString();
  const summaries = await syncNow(deps, { connector: options.connector });
  const failed = summaries.some((summary) => summary.outcome === 'failed');
  const queued = summaries.reduce((sum, summary) => sum + summary.counts.queued, 0);
  if (!output.json) printSummaries(summaries, names, output);
  if (!options.importNow) {
    if (output.json) {
      output.data(
        summaries.map((summary) => ({ ...summary, name: names.get(summary.connectorId) })),
      );
    } else if (queued > 0) {
      output.line(
        'Queued files are imported by the running deployment with its next cycle, or now with --import.',
      );
    }
    return failed ? 1 : 0;
  }

  if (!output.json) output.line('Importing the queued files...');
  const notQueued = summaries.reduce(
    (sum, summary) => sum + summary.counts.unsupported + summary.counts.tooLarge,
    0,
  );
  const drained = await importQueuedFiles(runtime, { since: syncStart, queued, notQueued });
  if (output.json) {
    output.data({
      syncs: summaries.map((summary) => ({ ...summary, name: names.get(summary.connectorId) })),
      ...drained,
    });
  } else {
    output.line(formatImported(drained, named ? named.name : undefined));
  }
  return failed ? 1 : 0;
}

function printSummaries(summaries: SyncSummary[], names: Map<string, string>, output: Output) {
  if (summaries.length === 0) {
    output.line('No active connector to sync.');
    return;
  }
  output.line(
    renderTable(
      ['CONNECTOR', 'OUTCOME', 'RESULT'],
      summaries.map((summary) => [
        names.get(summary.connectorId) ?? summary.connectorId,
        summary.outcome,
        resultOf(summary),
      ]),
    ),
  );
}
