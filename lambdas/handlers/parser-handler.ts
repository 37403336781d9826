import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { InvalidInputError } from '../core/errors';
import { fileIdOf, keyHashOf } from '../core/file-id';
import type { ImportDeps } from '../core/import/import-deps';
import { importFile } from '../core/import/import-file';
import { newImportResult } from '../core/import/import-result';
import { assertTaskInScope, parseFileTask } from '../core/messages';
import type { Connector, FileTask } from '../core/model';
import type { ConnectorStore, ObjectStoreFactory, TemplateStore } from '../core/ports';

/**
 * What the parser Lambda needs; built once per container by the entry point.
 * The ports an import uses are `importFile`'s own; the object store, template
 * and time left are resolved per message from these.
 */
export interface ParserDeps
  extends Omit<ImportDeps, 'objectStore' | 'template' | 'remainingTimeMs' | 'invocationId'> {
  connectors: ConnectorStore;
  templates: TemplateStore;
  objectStores: ObjectStoreFactory;
  /** Called once at the end of every invocation, e.g. to publish buffered metrics. */
  flush?: () => void;
}

/**
 * A message that can never be imported (not a file task, or naming a key
 * outside its connector's folder) is logged with its id, counted and treated
 * as handled: retrying cannot fix it, and it must not loop until the
 * dead-letter queue.
 */
function parseOrDrop(deps: ParserDeps, record: SQSRecord): FileTask | undefined {
  try {
    return parseFileTask(record.body);
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    deps.logger.error('file message dropped', {
      message_id: record.messageId,
      error_code: error.code,
      reason: error.message,
    });
    deps.metrics.add('InvalidMessages', 'Count', 1);
    return undefined;
  }
}

function isInScope(deps: ParserDeps, task: FileTask, connector: Connector, messageId: string) {
  try {
    assertTaskInScope(task, connector);
    return true;
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    deps.logger.error('file message refused', {
      message_id: messageId,
      connector_id: connector.connectorId,
      object_key_hash: keyHashOf(task.key),
      error_code: error.code,
    });
    deps.metrics.add('RefusedMessages', 'Count', 1, connector.connectorId);
    return false;
  }
}

async function templateFor(deps: ParserDeps, connector: Connector, task: FileTask) {
  // An import resumed from a checkpoint finishes with the template version it started with.
  const stored = await deps.results.get(connector.connectorId, fileIdOf(task.key, task.etag));
  const isResumed = stored?.status === 'in_progress' && stored.checkpoint !== undefined;
  return deps.templates.get(connector.templateId, isResumed ? stored.templateVersion : undefined);
}

async function importMessage(deps: ParserDeps, record: SQSRecord, context: Context) {
  const task = parseOrDrop(deps, record);
  if (!task) return;
  const connector = await deps.connectors.get(task.connectorId);
  if (!connector) {
    deps.logger.warn('file skipped, connector not found', {
      message_id: record.messageId,
      connector_id: task.connectorId,
    });
    return;
  }
  if (!isInScope(deps, task, connector, record.messageId)) return;

  const template = await templateFor(deps, connector, task);
  if (!template) {
    const fileId = fileIdOf(task.key, task.etag);
    const now = deps.clock.now();
    await deps.results.putIfAbsent({
      ...newImportResult(connector, task, fileId, { templateId: connector.templateId }, now),
      status: 'failed',
      reasonCode: 'template_not_found',
      reasonMessage: `Template "${connector.templateId}" of connector "${connector.name}" does not exist. Give the connector an existing template ("s3-import connectors update ${connector.name} --template ID") or create this one ("s3-import templates create"), then import the file again with "s3-import imports retry ${connector.connectorId}:${fileId}".`,
      finishedAt: now.toISOString(),
    });
    deps.logger.error('file rejected', {
      connector_id: connector.connectorId,
      file_id: fileId,
      error_code: 'template_not_found',
    });
    return;
  }

  await importFile(
    {
      ...deps,
      objectStore: deps.objectStores(connector),
      template,
      remainingTimeMs: () => context.getRemainingTimeInMillis(),
      invocationId: context.awsRequestId,
    },
    connector,
    task,
  );
}

/**
 * The parser Lambda's SQS handler: imports each file message in turn (one
 * file in memory at a time) and reports the messages that failed for a
 * transient reason as batch item failures, so only they are retried.
 */
export function createParserHandler(deps: ParserDeps) {
  const processor = new BatchProcessor(EventType.SQS);
  return async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    try {
      return await processPartialResponse(
        event,
        (record: SQSRecord) => importMessage(deps, record, context),
        processor,
        { context, processInParallel: false, throwOnFullBatchFailure: false },
      );
    } finally {
      deps.flush?.();
    }
  };
}
