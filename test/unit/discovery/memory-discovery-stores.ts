import type {
  ConnectorHealth,
  DiscoveryState,
  DiscoveryStateStore,
  HealthStore,
  LedgerEntry,
} from '../../../lambdas/core/discovery/ports';

/** The discovery table in memory, with the lease's conditional semantics. */
export class MemoryDiscoveryStateStore implements DiscoveryStateStore {
  readonly states = new Map<string, DiscoveryState>();
  readonly ledger = new Map<string, LedgerEntry>();
  readonly leases = new Map<string, { holder: string; until: number }>();
  findQueuedCalls = 0;

  async getState(connectorId: string) {
    const state = this.states.get(connectorId);
    return state && structuredClone(state);
  }

  async putState(state: DiscoveryState) {
    this.states.set(state.connectorId, structuredClone(state));
  }

  async acquireLease(connectorId: string, holder: string, until: Date, now: Date) {
    const lease = this.leases.get(connectorId);
    if (lease && lease.until > now.getTime()) {
      return false;
    }
    this.leases.set(connectorId, { holder, until: until.getTime() });
    return true;
  }

  async releaseLease(connectorId: string, holder: string) {
    if (this.leases.get(connectorId)?.holder === holder) {
      this.leases.delete(connectorId);
    }
  }

  async findQueued(connectorId: string, fileIds: string[]) {
    this.findQueuedCalls += 1;
    return new Set(fileIds.filter((id) => this.ledger.has(`${connectorId}#${id}`)));
  }

  async markQueued(connectorId: string, entries: LedgerEntry[]) {
    for (const entry of entries) {
      this.ledger.set(`${connectorId}#${entry.fileId}`, { ...entry });
    }
  }

  /** What DynamoDB's time-to-live would have deleted by `now`. */
  expire(now: Date) {
    for (const [id, entry] of this.ledger) {
      if (entry.expiresAt * 1000 <= now.getTime()) {
        this.ledger.delete(id);
      }
    }
  }
}

export class MemoryHealthStore implements HealthStore {
  readonly items = new Map<string, ConnectorHealth>();

  async get(connectorId: string) {
    const health = this.items.get(connectorId);
    return health && structuredClone(health);
  }

  async put(health: ConnectorHealth) {
    this.items.set(health.connectorId, structuredClone(health));
  }
}
