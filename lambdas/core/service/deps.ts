import type { PlatformRoles } from '../connectors/onboarding';
import type { DiscoveryStateStore, HealthStore } from '../discovery/ports';
import type { SyncDeps } from '../discovery/sync-connector';
import type { SyncRequest } from '../messages';
import type {
  Clock,
  ConnectorStore,
  FileQueue,
  ImportResultStore,
  ObjectStoreFactory,
  TemplateStore,
  WorkQueue,
} from '../ports';

/**
 * Removals the lifecycle needs and the everyday ports do not offer. Kept apart
 * so that the lister's and parser's stores stay free of deletes.
 */
export interface ConnectorCleanup {
  /** Deletes the connector's own item; a no-op when it is already gone. */
  deleteConnector(connectorId: string): Promise<void>;
  /**
   * Deletes the connector's discovery items: with `baseline`, its listing
   * state and ledger (the next sync is an initial one again); with `all`,
   * also its lease and health. Returns how many items were deleted.
   */
  forgetDiscovery(connectorId: string, scope: 'baseline' | 'all'): Promise<number>;
  /** Deletes every record the connector imported; returns how many. */
  purgeRecords(connectorId: string): Promise<number>;
  /** Deletes every version of a template; returns how many versions. */
  deleteTemplate(templateId: string): Promise<number>;
}

/** Limits a template preview reads a sample with. */
export interface PreviewLimits {
  maxFileBytes: number;
  maxRecordBytes: number;
}

/** Everything the connector, template and import services need: one object, built once. */
export interface ServiceDeps {
  connectors: ConnectorStore;
  templates: TemplateStore;
  results: ImportResultStore;
  health: HealthStore;
  discoveryState: DiscoveryStateStore;
  fileQueue: FileQueue;
  syncQueue: WorkQueue<SyncRequest>;
  /** Customer buckets, through each connector's role (locally, the embedded S3). */
  objectStores: ObjectStoreFactory;
  /** What `syncNow` runs the lister's sync with. */
  sync: SyncDeps;
  cleanup: ConnectorCleanup;
  /** The deployment's lister and parser roles, which customer trust policies name. */
  platformRoles: PlatformRoles;
  clock: Clock;
  limits: PreviewLimits;
  /** The deployment's results bucket, where error reports are stored. */
  resultsBucket: string;
  /** False locally, where customer buckets are read without assuming a role. */
  usesRoles: boolean;
}
