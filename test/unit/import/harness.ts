import type { ImportDeps } from '../../../lambdas/core/import/import-file';
import type { Connector, FileTask } from '../../../lambdas/core/model';
import { type ReportStore, silentLogger } from '../../../lambdas/core/ports';
import {
  type Template,
  type TemplateInput,
  templateInputSchema,
} from '../../../lambdas/core/templates/schema';
import {
  MemoryImportResultStore,
  type MemoryObject,
  MemoryObjectStore,
  MemoryQueue,
  MemoryRecordSink,
} from '../../fixtures/memory-ports';

/** Reports kept in memory by key. */
export class MemoryReportStore implements ReportStore {
  readonly reports = new Map<string, { body: string; contentType: string }>();

  async put(key: string, body: string, contentType: string) {
    this.reports.set(key, { body, contentType });
    return key;
  }
}

export const bucket = 'customer-bucket';

export const connector: Connector = {
  connectorId: 'acme',
  name: 'Acme',
  accountId: '111122223333',
  bucket,
  region: 'eu-west-1',
  folder: 'in/',
  templateId: 'orders',
  externalId: 'ext-1',
  roleArn: 'arn:aws:iam::111122223333:role/s3-import-acme',
  status: 'active',
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
};

/** A valid template, as the template store would return it. */
export function templateOf(overrides: Partial<TemplateInput> = {}): Template {
  const input: TemplateInput = {
    templateId: 'orders',
    name: 'Orders',
    recordType: 'order',
    format: 'csv',
    fields: [
      { name: 'orderId', source: 'order_id', required: true },
      { name: 'amount', source: 'amount', type: 'decimal', required: true },
      { name: 'email', source: 'email', type: 'email' },
    ],
    primaryKey: ['orderId'],
    ...overrides,
  };
  return { ...templateInputSchema.parse(input), version: 3, createdAt: '2026-11-01T00:00:00.000Z' };
}

export function taskFor(object: MemoryObject): FileTask {
  return {
    connectorId: connector.connectorId,
    bucket,
    key: object.key,
    etag: object.etag,
    size: object.size,
    lastModified: object.lastModified.toISOString(),
  };
}

/** Everything `importFile` needs, in memory, with a settable clock and time budget. */
export function createHarness(template: Template = templateOf()) {
  const clock = { current: new Date('2026-12-01T10:00:00.000Z'), now: () => clock.current };
  const harness = {
    objects: new MemoryObjectStore(),
    results: new MemoryImportResultStore(),
    records: new MemoryRecordSink(),
    reports: new MemoryReportStore(),
    continuation: new MemoryQueue<FileTask>(),
    clock,
    remainingMs: 900_000,
    deps(extra: Partial<ImportDeps> = {}): ImportDeps {
      return {
        objectStore: harness.objects,
        template,
        results: harness.results,
        records: harness.records,
        reports: harness.reports,
        continuation: harness.continuation,
        clock,
        logger: silentLogger,
        metrics: { add: () => {} },
        limits: { maxFileBytes: 1024 ** 3, maxRecordBytes: 1024 * 1024 },
        remainingTimeMs: () => harness.remainingMs,
        ...extra,
      };
    },
  };
  return harness;
}

/** CSV text of `count` orders; every `badEvery`-th row has an invalid amount. */
export function ordersCsv(count: number, badEvery = 0): string {
  const lines = ['order_id,amount,email'];
  for (let index = 1; index <= count; index += 1) {
    const amount = badEvery > 0 && index % badEvery === 0 ? 'n/a' : `${index}.50`;
    lines.push(`o-${index},${amount},buyer${index}@example.com`);
  }
  return `${lines.join('\n')}\n`;
}
