import type { Document } from 'bson';
import type { CollectionStore, QueryStats } from './collection-store';
import { isPlainObject, valueKey } from './documents';
import type { Index } from './indexes';
import { compileFilter } from './matching';
import { planOrdered, type FindOrder } from './ordered-index';

export type PlanStage = 'IDHACK' | 'IXSCAN' | 'COLLSCAN';

export interface QueryPlan {
  stage: PlanStage;
  indexName?: string;
  /** A superset of the matching documents, still to be tested against the whole filter. */
  candidates: Document[];
}

/** Beyond this many key combinations a compound lookup is not worth it. */
const maxLookupKeys = 1000;

/**
 * Chooses how to read a filter's candidates: the `_id` map or a secondary index when the filter pins every
 * field of the index to one or a few values (`{ email: x }`, `{ _id: { $in: [...] } }`), else all documents.
 */
export function planQuery(
  store: CollectionStore,
  filter: Document,
  stats: QueryStats,
  collation?: Document,
  order?: FindOrder,
): QueryPlan {
  const plan = chooseCandidates(store, filter, collation, order);
  if (plan.stage === 'COLLSCAN') stats.collectionScans += 1;
  else stats.indexLookups += 1;
  stats.documentsExamined += plan.candidates.length;
  return plan;
}

function chooseCandidates(
  store: CollectionStore,
  filter: Document,
  collation?: Document,
  order?: FindOrder,
): QueryPlan {
  // A collation changes string equality and order, which the index keys do not know about.
  const collated = Boolean(collation && collation.locale !== 'simple');
  const equalities: Map<string, unknown[]> = collated ? new Map() : collectEqualities(filter);
  const ids = equalities.get('_id');
  if (ids) {
    const candidates: Document[] = [];
    for (const key of new Set(ids.map(valueKey))) {
      const document = store.documents.get(key);
      if (document) candidates.push(document);
    }
    return { stage: 'IDHACK', indexName: '_id_', candidates };
  }
  let best: { index: Index; ids: Set<string> } | undefined;
  for (const index of store.indexes.values()) {
    if (index.spec.hidden) continue;
    const ids = lookupIndex(index, equalities);
    if (ids && (!best || ids.size < best.ids.size)) best = { index, ids };
  }
  if (best) {
    const candidates: Document[] = [];
    for (const id of best.ids) {
      const document = store.documents.get(id);
      if (document) candidates.push(document);
    }
    return { stage: 'IXSCAN', indexName: best.index.name, candidates };
  }
  // The filter is compiled only if a sort walks the index (most plans never test a document here).
  let matcher: ((document: Document) => boolean) | undefined;
  const matches = (document: Document) => (matcher ??= compileFilter(filter))(document);
  const ordered = collated ? undefined : planOrdered(store, filter, matches, order);
  if (ordered) return { stage: 'IXSCAN', ...ordered };
  return { stage: 'COLLSCAN', candidates: [...store.documents.values()] };
}

function lookupIndex(index: Index, equalities: Map<string, unknown[]>): Set<string> | undefined {
  const valuesPerField: unknown[][] = [];
  for (const field of index.fields) {
    const values = equalities.get(field);
    if (!values) return undefined;
    const asksForNull = values.some((value) => value === null || value === undefined);
    if (index.spec.sparse && asksForNull) return undefined;
    valuesPerField.push(values);
  }
  if (valuesPerField.reduce((product, values) => product * values.length, 1) > maxLookupKeys)
    return undefined;
  let combinations: unknown[][] = [[]];
  for (const values of valuesPerField) {
    combinations = combinations.flatMap((prefix) => values.map((value) => [...prefix, value]));
  }
  // A partial index leaves documents out; it may answer only if none of the sought ones can be.
  if (!combinations.every((combination) => index.includesEveryDocumentWith(combination))) return undefined;
  const ids = new Set<string>();
  for (const combination of combinations) {
    for (const id of index.lookup(index.keyOf(combination))) ids.add(id);
  }
  return ids;
}

/** Fields the filter pins to a list of exact values: `{ a: 1 }`, `{ a: { $eq: 1 } }`, `{ a: { $in: [1, 2] } }`. */
function collectEqualities(filter: Document, into = new Map<string, unknown[]>()): Map<string, unknown[]> {
  for (const key of Object.keys(filter)) {
    if (key === '$and' && Array.isArray(filter.$and)) {
      for (const clause of filter.$and) if (isPlainObject(clause)) collectEqualities(clause, into);
      continue;
    }
    if (key.startsWith('$')) continue;
    const values = equalityValues(filter[key]);
    const known = into.get(key);
    if (values && (!known || values.length < known.length)) into.set(key, values);
  }
  return into;
}

function isHashable(value: unknown): boolean {
  if (value instanceof RegExp || Array.isArray(value)) return false;
  return !(
    value !== null &&
    typeof value === 'object' &&
    (value as { _bsontype?: string })._bsontype === 'BSONRegExp'
  );
}

function equalityValues(condition: unknown): unknown[] | undefined {
  if (!isHashable(condition)) return undefined;
  if (!isPlainObject(condition)) return [condition];
  const operators = Object.keys(condition).filter((key) => key.startsWith('$'));
  if (operators.length === 0) return [condition];
  if (operators.length !== Object.keys(condition).length) return undefined;
  if ('$eq' in condition) return isHashable(condition.$eq) ? [condition.$eq] : undefined;
  if (Array.isArray(condition.$in) && condition.$in.every(isHashable)) return condition.$in;
  return undefined;
}
