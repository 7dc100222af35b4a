import type { Document } from 'bson';
import { CollectionStore } from './collection-store';
import type { Engine } from './engine';
import { CommandError, ErrorCode } from './errors';
import type { Mutation } from './mutations';

/**
 * Multi-document transactions with snapshot isolation, as on a MongoDB replica set.
 *
 * A transaction reads and writes private copies of the collections it touches, taken as they were when it
 * started (a collection about to change under an open transaction is copied for it first). Commit applies
 * its final documents to the shared collections in one command, hence one journal record. A transaction that
 * writes a document changed since its snapshot, or written by another open transaction, fails with
 * WriteConflict (112, TransientTransactionError) and is aborted, so that `withTransaction` retries it.
 * A write outside any transaction to a document an open transaction has written goes through, and that
 * transaction fails at its next statement or at commit (MongoDB would make the outside write wait instead):
 * either way one of the two runs after the other.
 */

const transientLabel = { errorLabels: ['TransientTransactionError'] };

export const writeConflict = (): CommandError =>
  new CommandError(
    ErrorCode.WriteConflict,
    'Write conflict during plan execution and yielding is disabled. :: Please retry your operation or multi-document transaction.',
    transientLabel,
  );

const noSuchTransaction = (txnNumber: bigint, reason: string): CommandError =>
  new CommandError(
    ErrorCode.NoSuchTransaction,
    `Transaction with { txnNumber: ${txnNumber} } ${reason}`,
    transientLabel,
  );

/** MongoDB's transactionLifetimeLimitSeconds: an abandoned transaction is aborted after this. */
const lifetimeLimitMs = 60_000;

type State = 'active' | 'committed' | 'aborted';

export class Transaction {
  state: State = 'active';
  /** Set when a write outside the transaction hit a document it wrote: it can only abort now. */
  conflicted = false;
  readonly startedAt = Date.now();
  /** Private copies by namespace; null records that the collection did not exist at the snapshot. */
  readonly views = new Map<string, CollectionStore | null>();
  /** Keys of the documents written, by namespace. */
  readonly writes = new Map<string, Set<string>>();
  /** Keys of the documents changed outside since the snapshot, as `namespace\0key`. */
  readonly changedSinceSnapshot = new Set<string>();

  constructor(
    readonly txnNumber: bigint,
    private readonly manager: TransactionManager,
  ) {}

  /** The collection as this transaction sees it (copied on first use). */
  view(engine: Engine, database: string, name: string): CollectionStore | undefined {
    const namespace = `${database}.${name}`;
    if (!this.views.has(namespace)) {
      const committed = engine.collection(database, name);
      this.views.set(namespace, committed ? committed.copyFor(this.recorder(namespace)) : null);
    }
    return this.views.get(namespace) ?? undefined;
  }

  /** The collection as this transaction sees it, created inside it when absent (others see it at commit). */
  ensure(engine: Engine, database: string, name: string, options: Document = {}): CollectionStore {
    const existing = this.view(engine, database, name);
    if (existing) return existing;
    const namespace = `${database}.${name}`;
    const store = new CollectionStore(database, name, options, this.recorder(namespace));
    this.views.set(namespace, store);
    if (!this.writes.has(namespace)) this.writes.set(namespace, new Set());
    return store;
  }

  private recorder(namespace: string): (mutation: Mutation) => void {
    return (mutation) => {
      if (mutation.op !== 'put' && mutation.op !== 'delete') return;
      this.manager.claim(this, namespace, mutation.op === 'put' ? mutation.doc._id : mutation.id);
    };
  }

  wrote(namespace: string, key: string): boolean {
    return this.writes.get(namespace)?.has(key) === true;
  }

  get expired(): boolean {
    return Date.now() - this.startedAt > lifetimeLimitMs;
  }
}

interface SessionState {
  txnNumber: bigint;
  transaction?: Transaction;
  /** The reply to the last retryable write, answered again if the driver retries it. */
  retryableReply?: Document;
}

export interface TransactionFields {
  sessionKey: string;
  txnNumber: bigint;
  startTransaction: boolean;
}

/** Sessions, their transactions and the conflicts between them. */
export class TransactionManager {
  private readonly sessions = new Map<string, SessionState>();
  private readonly active = new Set<Transaction>();
  private committing: Transaction | undefined;

  constructor(private readonly valueKey: (value: unknown) => string) {}

  get hasOpenTransactions(): boolean {
    return this.active.size > 0;
  }

  /** The transaction a statement belongs to, started by its first statement (`startTransaction: true`). */
  transactionFor({ sessionKey, txnNumber, startTransaction }: TransactionFields): Transaction {
    const session = this.sessions.get(sessionKey) ?? { txnNumber: -1n };
    this.sessions.set(sessionKey, session);
    if (txnNumber < session.txnNumber) {
      throw new CommandError(
        ErrorCode.TransactionTooOld,
        `Cannot start transaction ${txnNumber} on session because a newer transaction ${session.txnNumber} has already started`,
      );
    }
    if (startTransaction) {
      if (txnNumber === session.txnNumber && session.transaction) {
        throw new CommandError(
          ErrorCode.ConflictingOperationInProgress,
          `Transaction with { txnNumber: ${txnNumber} } has already been started`,
        );
      }
      if (session.transaction) this.abort(session.transaction);
      const transaction = new Transaction(txnNumber, this);
      session.txnNumber = txnNumber;
      session.transaction = transaction;
      session.retryableReply = undefined;
      this.active.add(transaction);
      return transaction;
    }
    const transaction = session.transaction;
    if (txnNumber !== session.txnNumber || !transaction) {
      throw noSuchTransaction(txnNumber, 'does not match any in-progress transactions');
    }
    if (transaction.state === 'active' && transaction.expired) {
      this.abort(transaction);
      throw noSuchTransaction(
        txnNumber,
        'has been aborted because it exceeded transactionLifetimeLimitSeconds',
      );
    }
    return transaction;
  }

  /** Checks a transaction can run one more statement (not aborted, not doomed by a conflict). */
  assertRunnable(transaction: Transaction): void {
    if (transaction.state === 'aborted') throw noSuchTransaction(transaction.txnNumber, 'has been aborted.');
    if (transaction.state === 'committed') {
      throw new CommandError(
        ErrorCode.TransactionCommitted,
        `Transaction with { txnNumber: ${transaction.txnNumber} } has been committed.`,
      );
    }
    if (transaction.conflicted) {
      this.abort(transaction);
      throw writeConflict();
    }
  }

  abort(transaction: Transaction): void {
    if (transaction.state === 'active') transaction.state = 'aborted';
    this.active.delete(transaction);
  }

  /** Records that a transaction writes a document, refusing a write conflict. */
  claim(transaction: Transaction, namespace: string, id: unknown): void {
    const key = this.valueKey(id);
    if (transaction.changedSinceSnapshot.has(`${namespace}\0${key}`)) throw writeConflict();
    for (const other of this.active) {
      if (other !== transaction && other.wrote(namespace, key)) throw writeConflict();
    }
    let keys = transaction.writes.get(namespace);
    if (!keys) {
      keys = new Set();
      transaction.writes.set(namespace, keys);
    }
    keys.add(key);
  }

  /**
   * Called before a committed collection changes: open transactions that have not read it yet take their
   * copy now (their snapshot), and remember the changed document to detect write conflicts.
   */
  beforeCommittedChange(engine: Engine, namespace: string, key?: string): void {
    if (this.active.size === 0) return;
    const [database, ...rest] = namespace.split('.');
    for (const transaction of [...this.active]) {
      if (transaction === this.committing) continue;
      if (transaction.expired) {
        this.abort(transaction);
        continue;
      }
      if (!transaction.views.has(namespace)) transaction.view(engine, database, rest.join('.'));
      if (key === undefined) continue;
      transaction.changedSinceSnapshot.add(`${namespace}\0${key}`);
      if (transaction.wrote(namespace, key)) transaction.conflicted = true;
    }
  }

  /**
   * Applies a transaction's final documents to the shared collections. A unique index violated by what others
   * committed meanwhile undoes the partial commit and aborts with WriteConflict.
   */
  commit(engine: Engine, transaction: Transaction): void {
    if (transaction.state === 'committed') return;
    this.assertRunnable(transaction);
    this.committing = transaction;
    const undo: (() => void)[] = [];
    try {
      for (const [namespace, keys] of transaction.writes) {
        const view = transaction.views.get(namespace);
        if (!view) continue;
        const target = engine.ensureCollection(view.database, view.name, view.options);
        for (const key of keys) applyFinalVersion(view, target, key, undo);
      }
    } catch (error) {
      for (const step of undo.reverse()) step();
      this.abort(transaction);
      if (error instanceof CommandError && error.code === ErrorCode.DuplicateKey) throw writeConflict();
      throw error;
    } finally {
      this.committing = undefined;
    }
    transaction.state = 'committed';
    this.active.delete(transaction);
  }

  /** The stored reply when a retryable write is retried (same session and txnNumber), else undefined. */
  retriedReply(sessionKey: string, txnNumber: bigint): Document | undefined {
    const session = this.sessions.get(sessionKey);
    if (!session) return undefined;
    if (txnNumber < session.txnNumber) {
      throw new CommandError(
        ErrorCode.TransactionTooOld,
        `Retryable write with txnNumber ${txnNumber} is prohibited on session because a newer retryable write with txnNumber ${session.txnNumber} has already started on this session.`,
      );
    }
    return txnNumber === session.txnNumber ? session.retryableReply : undefined;
  }

  rememberRetryableReply(sessionKey: string, txnNumber: bigint, reply: Document): void {
    const session = this.sessions.get(sessionKey) ?? { txnNumber };
    if (session.transaction) this.abort(session.transaction);
    this.sessions.set(sessionKey, { txnNumber, retryableReply: reply });
  }

  endSession(sessionKey: string): void {
    const session = this.sessions.get(sessionKey);
    if (session?.transaction) this.abort(session.transaction);
    this.sessions.delete(sessionKey);
  }
}

function applyFinalVersion(
  view: CollectionStore,
  target: CollectionStore,
  key: string,
  undo: (() => void)[],
): void {
  const next = view.documents.get(key);
  const previous = target.documents.get(key);
  if (next && previous) {
    if (next === previous) return;
    target.replace(next);
    undo.push(() => target.replace(previous));
  } else if (next) {
    target.insert(next, false);
    undo.push(() => target.remove(next));
  } else if (previous) {
    target.remove(previous);
    undo.push(() => target.insert(previous));
  }
}

/**
 * The engine as a transaction's statements see it: its collections are the transaction's snapshot copies.
 * Everything else (cursors, statistics) is the engine's own.
 */
export function engineInTransaction(engine: Engine, transaction: Transaction): Engine {
  const view = Object.create(engine) as Engine;
  view.collection = (database, name) => transaction.view(engine, database, name);
  view.ensureCollection = (database, name, options) => transaction.ensure(engine, database, name, options);
  view.collections = (database) =>
    engine
      .collections(database)
      .map((store) => transaction.view(engine, database, store.name))
      .filter((store): store is CollectionStore => store !== undefined);
  return view;
}
