import type { Document } from 'bson';
import { CollectionStore, type ChangeListener, type QueryStats } from './collection-store';
import { valueKey } from './documents';
import { TransactionManager } from './transactions';
import { CursorRegistry } from './cursors';
import { CommandError, ErrorCode, invalidNamespace } from './errors';
import type { Mutation } from './mutations';
import { silentLogger, type EngineLogger } from './logger';
import { SerialQueue } from './serial-queue';

/** Where the engine writes its mutations; absent for a purely in-memory engine. */
export interface MutationLog {
  /** Writes the mutations of one command as one record (synchronously, not yet flushed to disk). */
  append(mutations: Mutation[]): void;
  /** Resolves when everything appended so far is on disk. */
  flush(): Promise<void>;
  /** Whether the log has grown enough to be replaced by a snapshot. */
  readonly wantsCompaction: boolean;
  compact(state: Iterable<Mutation>): Promise<void>;
}

/**
 * The databases, their collections and cursors, and the one queue every command goes through. Each command
 * runs alone against the data and its mutations are journaled as one record before it is acknowledged.
 */
export class Engine {
  private readonly databases = new Map<string, Map<string, CollectionStore>>();
  private readonly queue = new SerialQueue();
  private pendingMutations: Mutation[] | undefined;
  private failure: Error | undefined;
  readonly cursors = new CursorRegistry();
  readonly stats: QueryStats = { documentsExamined: 0, indexLookups: 0, collectionScans: 0 };
  readonly startedAt = new Date();
  readonly transactions = new TransactionManager(valueKey);
  log: MutationLog | undefined;
  /** Server parameters that `setParameter` may change (MongoDB's names). */
  readonly parameters = { ttlMonitorSleepSecs: 60, ttlMonitorEnabled: true };
  /** Called after `setParameter` changed a parameter (the TTL monitor reschedules itself). */
  onParametersChanged: () => void = () => undefined;

  constructor(private readonly logger: EngineLogger = silentLogger) {}

  /**
   * Runs a unit of work alone; the mutations it makes are journaled as one record and flushed to disk before
   * the returned promise resolves.
   */
  async exclusive<T>(work: () => T): Promise<T> {
    const { value, wrote } = await this.queue.run(() => {
      if (this.failure)
        throw new CommandError(ErrorCode.InternalError, `storage failed: ${this.failure.message}`);
      const mutations: Mutation[] = [];
      this.pendingMutations = mutations;
      try {
        return { value: work(), wrote: mutations.length > 0 };
      } finally {
        this.pendingMutations = undefined;
        // Appended inside the queue so that the journal order is the order in which commands ran, and even when
        // the work failed half-way, since what it changed in memory stays changed.
        if (mutations.length > 0) this.writeToLog(mutations);
      }
    });
    if (this.log && wrote) {
      try {
        await this.log.flush();
      } catch (error) {
        this.failure = error instanceof Error ? error : new Error(String(error));
        this.logger.error({ err: error }, 'could not flush the journal; the engine refuses further commands');
        throw new CommandError(
          ErrorCode.InternalError,
          `could not flush the journal: ${this.failure.message}`,
        );
      }
      if (this.log.wantsCompaction) {
        this.compact().catch((error: unknown) => {
          // Half a compaction may leave the snapshot ahead of the journal the next writes would go
          // to, and a restart would then ignore them: stop acknowledging writes instead.
          this.failure = error instanceof Error ? error : new Error(String(error));
          this.logger.error(
            { err: error },
            'journal compaction failed; the engine refuses further commands (restart it once the disk is fixed)',
          );
        });
      }
    }
    return value;
  }

  private writeToLog(mutations: Mutation[]): void {
    if (!this.log) return;
    try {
      this.log.append(mutations);
    } catch (error) {
      // The memory now holds changes the disk does not: refuse further work rather than diverge silently.
      this.failure = error instanceof Error ? error : new Error(String(error));
      this.logger.error({ err: error }, 'could not write the journal; the engine refuses further commands');
      throw new CommandError(ErrorCode.InternalError, `could not write the journal: ${this.failure.message}`);
    }
  }

  /** Replaces the journal by a snapshot of the current state, with no command running meanwhile. */
  compact(force = false): Promise<void> {
    return this.queue.run(async () => {
      // Several commands may have asked for the same compaction; the first one does it.
      if (this.log && (force || this.log.wantsCompaction)) await this.log.compact(this.snapshot());
    });
  }

  /** Waits until every queued command has finished. */
  drain(): Promise<void> {
    return this.queue.run(() => undefined);
  }

  private readonly beforeCommittedChange: ChangeListener = (store, documentKey) => {
    if (this.transactions.hasOpenTransactions) {
      this.transactions.beforeCommittedChange(this, store.namespace, documentKey);
    }
  };

  private record = (mutation: Mutation): void => {
    this.pendingMutations?.push(mutation);
  };

  collection(database: string, name: string): CollectionStore | undefined {
    return this.databases.get(database)?.get(name);
  }

  collections(database: string): CollectionStore[] {
    return [...(this.databases.get(database)?.values() ?? [])];
  }

  databaseNames(): string[] {
    return [...this.databases.keys()];
  }

  /** Returns the collection, creating it (and its database) on first use, as MongoDB does on insert. */
  ensureCollection(database: string, name: string, options: Document = {}, uuid?: string): CollectionStore {
    const existing = this.collection(database, name);
    if (existing) return existing;
    validateNamespace(database, name);
    this.transactions.beforeCommittedChange(this, `${database}.${name}`);
    let collections = this.databases.get(database);
    if (!collections) {
      collections = new Map();
      this.databases.set(database, collections);
    }
    const store = new CollectionStore(database, name, options, this.record, uuid);
    store.beforeChange = this.beforeCommittedChange;
    collections.set(name, store);
    this.record({ op: 'createCollection', db: database, coll: name, options, uuid: store.uuid });
    return store;
  }

  dropCollection(database: string, name: string): boolean {
    const collections = this.databases.get(database);
    if (collections?.has(name)) this.transactions.beforeCommittedChange(this, `${database}.${name}`);
    if (!collections?.delete(name)) return false;
    if (collections.size === 0) this.databases.delete(database);
    this.cursors.killNamespace(`${database}.${name}`);
    this.record({ op: 'dropCollection', db: database, coll: name });
    return true;
  }

  dropDatabase(database: string): boolean {
    for (const store of this.collections(database)) {
      this.transactions.beforeCommittedChange(this, store.namespace);
    }
    if (!this.databases.delete(database)) return false;
    this.cursors.killNamespace(database);
    this.record({ op: 'dropDatabase', db: database });
    return true;
  }

  /** Applies a mutation read back from the journal or a snapshot. */
  apply(mutation: Mutation): void {
    switch (mutation.op) {
      case 'put':
        this.ensureCollection(mutation.db, mutation.coll).restore(mutation.doc);
        return;
      case 'delete':
        this.collection(mutation.db, mutation.coll)?.remove({ _id: mutation.id });
        return;
      case 'createCollection':
        this.ensureCollection(mutation.db, mutation.coll, mutation.options, mutation.uuid);
        return;
      case 'dropCollection':
        this.dropCollection(mutation.db, mutation.coll);
        return;
      case 'createIndex': {
        const store = this.ensureCollection(mutation.db, mutation.coll);
        store.dropIndex(mutation.spec.name);
        store.createIndex(mutation.spec);
        return;
      }
      case 'dropIndex':
        this.collection(mutation.db, mutation.coll)?.dropIndex(mutation.name);
        return;
      case 'dropDatabase':
        this.dropDatabase(mutation.db);
        return;
    }
  }

  /** The whole state as mutations that rebuild it, for snapshots. */
  *snapshot(): Iterable<Mutation> {
    for (const [database, collections] of this.databases) {
      for (const store of collections.values()) {
        yield {
          op: 'createCollection',
          db: database,
          coll: store.name,
          options: store.options,
          uuid: store.uuid,
        };
        for (const index of store.indexes.values()) {
          yield { op: 'createIndex', db: database, coll: store.name, spec: index.spec };
        }
        for (const doc of store.documents.values()) yield { op: 'put', db: database, coll: store.name, doc };
      }
    }
  }
}

function validateNamespace(database: string, collection: string): void {
  if (!database || /[/\\. "$\0]/.test(database))
    throw invalidNamespace(`Invalid database name: '${database}'`);
  if (!collection || collection.includes('$') || collection.includes('\0') || collection.startsWith('.')) {
    throw invalidNamespace(`Invalid collection name: '${collection}'`);
  }
}
