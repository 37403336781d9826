import { type ServiceDeps, type SyncSummary, syncNow } from '../core/service';
import { type Output, renderTable } from './output';

function resultOf(summary: SyncSummary): string {
  if (summary.error) return `${summary.error.code}: ${summary.error.message}`;
  const counts = summary.counts;
  return `listed ${counts.listed}, new ${counts.new}, queued ${counts.queued}, too large ${counts.tooLarge}, unsupported ${counts.unsupported}, older than the initial window ${counts.ignoredTooOld}`;
}

/** Runs discovery now and prints one line per connector; exit 1 when a sync failed. */
export async function runSync(
  deps: ServiceDeps,
  connector: string | undefined,
  output: Output,
): Promise<number> {
  const connectors = await deps.connectors.list();
  const names = new Map(connectors.map((item) => [item.connectorId, item.name]));
  if (!output.json)
    output.line(`Syncing ${connector ? `"${connector}"` : 'every active connector'}...`);
  const summaries = await syncNow(deps, { connector });
  const failed = summaries.some((summary) => summary.outcome === 'failed');
  if (output.json) {
    output.data(summaries.map((summary) => ({ ...summary, name: names.get(summary.connectorId) })));
    return failed ? 1 : 0;
  }
  if (summaries.length === 0) {
    output.line('No active connector to sync.');
    return 0;
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
  output.line('Queued files are imported by the running deployment with its next cycle.');
  return failed ? 1 : 0;
}
