import type { Document } from 'bson';
import type { IndexSpec } from './indexes';

/**
 * A change to the stored data, as written to the journal. Every mutation is idempotent (a put replaces the
 * document with the same `_id`) so that replaying a journal over a snapshot that already holds part of it is
 * harmless.
 */
export type Mutation =
  | { op: 'put'; db: string; coll: string; doc: Document }
  | { op: 'delete'; db: string; coll: string; id: unknown }
  | { op: 'createCollection'; db: string; coll: string; options: Document; uuid: string }
  | { op: 'dropCollection'; db: string; coll: string }
  | { op: 'createIndex'; db: string; coll: string; spec: IndexSpec }
  | { op: 'dropIndex'; db: string; coll: string; name: string }
  | { op: 'dropDatabase'; db: string };
