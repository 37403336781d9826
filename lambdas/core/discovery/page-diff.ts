import { fileIdOf } from '../file-id';
import { detectFormat } from '../formats/detect';
import type { FileTask, ImportResult, ListedObject } from '../model';
import type { FileQueue, ImportResultStore, ListPage } from '../ports';
import type { Template } from '../templates/schema';
import { isFolderMarker } from './folder';
import { type DiscoveryOptions, ledgerExpiryOf, type SyncWindow } from './options';
import type { DiscoveryStateStore, LedgerEntry, SyncCounts } from './ports';

/** What one connector's sync holds fixed while it walks the pages. */
export interface PageContext {
  connectorId: string;
  bucket: string;
  folder: string;
  template: Template;
  window: SyncWindow;
  listingStart: Date;
  options: DiscoveryOptions;
  state: DiscoveryStateStore;
  importResults: ImportResultStore;
  fileQueue: FileQueue;
  now: () => Date;
}

export function emptyCounts(): SyncCounts {
  return {
    listed: 0,
    inScope: 0,
    new: 0,
    queued: 0,
    tooLarge: 0,
    unsupported: 0,
    ignoredTooOld: 0,
    notQueued: 0,
  };
}

interface Candidate {
  object: ListedObject;
  fileId: string;
}

function formatGib(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}

function reportOf(
  context: PageContext,
  candidate: Candidate,
  outcome: Pick<ImportResult, 'status' | 'reasonCode' | 'reasonMessage'>,
): ImportResult {
  const { object } = candidate;
  const at = context.now().toISOString();
  return {
    connectorId: context.connectorId,
    fileId: candidate.fileId,
    bucket: context.bucket,
    key: object.key,
    etag: object.etag,
    size: object.size,
    ...outcome,
    rowsRead: 0,
    rowsImported: 0,
    rowsIgnored: 0,
    rowsRejected: 0,
    bytesRead: 0,
    templateId: context.template.templateId,
    templateVersion: context.template.version,
    startedAt: at,
    finishedAt: at,
    rowErrors: [],
  };
}

function tooLargeReport(context: PageContext, candidate: Candidate): ImportResult {
  const limit = context.options.maxFileBytes;
  return reportOf(context, candidate, {
    status: 'failed',
    reasonCode: 'file_too_large',
    reasonMessage: `The file is ${candidate.object.size} bytes (${formatGib(candidate.object.size)}); files up to ${limit} bytes (${formatGib(limit)}) are imported. Split it into smaller files.`,
  });
}

function unsupportedReport(context: PageContext, candidate: Candidate): ImportResult {
  const format = context.template.format;
  const accepted =
    format === 'auto'
      ? '.csv, .tsv, .tab, .json, .jsonl or .ndjson (optionally followed by .gz)'
      : `${format} files, .txt, .dat or no extension`;
  return reportOf(context, candidate, {
    status: 'skipped',
    reasonCode: 'unsupported_format',
    reasonMessage: `Template ${context.template.templateId} (format "${format}") cannot import this file's type; it takes ${accepted}.`,
  });
}

function ledgerEntryOf(context: PageContext, candidate: Candidate): LedgerEntry {
  return {
    fileId: candidate.fileId,
    etag: candidate.object.etag,
    lastModified: candidate.object.lastModified.toISOString(),
    expiresAt: ledgerExpiryOf(candidate.object.lastModified, context.listingStart, context.options),
  };
}

function taskOf(context: PageContext, object: ListedObject): FileTask {
  return {
    connectorId: context.connectorId,
    bucket: context.bucket,
    key: object.key,
    etag: object.etag,
    size: object.size,
    lastModified: object.lastModified.toISOString(),
  };
}

function candidatesOf(context: PageContext, page: ListPage, counts: SyncCounts): Candidate[] {
  const candidates: Candidate[] = [];
  for (const object of page.objects) {
    counts.listed += 1;
    // The prefix filter is S3's; checking again keeps a misbehaving store from widening scope.
    if (isFolderMarker(object) || !object.key.startsWith(context.folder)) {
      continue;
    }
    counts.inScope += 1;
    if (object.lastModified.getTime() < context.window.start.getTime()) {
      if (context.window.isInitial) {
        counts.ignoredTooOld += 1;
      }
      continue;
    }
    candidates.push({ object, fileId: fileIdOf(object.key, object.etag) });
  }
  return candidates;
}

/**
 * Diffs one listing page against the ledger and acts on what is new: queues
 * importable files, reports too-large and unsupported ones once, and records
 * each in the ledger only after the queue accepted it (or its report was
 * stored). A crash between the send and the ledger write queues that batch
 * again on the next run; the parser's claim on the file id absorbs it.
 */
export async function processPage(
  context: PageContext,
  page: ListPage,
  counts: SyncCounts,
): Promise<void> {
  const candidates = candidatesOf(context, page, counts);
  if (candidates.length === 0) {
    return;
  }

  const seen = await context.state.findQueued(
    context.connectorId,
    candidates.map((candidate) => candidate.fileId),
  );
  const fresh = candidates.filter((candidate) => !seen.has(candidate.fileId));
  counts.new += fresh.length;

  const toQueue: Candidate[] = [];
  const reported: Candidate[] = [];
  for (const candidate of fresh) {
    if (candidate.object.size > context.options.maxFileBytes) {
      await context.importResults.putIfAbsent(tooLargeReport(context, candidate));
      counts.tooLarge += 1;
      reported.push(candidate);
    } else if (detectFormat(candidate.object.key, context.template.format) === undefined) {
      await context.importResults.putIfAbsent(unsupportedReport(context, candidate));
      counts.unsupported += 1;
      reported.push(candidate);
    } else {
      toQueue.push(candidate);
    }
  }

  const { failedIds } =
    toQueue.length === 0
      ? { failedIds: [] }
      : await context.fileQueue.send(
          toQueue.map((candidate) => ({
            id: candidate.fileId,
            body: taskOf(context, candidate.object),
          })),
        );
  const failed = new Set(failedIds);
  const accepted = toQueue.filter((candidate) => !failed.has(candidate.fileId));
  counts.queued += accepted.length;
  counts.notQueued += toQueue.length - accepted.length;

  // Limitation: a run killed between the send above and this write queues the
  // page's batch again next time (the ledger cannot join the queue's transaction).
  const settled = [...accepted, ...reported];
  if (settled.length > 0) {
    await context.state.markQueued(
      context.connectorId,
      settled.map((candidate) => ledgerEntryOf(context, candidate)),
    );
  }
}
