import { calculateObjectSize, ObjectId, type Document } from 'bson';
import { randomUUID } from 'node:crypto';
import { badValue, CommandError, ErrorCode } from './errors';
import { isPlainObject, valueKey, withIdFirst } from './documents';
import { duplicateKeyError, ID_INDEX_NAME, Index, type IndexSpec } from './indexes';
import type { Mutation } from './mutations';

/** MongoDB's maxBsonObjectSize: a larger document is refused. */
const maxDocumentSize = 16 * 1024 * 1024;

export const ID_INDEX_SPEC: IndexSpec = { v: 2, key: { _id: 1 }, name: ID_INDEX_NAME };

/** Counters that show how queries were answered (read by tests and the benchmark). */
export interface QueryStats {
  documentsExamined: number;
  indexLookups: number;
  collectionScans: number;
}

export type MutationSink = (mutation: Mutation) => void;

/** Told before a committed collection changes (the key of the document, or none for an index change). */
export type ChangeListener = (store: CollectionStore, documentKey?: string) => void;

/**
 * The documents of one collection, keyed by the value key of their `_id` (which makes the map the `_id`
 * index), and its secondary indexes. Every change is reported to the sink, which journals it.
 */
export class CollectionStore {
  readonly documents = new Map<string, Document>();
  readonly indexes = new Map<string, Index>();
  readonly uuid: string;
  /** Set by the engine on committed collections: open transactions keep their snapshot and see conflicts. */
  beforeChange: ChangeListener | undefined;

  constructor(
    readonly database: string,
    readonly name: string,
    readonly options: Document,
    private readonly sink: MutationSink,
    uuid?: string,
  ) {
    this.uuid = uuid ?? randomUUID();
  }

  get namespace(): string {
    return `${this.database}.${this.name}`;
  }

  indexSpecs(): IndexSpec[] {
    return [ID_INDEX_SPEC, ...[...this.indexes.values()].map((index) => index.spec)];
  }

  /**
   * Inserts a new document, giving it an ObjectId when it has no `_id`; returns the stored document. A document
   * over 16 MiB is refused; `measure: false` when its size is known to be below (it came in a smaller message).
   */
  insert(input: Document, measure = true): Document {
    const document = withIdFirst(input._id === undefined ? { _id: new ObjectId(), ...input } : input);
    assertValidId(document._id);
    const size = measure ? calculateObjectSize(document) : 0;
    if (size > maxDocumentSize) {
      throw new CommandError(
        ErrorCode.BSONObjectTooLarge,
        `object to insert too large. size in bytes: ${size}, max size: ${maxDocumentSize}`,
      );
    }
    const id = valueKey(document._id);
    if (this.documents.has(id)) throw duplicateKeyError(this.namespace, ID_INDEX_SPEC, [document._id]);
    this.beforeChange?.(this, id);
    const indexes = [...this.indexes.values()];
    const entries = indexes.map((index) => {
      const indexEntries = index.entriesOf(document);
      index.assertNoConflict(this.namespace, id, indexEntries);
      return indexEntries;
    });
    indexes.forEach((index, position) => index.add(id, entries[position]));
    this.documents.set(id, document);
    this.sink({ op: 'put', db: this.database, coll: this.name, doc: document });
    return document;
  }

  /** Replaces a stored document by a new version with the same `_id`. */
  replace(next: Document): void {
    const id = valueKey(next._id);
    const previous = this.documents.get(id);
    if (!previous) throw new CommandError(ErrorCode.InternalError, `document ${id} vanished during update`);
    if (calculateObjectSize(next) > maxDocumentSize) {
      throw new CommandError(
        ErrorCode.DocumentTooLargeAfterUpdate,
        `Resulting document after update is larger than ${maxDocumentSize}`,
      );
    }
    this.beforeChange?.(this, id);
    const changes = [...this.indexes.values()].map((index) => {
      const before = index.entriesOf(previous);
      const after = index.entriesOf(next);
      index.assertNoConflict(this.namespace, id, after);
      return { index, before, after };
    });
    for (const { index, before, after } of changes) {
      index.remove(id, before);
      index.add(id, after);
    }
    this.documents.set(id, next);
    this.sink({ op: 'put', db: this.database, coll: this.name, doc: next });
  }

  remove(document: Document): void {
    const id = valueKey(document._id);
    const stored = this.documents.get(id);
    if (!stored) return;
    this.beforeChange?.(this, id);
    for (const index of this.indexes.values()) index.remove(id, index.entriesOf(stored));
    this.documents.delete(id);
    this.sink({ op: 'delete', db: this.database, coll: this.name, id: stored._id });
  }

  /** The collation of a command, or else the collection's default one (`create` with `collation`). */
  collationFor(requested: Document | undefined): Document | undefined {
    return requested ?? (this.options.collation as Document | undefined);
  }

  /** Refuses, as MongoDB does, a hint that names no index (or a hidden one); a valid hint changes no result. */
  assertHint(hint: unknown): void {
    if (hint === undefined || hint === null) return;
    const visible = [...this.indexes.values()].filter((index) => index.spec.hidden !== true);
    if (typeof hint === 'string') {
      if (hint === ID_INDEX_NAME || visible.some((index) => index.name === hint)) return;
    } else if (isPlainObject(hint)) {
      const key = valueKey(hint);
      if (Object.keys(hint).length === 0 || '$natural' in hint || key === valueKey(ID_INDEX_SPEC.key)) return;
      if (visible.some((index) => valueKey(index.spec.key) === key)) return;
    }
    throw badValue(
      'error processing query: planner returned error :: caused by :: hint provided does not correspond to an existing index',
    );
  }

  /** Builds an index over the existing documents; fails without side effects on a duplicate. */
  createIndex(spec: IndexSpec): void {
    this.beforeChange?.(this);
    const index = new Index(spec);
    for (const [id, document] of this.documents) {
      const entries = index.entriesOf(document);
      index.assertNoConflict(this.namespace, id, entries);
      index.add(id, entries);
    }
    this.indexes.set(spec.name, index);
    this.sink({ op: 'createIndex', db: this.database, coll: this.name, spec });
  }

  dropIndex(name: string): void {
    this.beforeChange?.(this);
    this.indexes.delete(name);
    this.sink({ op: 'dropIndex', db: this.database, coll: this.name, name });
  }

  /**
   * A private copy for a transaction's snapshot: the same documents (stored documents are never modified in
   * place, so they are shared) and the same indexes, reporting its changes to `sink`.
   */
  copyFor(sink: MutationSink): CollectionStore {
    let building = true;
    const copy = new CollectionStore(
      this.database,
      this.name,
      this.options,
      (mutation) => {
        if (!building) sink(mutation);
      },
      this.uuid,
    );
    for (const [id, document] of this.documents) copy.documents.set(id, document);
    for (const index of this.indexes.values()) copy.createIndex(index.spec);
    building = false;
    return copy;
  }

  /** Puts a document as found in the journal or a snapshot: replaces any document with the same `_id`. */
  restore(document: Document): void {
    if (this.documents.has(valueKey(document._id))) this.replace(document);
    else this.insert(document, false);
  }
}

function assertValidId(id: unknown): void {
  if (Array.isArray(id)) {
    throw new CommandError(ErrorCode.BadValue, "The '_id' value cannot be of type array");
  }
  if (id instanceof RegExp) throw new CommandError(ErrorCode.BadValue, "can't use a regex for _id");
  if (isPlainObject(id) && Object.keys(id).some((key) => key.startsWith('$'))) {
    throw new CommandError(ErrorCode.BadValue, "_id fields may not contain '$'-prefixed fields");
  }
}
