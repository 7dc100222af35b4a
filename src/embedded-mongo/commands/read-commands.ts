import type { Document } from 'bson';
import { cursorReply } from '../cursors';
import { badValue, notSupported } from '../errors';
import { cloneDocument, indexValuesAtPath, isPlainObject, valueKey } from '../documents';
import { findDocuments, matchEqualities, runPipeline, type EvaluationOptions } from '../matching';
import { planQuery } from '../query-planner';
import type { Engine } from '../engine';
import type { CollectionStore } from '../collection-store';
import { resolveCollation } from '../collation';
import {
  arrayArgument,
  bigintArgument,
  collectionArgument,
  documentArgument,
  numberArgument,
} from './arguments';
import type { CommandContext, CommandHandler } from './context';

const unsupportedFindOptions = [
  'tailable',
  'awaitData',
  'returnKey',
  'showRecordId',
  'min',
  'max',
  'oplogReplay',
];

function evaluationOptions(
  command: Document,
  engine: Engine,
  database: string,
  store?: CollectionStore,
): EvaluationOptions {
  const collation = documentArgument(command.collation, 'collation');
  return {
    collation: store ? store.collationFor(collation) : collation,
    variables: documentArgument(command.let, 'let'),
    collectionResolver: (name) =>
      [...(engine.collection(database, name)?.documents.values() ?? [])].map((document) =>
        cloneDocument(document),
      ),
  };
}

/** The result documents of a find command, before batching. */
export function runFind(command: Document, { engine, database }: CommandContext): Document[] {
  const name = collectionArgument(command, 'find');
  for (const option of unsupportedFindOptions) {
    if (command[option]) throw notSupported(`The find option '${option}'`);
  }
  const store = engine.collection(database, name);
  const filter = documentArgument(command.filter, 'filter') ?? {};
  const options = evaluationOptions(command, engine, database, store);
  // A missing collection answers nothing, but a malformed filter is still an error.
  if (!store) return findDocuments([], filter, {}, options);
  store.assertHint(command.hint);
  const shape = {
    sort: documentArgument(command.sort, 'sort'),
    skip: numberArgument(command.skip, 'skip') ?? 0,
    limit: Math.abs(numberArgument(command.limit, 'limit') ?? 0),
    projection: documentArgument(command.projection, 'projection'),
  };
  const plan = planQuery(store, filter, engine.stats, options.collation, shape);
  return findDocuments(plan.candidates, filter, shape, options);
}

const find: CommandHandler = (command, context) => {
  const documents = runFind(command, context);
  const namespace = `${context.database}.${String(command.find)}`;
  const limit = numberArgument(command.limit, 'limit') ?? 0;
  const singleBatch = command.singleBatch === true || limit < 0;
  const batchSize = numberArgument(command.batchSize, 'batchSize');
  const batch = context.engine.cursors.start(namespace, documents, batchSize, singleBatch);
  return cursorReply(namespace, batch, true);
};

const getMore: CommandHandler = (command, { engine, database }) => {
  const id = bigintArgument(command.getMore, 'getMore');
  const namespace = `${database}.${collectionArgument(command, 'collection')}`;
  const batch = engine.cursors.next(id, namespace, numberArgument(command.batchSize, 'batchSize'));
  return cursorReply(namespace, batch, false);
};

const killCursors: CommandHandler = (command, { engine }) => {
  const ids = arrayArgument(command.cursors, 'cursors').map((id) => bigintArgument(id, 'cursors'));
  const { killed, notFound } = engine.cursors.kill(ids);
  return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
};

const count: CommandHandler = (command, { engine, database }) => {
  const store = engine.collection(database, collectionArgument(command, 'count'));
  const filter = documentArgument(command.query, 'query') ?? {};
  const options = evaluationOptions(command, engine, database, store);
  if (!store) return { n: findDocuments([], filter, {}, options).length, ok: 1 };
  store.assertHint(command.hint);
  const skip = numberArgument(command.skip, 'skip') ?? 0;
  const limit = Math.abs(numberArgument(command.limit, 'limit') ?? 0);
  let n: number;
  if (Object.keys(filter).length === 0) {
    n = store.documents.size;
  } else {
    const plan = planQuery(store, filter, engine.stats, options.collation);
    n = findDocuments(plan.candidates, filter, {}, options).length;
  }
  n = Math.max(0, n - skip);
  return { n: limit > 0 ? Math.min(n, limit) : n, ok: 1 };
};

const distinct: CommandHandler = (command, { engine, database }) => {
  const store = engine.collection(database, collectionArgument(command, 'distinct'));
  const key = command.key;
  if (typeof key !== 'string') throw badValue("'key' must be a string");
  const filter = documentArgument(command.query, 'query') ?? {};
  const options = evaluationOptions(command, engine, database, store);
  if (!store) return { values: findDocuments([], filter, {}, options), ok: 1 };
  const plan = planQuery(store, filter, engine.stats, options.collation);
  const seen = new Set<string>();
  const values: unknown[] = [];
  for (const document of findDocuments(plan.candidates, filter, {}, options)) {
    for (const value of indexValuesAtPath(document, key)) {
      if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
      const valueId = valueKey(value);
      if (seen.has(valueId)) continue;
      seen.add(valueId);
      values.push(value);
    }
  }
  return { values, ok: 1 };
};

/** Stages that never change the documents they pass on, so stored documents can be fed without a copy. */
const readOnlyStages = new Set([
  '$match',
  '$sort',
  '$limit',
  '$skip',
  '$count',
  '$group',
  '$project',
  '$sortByCount',
]);

/** Stages whose result a collation cannot change once the leading $match has run under it. */
const stagesBlindToCollation = new Set([
  '$sort',
  '$skip',
  '$limit',
  '$count',
  '$project',
  '$addFields',
  '$set',
  '$unset',
  '$unwind',
  '$replaceRoot',
  '$replaceWith',
]);

/** `$group` by a constant (as countDocuments does) compares no strings. */
const groupsByConstant = (stage: Document): boolean =>
  isPlainObject(stage.$group) &&
  (stage.$group._id === null || typeof stage.$group._id === 'number' || stage.$group._id === undefined);

/**
 * Under a collation, the leading $match runs as a find under it and $sort sorts with it; a stage that would
 * compare strings otherwise ($group by a field, $lookup, a later $match…) is refused rather than answered
 * with binary comparisons.
 */
function runCollatedPipeline(
  candidates: Document[],
  pipeline: Document[],
  options: EvaluationOptions,
): Document[] {
  const collation = resolveCollation(options.collation);
  const [first, ...rest] = pipeline;
  const leadingMatch = first && isPlainObject(first.$match) ? (first.$match as Document) : undefined;
  const remaining = leadingMatch ? rest : pipeline;
  for (const stage of remaining) {
    const name = Object.keys(stage)[0];
    if (!stagesBlindToCollation.has(name) && !groupsByConstant(stage)) {
      throw notSupported(`The ${name} stage under a collation`);
    }
  }
  const matched = findDocuments(candidates, leadingMatch ?? {}, {}, options);
  return runPipeline(
    matched.map((document) => cloneDocument(document)),
    remaining,
    {
      ...options,
      collation: collation?.sortSpec,
    },
  );
}

export function runAggregate(command: Document, { engine, database }: CommandContext): Document[] {
  const pipeline = arrayArgument(command.pipeline, 'pipeline') as Document[];
  if (!pipeline.every(isPlainObject)) throw badValue('Each element of the pipeline must be an object');
  if (command.aggregate === 1) {
    const options = evaluationOptions(command, engine, database);
    if (pipeline.length > 0 && Object.keys(pipeline[0])[0] === '$documents')
      return runPipeline([], pipeline, options);
    throw notSupported('A database-level aggregation (other than $documents)');
  }
  const store = engine.collection(database, collectionArgument(command, 'aggregate'));
  const options = evaluationOptions(command, engine, database, store);
  const collated = resolveCollation(options.collation) !== undefined;
  if (!store)
    return collated ? runCollatedPipeline([], pipeline, options) : runPipeline([], pipeline, options);
  store.assertHint(command.hint);
  const firstStage = pipeline[0];
  const filter = firstStage && isPlainObject(firstStage.$match) ? firstStage.$match : {};
  const plan = planQuery(store, filter, engine.stats, options.collation);
  if (collated) return runCollatedPipeline(plan.candidates, pipeline, options);
  // A leading $match of plain equalities is applied here, on the index's candidates, rather than by mingo.
  const leadingMatch = firstStage && Object.keys(firstStage).length === 1 && isPlainObject(firstStage.$match);
  const matched = leadingMatch ? matchEqualities(plan.candidates, filter, options) : undefined;
  const rest = matched ? pipeline.slice(1) : pipeline;
  const candidates = matched ?? plan.candidates;
  const copyNeeded = rest.some((stage) => !readOnlyStages.has(Object.keys(stage)[0]));
  const input = copyNeeded ? candidates.map((document) => cloneDocument(document)) : candidates;
  return rest.length === 0 ? input : runPipeline(input, rest, options);
}

const aggregate: CommandHandler = (command, context) => {
  if (command.explain) throw notSupported('explain on aggregate');
  const cursor = documentArgument(command.cursor, 'cursor');
  if (!cursor)
    throw badValue("The 'cursor' option is required, except for aggregate with the explain argument");
  const documents = runAggregate(command, context);
  const name = command.aggregate === 1 ? '$cmd.aggregate' : String(command.aggregate);
  const namespace = `${context.database}.${name}`;
  const batch = context.engine.cursors.start(
    namespace,
    documents,
    numberArgument(cursor.batchSize, 'batchSize'),
  );
  return cursorReply(namespace, batch, true);
};

export const readCommands: Record<string, CommandHandler> = {
  find,
  getMore,
  killCursors,
  count,
  distinct,
  aggregate,
};
