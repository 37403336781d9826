import { defaultDiscoveryOptions } from '../../../lambdas/core/discovery/options';
import { ConnectorError } from '../../../lambdas/core/errors';
import type { SyncRequest } from '../../../lambdas/core/messages';
import type { Connector, FileTask } from '../../../lambdas/core/model';
import {
  type ConnectorStore,
  noMetrics,
  type ObjectStore,
  silentLogger,
} from '../../../lambdas/core/ports';
import type { ConnectorCleanup, ServiceDeps } from '../../../lambdas/core/service';
import { MemoryTemplateStore } from '../../../lambdas/core/templates/memory-template-store';
import type { TemplateInput } from '../../../lambdas/core/templates/schema';
import {
  MemoryImportResultStore,
  MemoryObjectStore,
  MemoryQueue,
  MemoryRecordSink,
} from '../../fixtures/memory-ports';
import { MemoryDiscoveryStateStore, MemoryHealthStore } from '../discovery/memory-discovery-stores';

export class MemoryConnectorStore implements ConnectorStore {
  readonly items = new Map<string, Connector>();

  async list() {
    return [...this.items.values()].map((item) => structuredClone(item));
  }

  async get(connectorId: string) {
    const item = this.items.get(connectorId);
    return item && structuredClone(item);
  }

  async put(connector: Connector) {
    this.items.set(connector.connectorId, structuredClone(connector));
  }
}

/** A store that fails every call with `error`, as S3 or STS would for a broken connector. */
function failingStore(error: Error): ObjectStore {
  return {
    // biome-ignore lint/correctness/useYield: it fails before its first page, as S3 does.
    async *listObjects() {
      throw error;
    },
    async getObject() {
      throw error;
    },
  };
}

export const paymentsTemplate: TemplateInput = {
  templateId: 'payments',
  name: 'Payments',
  recordType: 'payment',
  fields: [
    { name: 'paymentId', source: 'payment_id', required: true },
    { name: 'amount', source: 'amount', type: 'decimal', required: true },
  ],
  primaryKey: ['paymentId'],
};

export const connectorInput = {
  name: 'Acme',
  accountId: '123456789012',
  bucket: 'acme-exports',
  region: 'eu-west-1',
  folder: 'payments',
  templateId: 'payments',
};

/** The service over in-memory stores, with a bucket, a clock and failure switches. */
export function serviceHarness() {
  const now = { value: new Date('2026-12-01T12:00:00.000Z') };
  const clock = { now: () => new Date(now.value) };
  const connectors = new MemoryConnectorStore();
  const templates = new MemoryTemplateStore(clock);
  const results = new MemoryImportResultStore();
  const health = new MemoryHealthStore();
  const discoveryState = new MemoryDiscoveryStateStore();
  const objects = new MemoryObjectStore();
  objects.serverTime = now.value;
  const fileQueue = new MemoryQueue<FileTask>();
  const syncQueue = new MemoryQueue<SyncRequest>();
  const records = new MemoryRecordSink();
  const unassumable = new Set<string>();

  const cleanup: ConnectorCleanup = {
    deleteConnector: async (connectorId) => {
      connectors.items.delete(connectorId);
    },
    forgetDiscovery: async (connectorId, scope) => {
      let deleted = discoveryState.states.delete(connectorId) ? 1 : 0;
      for (const id of [...discoveryState.ledger.keys()]) {
        if (id.startsWith(`${connectorId}#`)) deleted += discoveryState.ledger.delete(id) ? 1 : 0;
      }
      if (scope === 'all') {
        deleted += health.items.delete(connectorId) ? 1 : 0;
        deleted += discoveryState.leases.delete(connectorId) ? 1 : 0;
      }
      return deleted;
    },
    deleteTemplate: async (templateId) => {
      // The memory store keeps its versions private: the harness reaches in, as DynamoDB's delete would.
      const versions = (templates as unknown as { versions: Map<string, unknown[]> }).versions;
      const deleted = versions.get(templateId)?.length ?? 0;
      versions.delete(templateId);
      return deleted;
    },
    purgeRecords: async (connectorId) => {
      let deleted = 0;
      for (const [id, record] of records.records) {
        if (record.connectorId === connectorId) {
          records.records.delete(id);
          deleted += 1;
        }
      }
      return deleted;
    },
  };

  const objectStores = (connector: Connector): ObjectStore => {
    if (unassumable.has(connector.connectorId)) {
      return failingStore(
        new ConnectorError(
          'role_not_assumable',
          `The platform cannot assume ${connector.roleArn}.`,
        ),
      );
    }
    if (!objects.buckets.has(connector.bucket)) {
      return failingStore(
        new ConnectorError('bucket_not_found', `Bucket "${connector.bucket}" does not exist.`),
      );
    }
    return objects;
  };

  const sync = {
    templates,
    importResults: results,
    discoveryState,
    health,
    objectStores,
    fileQueue,
    clock,
    logger: silentLogger,
    metrics: noMetrics,
    options: { ...defaultDiscoveryOptions, maxFileBytes: 1000 },
  };
  const deps: ServiceDeps = {
    connectors,
    templates,
    results,
    health,
    discoveryState,
    fileQueue,
    syncQueue,
    objectStores,
    sync,
    cleanup,
    platformRoles: {
      listerRoleArn: 'arn:aws:iam::111111111111:role/S3Import-Lister',
      parserRoleArn: 'arn:aws:iam::111111111111:role/S3Import-Parser',
    },
    clock,
    limits: { maxFileBytes: 1000, maxRecordBytes: 10_000 },
    resultsBucket: 'platform-results',
    usesRoles: true,
  };
  return {
    deps,
    now,
    connectors,
    templates,
    results,
    health,
    discoveryState,
    objects,
    fileQueue,
    syncQueue,
    records,
    unassumable,
  };
}

export type ServiceHarness = ReturnType<typeof serviceHarness>;
