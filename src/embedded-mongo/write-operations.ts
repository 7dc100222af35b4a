import type { Document } from 'bson';
import type { CollectionStore, QueryStats } from './collection-store';
import type { Engine } from './engine';
import { badValue, CommandError, ErrorCode, immutableId } from './errors';
import { cloneDocument, isPlainObject, setValueAtPath, valueKey } from './documents';
import { findDocuments, runPipeline, type EvaluationOptions } from './matching';
import { applyUpdateOperators } from './update-operators';
import { planQuery } from './query-planner';

export interface SelectOptions extends EvaluationOptions {
  sort?: Document;
  /** 0 or absent: no limit. */
  limit?: number;
  hint?: unknown;
}

/** The stored documents matching a filter, read through an index when one applies. */
export function selectDocuments(
  store: CollectionStore,
  filter: Document,
  stats: QueryStats,
  options: SelectOptions = {},
): Document[] {
  const collation = store.collationFor(options.collation);
  store.assertHint(options.hint);
  const plan = planQuery(store, filter, stats, collation);
  return findDocuments(
    plan.candidates,
    filter,
    { sort: options.sort, limit: options.limit },
    { ...options, collation },
  );
}

export interface UpdateSpec {
  filter: Document;
  update: Document | Document[];
  arrayFilters?: Document[];
}

const pipelineUpdateStages = new Set([
  '$addFields',
  '$set',
  '$project',
  '$unset',
  '$replaceRoot',
  '$replaceWith',
]);

/** Whether the update is a replacement document rather than operators or a pipeline. */
export function isReplacement(update: Document | Document[]): boolean {
  if (Array.isArray(update)) return false;
  const keys = Object.keys(update);
  const operators = keys.filter((key) => key.startsWith('$'));
  if (operators.length > 0 && operators.length !== keys.length) {
    throw new CommandError(
      ErrorCode.FailedToParse,
      `Unknown modifier: ${keys.find((key) => !key.startsWith('$'))}. Expected a valid update modifier or pipeline-style update specified as an array`,
    );
  }
  return operators.length === 0;
}

/**
 * The next version of a document under an update (operators, replacement or pipeline); the stored document is
 * left untouched. `inserting` applies `$setOnInsert`, for upserts.
 */
export function computeUpdate(original: Document, spec: UpdateSpec, inserting = false): Document {
  const { update } = spec;
  let next: Document;
  if (Array.isArray(update)) {
    for (const stage of update) {
      const name = isPlainObject(stage) ? Object.keys(stage)[0] : String(stage);
      if (!pipelineUpdateStages.has(name)) {
        throw new CommandError(
          ErrorCode.InvalidOptions,
          `${name} is not allowed to be used within an update`,
        );
      }
    }
    const [result] = runPipeline([cloneDocument(original)], update);
    if (!result) throw badValue('the update pipeline produced no document');
    next = result._id === undefined && original._id !== undefined ? { _id: original._id, ...result } : result;
  } else if (isReplacement(update)) {
    if (
      update._id !== undefined &&
      original._id !== undefined &&
      valueKey(update._id) !== valueKey(original._id)
    ) {
      throw immutableId();
    }
    const { _id: _ignored, ...fields } = cloneDocument(update);
    next = original._id === undefined ? { ...cloneDocument(update) } : { _id: original._id, ...fields };
  } else {
    next = cloneDocument(original);
    const { $setOnInsert: setOnInsert, ...operators } = update;
    if (Object.keys(operators).length > 0) {
      applyUpdateOperators(next, operators, {
        arrayFilters: spec.arrayFilters,
        filter: inserting ? undefined : spec.filter,
        inserting,
      });
    }
    if (inserting && isPlainObject(setOnInsert)) {
      // An upsert may choose the new document's _id in $setOnInsert, as MongoDB allows; mingo's $set
      // would refuse it as a change of an immutable field.
      const { _id: insertedId, ...fields } = setOnInsert;
      if (insertedId !== undefined) {
        if (next._id !== undefined && valueKey(next._id) !== valueKey(insertedId)) throw immutableId();
        next = { _id: cloneDocument(insertedId), ...next };
      }
      if (Object.keys(fields).length > 0) applyUpdateOperators(next, { $set: fields }, { inserting });
    }
  }
  if (original._id !== undefined && valueKey(next._id) !== valueKey(original._id)) throw immutableId();
  return next;
}

/** The document an upsert inserts: the filter's equality fields, then the update applied to them. */
export function buildUpsertDocument(spec: UpdateSpec): Document {
  const seed: Document = {};
  seedFromFilter(spec.filter, seed);
  if (!Array.isArray(spec.update) && isReplacement(spec.update)) {
    const replacement = cloneDocument(spec.update);
    return replacement._id === undefined && seed._id !== undefined
      ? { _id: seed._id, ...replacement }
      : replacement;
  }
  return computeUpdate(seed, spec, true);
}

function seedFromFilter(filter: Document, seed: Document): void {
  for (const key of Object.keys(filter)) {
    const condition = filter[key];
    if (key === '$and' && Array.isArray(condition)) {
      for (const clause of condition) if (isPlainObject(clause)) seedFromFilter(clause, seed);
      continue;
    }
    if (key.startsWith('$')) continue;
    if (isPlainObject(condition)) {
      const keys = Object.keys(condition);
      if (keys.length > 0 && keys.every((name) => name.startsWith('$'))) {
        if ('$eq' in condition) setValueAtPath(seed, key, cloneDocument(condition.$eq));
        continue;
      }
    }
    if (condition instanceof RegExp) continue;
    setValueAtPath(seed, key, cloneDocument(condition));
  }
}

export interface UpdateOutcome {
  matched: number;
  modified: number;
  upsertedId?: unknown;
}

/** One statement of an `update` command. */
export function updateDocuments(
  engine: Engine,
  database: string,
  collection: string,
  spec: UpdateSpec,
  options: { multi: boolean; upsert: boolean; hint?: unknown } & EvaluationOptions,
): UpdateOutcome {
  const store = engine.collection(database, collection);
  const matches = store
    ? selectDocuments(store, spec.filter, engine.stats, { ...options, limit: options.multi ? 0 : 1 })
    : findDocuments([], spec.filter, {}, options);
  if (matches.length === 0) {
    if (!options.upsert) return { matched: 0, modified: 0 };
    const inserted = engine.ensureCollection(database, collection).insert(buildUpsertDocument(spec));
    return { matched: 0, modified: 0, upsertedId: inserted._id };
  }
  let modified = 0;
  for (const original of matches) {
    const next = computeUpdate(original, spec);
    if (valueKey(next) !== valueKey(original)) {
      store?.replace(next);
      modified += 1;
    }
  }
  return { matched: matches.length, modified };
}
