import type { Document } from 'bson';
import { CommandError, ErrorCode } from './errors';
import { formatValue, indexValuesAtPath, valueKey } from './documents';
import { compileFilter, type DocumentMatcher } from './matching';
import { OrderedKeys } from './ordered-index';

/** An index as listed by `listIndexes` and stored in the data directory. */
export interface IndexSpec {
  v: number;
  key: Document;
  name: string;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Document;
  expireAfterSeconds?: number;
  /** Hidden from the query planner and from hints (collMod), still maintained and still unique. */
  hidden?: boolean;
}

export const ID_INDEX_NAME = '_id_';

interface IndexEntry {
  key: string;
  values: unknown[];
}

/**
 * A secondary index: a hash map from the index key of a document to the ids (value keys of `_id`) of the
 * documents having that key. It answers equality lookups and enforces uniqueness; a single-field index
 * also answers range scans and sorts from its ordered keys (ordered-index.ts).
 */
export class Index {
  readonly fields: string[];
  private readonly entries = new Map<string, Set<string>>();
  private readonly partialFilter: DocumentMatcher | undefined;
  /** Single-field indexes over every document also keep their values in order (range scans, sorts). */
  readonly ordered: OrderedKeys | undefined;

  constructor(readonly spec: IndexSpec) {
    this.fields = Object.keys(spec.key);
    this.partialFilter = spec.partialFilterExpression
      ? compileFilter(spec.partialFilterExpression)
      : undefined;
    this.ordered = this.fields.length === 1 && this.coversAllDocuments ? new OrderedKeys() : undefined;
  }

  get name(): string {
    return this.spec.name;
  }

  get unique(): boolean {
    return this.spec.unique === true;
  }

  /** Whether an equality lookup may use this index: partial and sparse indexes do not hold every document. */
  get coversAllDocuments(): boolean {
    return !this.partialFilter && this.spec.sparse !== true;
  }

  /**
   * Whether every document whose indexed fields hold exactly these values is in this partial index:
   * true when the partial filter looks only at indexed fields and accepts these values. Then an
   * equality lookup on the index finds all matches (e.g. `{ aadObjectId: 'x' }` with the filter
   * `{ aadObjectId: { $type: 'string' } }`).
   */
  includesEveryDocumentWith(values: unknown[]): boolean {
    if (!this.partialFilter) return true;
    const filterFields = Object.keys(this.spec.partialFilterExpression ?? {});
    if (filterFields.some((field) => field.startsWith('$') || !this.fields.includes(field))) return false;
    const probe: Document = {};
    this.fields.forEach((field, position) => setAtPath(probe, field, values[position]));
    return this.partialFilter(probe);
  }

  /** The keys of a document in this index, or none when the index leaves the document out. */
  entriesOf(document: Document): IndexEntry[] {
    if (this.partialFilter && !this.partialFilter(document)) return [];
    const valuesPerField = this.fields.map((field) => indexValuesAtPath(document, field));
    if (this.spec.sparse && valuesPerField.every((values) => values.every((value) => value === undefined))) {
      return [];
    }
    let combinations: unknown[][] = [[]];
    for (const values of valuesPerField) {
      combinations = combinations.flatMap((prefix) => values.map((value) => [...prefix, value]));
    }
    const seen = new Set<string>();
    const result: IndexEntry[] = [];
    for (const values of combinations) {
      const key = this.keyOf(values);
      if (seen.has(key)) continue;
      seen.add(key);
      result.push({ key, values });
    }
    return result;
  }

  /** The lookup key for one value per field, in the order of the index fields. */
  keyOf(values: unknown[]): string {
    return values.length === 1 ? valueKey(values[0]) : JSON.stringify(values.map(valueKey));
  }

  lookup(key: string): ReadonlySet<string> {
    return this.entries.get(key) ?? new Set();
  }

  /** Throws the MongoDB duplicate key error if another document already holds one of these keys. */
  assertNoConflict(namespace: string, documentId: string, entries: IndexEntry[]): void {
    if (!this.unique) return;
    for (const entry of entries) {
      const holders = this.entries.get(entry.key);
      if (!holders) continue;
      for (const holder of holders) {
        if (holder !== documentId) throw duplicateKeyError(namespace, this.spec, entry.values);
      }
    }
  }

  add(documentId: string, entries: IndexEntry[]): void {
    this.ordered?.add(
      documentId,
      entries.map((entry) => entry.values[0]),
    );
    for (const { key } of entries) {
      let holders = this.entries.get(key);
      if (!holders) {
        holders = new Set();
        this.entries.set(key, holders);
      }
      holders.add(documentId);
    }
  }

  remove(documentId: string, entries: IndexEntry[]): void {
    this.ordered?.remove(
      documentId,
      entries.map((entry) => entry.values[0]),
    );
    for (const { key } of entries) {
      const holders = this.entries.get(key);
      if (!holders) continue;
      holders.delete(documentId);
      if (holders.size === 0) this.entries.delete(key);
    }
  }
}

export function duplicateKeyError(namespace: string, spec: IndexSpec, values: unknown[]): CommandError {
  const fields = Object.keys(spec.key);
  const keyValue: Document = {};
  fields.forEach((field, position) => {
    keyValue[field] = values[position] === undefined ? null : values[position];
  });
  return new CommandError(
    ErrorCode.DuplicateKey,
    `E11000 duplicate key error collection: ${namespace} index: ${spec.name} dup key: ${formatValue(keyValue)}`,
    { keyPattern: { ...spec.key }, keyValue },
  );
}

/** MongoDB's default index name: `email_1`, `group_1_joinedAt_-1`. */
export function defaultIndexName(key: Document): string {
  return Object.keys(key)
    .map((field) => `${field}_${String(key[field])}`)
    .join('_');
}

const supportedOptions = new Set([
  'v',
  'key',
  'name',
  'unique',
  'sparse',
  'partialFilterExpression',
  'expireAfterSeconds',
  'background',
  'ns',
  'hidden',
]);

/** Validates a `createIndexes` entry and turns it into the spec the engine keeps. */
export function normalizeIndexSpec(raw: Document): IndexSpec {
  const key = raw.key as Document | undefined;
  if (!key || typeof key !== 'object' || Object.keys(key).length === 0) {
    throw new CommandError(ErrorCode.CannotCreateIndex, "Index spec must have a non-empty 'key' document");
  }
  for (const field of Object.keys(key)) {
    const direction = key[field];
    if (direction !== 1 && direction !== -1) {
      throw new CommandError(
        ErrorCode.CannotCreateIndex,
        `index type ${formatValue(direction)} on field '${field}' is not supported by the embedded engine (only 1 and -1)`,
      );
    }
  }
  for (const option of Object.keys(raw)) {
    if (!supportedOptions.has(option)) {
      throw new CommandError(
        ErrorCode.CannotCreateIndex,
        `index option '${option}' is not supported by the embedded engine`,
      );
    }
  }
  const spec: IndexSpec = {
    v: 2,
    key: { ...key },
    name: typeof raw.name === 'string' ? raw.name : defaultIndexName(key),
  };
  if (raw.unique === true) spec.unique = true;
  if (raw.sparse === true) spec.sparse = true;
  if (raw.partialFilterExpression) spec.partialFilterExpression = raw.partialFilterExpression as Document;
  if (typeof raw.expireAfterSeconds === 'number') spec.expireAfterSeconds = raw.expireAfterSeconds;
  if (raw.hidden === true) spec.hidden = true;
  return spec;
}

/** Whether two specs describe the same index (so that creating it again is a no-op). */
export function sameIndex(a: IndexSpec, b: IndexSpec): boolean {
  const comparable = (spec: IndexSpec) =>
    valueKey({
      key: spec.key,
      unique: spec.unique === true,
      sparse: spec.sparse === true,
      partial: spec.partialFilterExpression ?? null,
      ttl: spec.expireAfterSeconds ?? null,
    });
  return comparable(a) === comparable(b);
}

function setAtPath(document: Document, path: string, value: unknown): void {
  const parts = path.split('.');
  let node: Document = document;
  for (const part of parts.slice(0, -1)) {
    node[part] = node[part] ?? {};
    node = node[part] as Document;
  }
  node[parts[parts.length - 1]] = value;
}
