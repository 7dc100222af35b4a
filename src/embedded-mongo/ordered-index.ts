import type { Document } from 'bson';
import { isPlainObject } from './documents';

/**
 * The order of one index's first field, beside the index's hash map: sorted (value, document id)
 * pairs, one sorted run per kind of value that MongoDB orders among itself (numbers, strings,
 * dates). It answers range filters (`{ deadline: { $lte: now } }`) and sorts with a limit
 * (`sort({ createdAt: -1 }).limit(10)`) without reading every document.
 */
type Kind = 'number' | 'string' | 'date';

interface Entry {
  value: number | string;
  id: string;
}

function kindOf(value: unknown): Kind | undefined {
  if (typeof value === 'number') return Number.isNaN(value) ? undefined : 'number';
  if (typeof value === 'string') return 'string';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : 'date';
  return undefined;
}

function comparable(value: number | string | Date): number | string {
  return value instanceof Date ? value.getTime() : value;
}

/**
 * Strings compare as the engine's filters compare them (UTF-16 code units), so that a range read
 * from the index holds exactly what a collection scan would have matched.
 */
function compareValues(a: number | string, b: number | string): number {
  if (typeof a === 'string' || typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return a - b;
}

function compareEntries(a: Entry, b: Entry): number {
  return compareValues(a.value, b.value) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The first position whose entry is not before `probe` (binary search). */
function lowerBound(entries: Entry[], isBefore: (entry: Entry) => boolean): number {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (isBefore(entries[middle])) low = middle + 1;
    else high = middle;
  }
  return low;
}

export interface Range {
  kind: Kind;
  lower?: { value: number | string; inclusive: boolean };
  upper?: { value: number | string; inclusive: boolean };
}

export class OrderedKeys {
  private readonly runs = new Map<Kind, Entry[]>();
  /** Ids holding a value of no ordered kind (missing, null, arrays, objects…): sorts cannot skip them. */
  private readonly unordered = new Map<string, number>();

  add(id: string, values: unknown[]): void {
    for (const value of values) {
      const kind = kindOf(value);
      if (!kind) {
        this.unordered.set(id, (this.unordered.get(id) ?? 0) + 1);
        continue;
      }
      const run = this.runs.get(kind) ?? [];
      this.runs.set(kind, run);
      const entry = { value: comparable(value as number | string | Date), id };
      run.splice(
        lowerBound(run, (other) => compareEntries(other, entry) < 0),
        0,
        entry,
      );
    }
  }

  remove(id: string, values: unknown[]): void {
    for (const value of values) {
      const kind = kindOf(value);
      if (!kind) {
        const left = (this.unordered.get(id) ?? 1) - 1;
        if (left > 0) this.unordered.set(id, left);
        else this.unordered.delete(id);
        continue;
      }
      const run = this.runs.get(kind);
      if (!run) continue;
      const entry = { value: comparable(value as number | string | Date), id };
      const position = lowerBound(run, (other) => compareEntries(other, entry) < 0);
      if (position < run.length && compareEntries(run[position], entry) === 0) run.splice(position, 1);
    }
  }

  /** Ids of the documents holding a value in the range (a document holding several appears once). */
  idsInRange(range: Range): Set<string> {
    const run = this.runs.get(range.kind) ?? [];
    const { lower, upper } = range;
    const start = lower
      ? lowerBound(run, (entry) => {
          const order = compareValues(entry.value, lower.value);
          return lower.inclusive ? order < 0 : order <= 0;
        })
      : 0;
    const ids = new Set<string>();
    for (let position = start; position < run.length; position += 1) {
      const entry = run[position];
      if (upper) {
        const order = compareValues(entry.value, upper.value);
        if (upper.inclusive ? order > 0 : order >= 0) break;
      }
      ids.add(entry.id);
    }
    return ids;
  }

  /**
   * Every document id in sort order, when all `documentCount` documents hold exactly one value of
   * one kind (so MongoDB's order across kinds, missing values and arrays cannot interfere).
   */
  idsInOrder(documentCount: number, direction: 1 | -1): string[] | undefined {
    if (this.unordered.size > 0 || this.runs.size !== 1) return undefined;
    const [run] = this.runs.values();
    if (run.length !== documentCount) return undefined;
    const ids = run.map((entry) => entry.id);
    if (new Set(ids).size !== ids.length) return undefined;
    return direction === 1 ? ids : ids.reverse();
  }
}

const lowerOperators = { $gt: false, $gte: true } as const;
const upperOperators = { $lt: false, $lte: true } as const;

/**
 * The range a filter condition sets on one field, when it is only `$gt`/`$gte`/`$lt`/`$lte` with
 * bounds of one ordered kind (`{ $gte: date1, $lt: date2 }`).
 */
export function rangeOf(condition: unknown): Range | undefined {
  if (!isPlainObject(condition)) return undefined;
  const operators = Object.keys(condition);
  if (operators.length === 0) return undefined;
  const range: Partial<Range> = {};
  for (const operator of operators) {
    const bound = condition[operator];
    const kind = kindOf(bound);
    if (!kind || (range.kind && range.kind !== kind)) return undefined;
    range.kind = kind;
    const value = comparable(bound as number | string | Date);
    if (operator in lowerOperators) {
      if (range.lower) return undefined;
      range.lower = { value, inclusive: lowerOperators[operator as keyof typeof lowerOperators] };
    } else if (operator in upperOperators) {
      if (range.upper) return undefined;
      range.upper = { value, inclusive: upperOperators[operator as keyof typeof upperOperators] };
    } else {
      return undefined;
    }
  }
  return range as Range;
}

/** The single sort field and direction of a sort document (`{ createdAt: -1 }`), if that is all it is. */
export function singleSortField(
  sort: Document | undefined,
): { field: string; direction: 1 | -1 } | undefined {
  if (!sort) return undefined;
  const fields = Object.keys(sort);
  if (fields.length !== 1) return undefined;
  const direction = sort[fields[0]];
  if (direction !== 1 && direction !== -1) return undefined;
  return { field: fields[0], direction };
}

/** What the planner needs of a collection: its documents by id and its indexes. */
interface OrderedSource {
  documents: Map<string, Document>;
  indexes: Map<string, { name: string; fields: string[]; ordered?: OrderedKeys; spec: { hidden?: boolean } }>;
}

export interface OrderedPlan {
  indexName: string;
  candidates: Document[];
}

export interface FindOrder {
  sort?: Document;
  skip?: number;
  limit?: number;
}

function documentsOf(source: OrderedSource, ids: Iterable<string>): Document[] {
  const documents: Document[] = [];
  for (const id of ids) {
    const document = source.documents.get(id);
    if (document) documents.push(document);
  }
  return documents;
}

/** The narrowest range a top-level field of the filter sets on an ordered index, as candidates. */
function rangePlan(source: OrderedSource, filter: Document): OrderedPlan | undefined {
  let best: { indexName: string; ids: Set<string> } | undefined;
  for (const index of source.indexes.values()) {
    // A hidden index (collMod) must not answer queries, as in MongoDB.
    if (!index.ordered || index.spec.hidden) continue;
    const range = rangeOf(filter[index.fields[0]]);
    if (!range) continue;
    const ids = index.ordered.idsInRange(range);
    if (!best || ids.size < best.ids.size) best = { indexName: index.name, ids };
  }
  return best && { indexName: best.indexName, candidates: documentsOf(source, best.ids) };
}

/**
 * For `sort({ field: ±1 }).limit(n)` on an ordered index: walks documents in index order and keeps
 * the first `skip + n` that match, instead of sorting the whole collection.
 */
function sortPlan(
  source: OrderedSource,
  matches: (document: Document) => boolean,
  order: FindOrder,
): OrderedPlan | undefined {
  const sort = singleSortField(order.sort);
  if (!sort || !order.limit) return undefined;
  const wanted = (order.skip ?? 0) + Math.abs(order.limit);
  for (const index of source.indexes.values()) {
    if (!index.ordered || index.spec.hidden || index.fields[0] !== sort.field) continue;
    const ids = index.ordered.idsInOrder(source.documents.size, sort.direction);
    if (!ids) continue;
    const candidates: Document[] = [];
    for (const id of ids) {
      const document = source.documents.get(id);
      if (document && matches(document)) candidates.push(document);
      if (candidates.length >= wanted) break;
    }
    return { indexName: index.name, candidates };
  }
  return undefined;
}

/** Candidates from an ordered index for a range filter or a sort with a limit; undefined when none applies. */
export function planOrdered(
  source: OrderedSource,
  filter: Document,
  matches: (document: Document) => boolean,
  order: FindOrder = {},
): OrderedPlan | undefined {
  return rangePlan(source, filter) ?? sortPlan(source, matches, order);
}
