import { calculateObjectSize, Long, type Document } from 'bson';
import { cursorNotFound } from './errors';

/** Replies must stay under MongoDB's 16 MiB document limit, with room for the reply envelope. */
const maxBatchBytes = 16 * 1024 * 1024 - 64 * 1024;
const defaultFirstBatchSize = 101;
const idleCursorLifetimeMs = 10 * 60 * 1000;

interface OpenCursor {
  namespace: string;
  documents: Document[];
  position: number;
  lastUsed: number;
}

export interface Batch {
  documents: Document[];
  /** 0 when the cursor is exhausted. */
  cursorId: bigint;
}

/**
 * Cursors over results computed in full when the command ran (a snapshot), handed out batch by batch by
 * `getMore`. Cursors left idle for ten minutes are dropped, like MongoDB's cursor timeout.
 */
export class CursorRegistry {
  private readonly open = new Map<bigint, OpenCursor>();
  private lastId = 0n;

  get size(): number {
    return this.open.size;
  }

  /** Takes the first batch; registers a cursor only when documents remain. */
  start(namespace: string, documents: Document[], batchSize?: number, singleBatch = false): Batch {
    this.dropIdle();
    const cursor: OpenCursor = { namespace, documents, position: 0, lastUsed: Date.now() };
    const batch = takeBatch(cursor, batchSize ?? defaultFirstBatchSize);
    if (singleBatch || cursor.position >= documents.length) return { documents: batch, cursorId: 0n };
    this.lastId += 1n;
    this.open.set(this.lastId, cursor);
    return { documents: batch, cursorId: this.lastId };
  }

  next(id: bigint, namespace: string, batchSize?: number): Batch {
    const cursor = this.open.get(id);
    if (!cursor || cursor.namespace !== namespace) throw cursorNotFound(id);
    cursor.lastUsed = Date.now();
    const batch = takeBatch(cursor, batchSize && batchSize > 0 ? batchSize : Number.MAX_SAFE_INTEGER);
    if (cursor.position >= cursor.documents.length) {
      this.open.delete(id);
      return { documents: batch, cursorId: 0n };
    }
    return { documents: batch, cursorId: id };
  }

  /** Returns the ids that were open. */
  kill(ids: bigint[]): { killed: bigint[]; notFound: bigint[] } {
    const killed: bigint[] = [];
    const notFound: bigint[] = [];
    for (const id of ids) (this.open.delete(id) ? killed : notFound).push(id);
    return { killed, notFound };
  }

  killNamespace(prefix: string): void {
    for (const [id, cursor] of this.open) {
      if (cursor.namespace === prefix || cursor.namespace.startsWith(`${prefix}.`)) this.open.delete(id);
    }
  }

  private dropIdle(): void {
    const oldest = Date.now() - idleCursorLifetimeMs;
    for (const [id, cursor] of this.open) if (cursor.lastUsed < oldest) this.open.delete(id);
  }
}

function takeBatch(cursor: OpenCursor, batchSize: number): Document[] {
  const batch: Document[] = [];
  let bytes = 0;
  while (cursor.position < cursor.documents.length && batch.length < batchSize) {
    const document = cursor.documents[cursor.position];
    bytes += calculateObjectSize(document);
    if (batch.length > 0 && bytes > maxBatchBytes) break;
    batch.push(document);
    cursor.position += 1;
  }
  return batch;
}

export function cursorReply(namespace: string, batch: Batch, first: boolean): Document {
  return {
    cursor: {
      [first ? 'firstBatch' : 'nextBatch']: batch.documents,
      id: Long.fromBigInt(batch.cursorId),
      ns: namespace,
    },
    ok: 1,
  };
}
