import {
  type DiscoveryOptions,
  defaultDiscoveryOptions,
} from '../../../lambdas/core/discovery/options';
import type { SyncDeps } from '../../../lambdas/core/discovery/sync-connector';
import type { Connector, FileTask } from '../../../lambdas/core/model';
import type { Clock, Metrics, MetricUnit, TemplateStore } from '../../../lambdas/core/ports';
import type { Template } from '../../../lambdas/core/templates/schema';
import {
  MemoryImportResultStore,
  MemoryObjectStore,
  MemoryQueue,
} from '../../fixtures/memory-ports';
import { MemoryDiscoveryStateStore, MemoryHealthStore } from './memory-discovery-stores';

export const bucket = 'customer-bucket';

export function connectorOf(overrides: Partial<Connector> = {}): Connector {
  return {
    connectorId: 'c1',
    name: 'Orders',
    accountId: '123456789012',
    bucket,
    region: 'eu-west-1',
    folder: 'reports/',
    templateId: 'orders',
    externalId: 'ext-123',
    roleArn: 'arn:aws:iam::123456789012:role/s3-import-c1',
    status: 'active',
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    ...overrides,
  };
}

export function templateOf(overrides: Partial<Template> = {}): Template {
  return {
    templateId: 'orders',
    name: 'Orders',
    recordType: 'order',
    format: 'csv',
    headerRow: 1,
    csv: { delimiter: ',', quote: '"', escape: '"', encoding: 'utf-8' },
    fields: [{ name: 'id', source: 'id', type: 'string', required: true }],
    primaryKey: [],
    version: 1,
    createdAt: '2026-01-01T00:00:00Z',
    ...overrides,
  };
}

export class MemoryTemplateStore implements TemplateStore {
  readonly templates = new Map<string, Template>();

  async get(templateId: string) {
    return this.templates.get(templateId);
  }

  async save(): Promise<Template> {
    throw new Error('not used by the lister');
  }

  async list() {
    return [...this.templates.values()];
  }
}

export class MutableClock implements Clock {
  constructor(public current: Date) {}

  now() {
    return new Date(this.current);
  }

  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export class RecordingMetrics implements Metrics {
  readonly points: { name: string; unit: MetricUnit; value: number; connectorId?: string }[] = [];

  add(name: string, unit: MetricUnit, value: number, connectorId?: string) {
    this.points.push({ name, unit, value, connectorId });
  }

  total(name: string) {
    return this.points.filter((p) => p.name === name).reduce((sum, p) => sum + p.value, 0);
  }
}

export const minute = 60_000;
export const hour = 60 * minute;
export const day = 24 * hour;

/** Every fake a sync needs, wired together, with S3's and the lister's clocks in step. */
export function harnessOf(options: Partial<DiscoveryOptions> = {}) {
  const start = new Date('2026-12-01T00:00:00Z');
  const objects = new MemoryObjectStore();
  objects.serverTime = start;
  const clock = new MutableClock(start);
  const templates = new MemoryTemplateStore();
  templates.templates.set('orders', templateOf());
  const fileQueue = new MemoryQueue<FileTask>();
  const importResults = new MemoryImportResultStore();
  const discoveryState = new MemoryDiscoveryStateStore();
  const health = new MemoryHealthStore();
  const metrics = new RecordingMetrics();
  const deps: SyncDeps = {
    templates,
    importResults,
    discoveryState,
    health,
    objectStores: () => objects,
    fileQueue,
    clock,
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    metrics,
    options: { ...defaultDiscoveryOptions, ...options },
  };

  return {
    deps,
    objects,
    clock,
    templates,
    fileQueue,
    importResults,
    discoveryState,
    health,
    metrics,
    /** Moves both clocks on. */
    advance(ms: number) {
      clock.advance(ms);
      objects.serverTime = clock.now();
    },
    put(key: string, body: string, lastModified = clock.now()) {
      return objects.putObject(bucket, key, body, lastModified);
    },
    deadline() {
      return new Date(clock.now().getTime() + 10 * minute);
    },
    queuedKeys() {
      return fileQueue.sent.map((task) => task.key);
    },
  };
}

/** Five pages of two files each under reports/. */
export function tenFiles(h: ReturnType<typeof harnessOf>): string[] {
  h.objects.pageSize = 2;
  const keys = Array.from({ length: 10 }, (_, i) => `reports/f${i}.csv`);
  for (const key of keys) {
    h.put(key, key);
  }
  return keys;
}
