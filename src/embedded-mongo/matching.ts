import type { Document } from 'bson';
import { Aggregator, Context, Query } from 'mingo';
import { filterWithComparisonKeys, resolveCollation, withComparisonKeys } from './collation';
import { indexValuesAtPath, isPlainObject, withIdFirst } from './documents';
import { notSupported, translateEvaluationError } from './errors';
import {
  binaryRangeOperators,
  engineQueryOperators,
  isBinaryOperand,
  type QueryOperator,
} from './query-operators';

/**
 * The one place that talks to mingo, which gives the engine MongoDB's query, projection, update and
 * aggregation semantics. Every mingo error comes out as the MongoDB error a real server would answer.
 */

type Options = NonNullable<ConstructorParameters<typeof Query>[1]>;

export type DocumentMatcher = (document: Document) => boolean;

export interface EvaluationOptions {
  collation?: Document;
  variables?: Document;
  /** Documents of another collection of the same database, for `$lookup` and `$unionWith`. */
  collectionResolver?: (name: string) => Document[];
}

function mingoOptions(options: EvaluationOptions = {}): Options {
  return {
    scriptEnabled: false,
    context: engineContext,
    ...(options.collation ? { collation: options.collation as Options['collation'] } : {}),
    ...(options.variables ? { variables: options.variables } : {}),
    ...(options.collectionResolver ? { collectionResolver: options.collectionResolver } : {}),
  };
}

function evaluate<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw translateEvaluationError(error);
  }
}

/**
 * The engine's own query operators ($type, $all, $bits*, DBRef fields, binary ranges) under names mingo does
 * not know, so that they are added to its operators rather than shadowed by them.
 */
const engineNames: Record<string, string> = Object.fromEntries(
  Object.keys(engineQueryOperators).map((name) => [name, `$engine${name.slice(1)}`]),
);
const binaryRangeNames: Record<string, string> = Object.fromEntries(
  Object.keys(binaryRangeOperators).map((name) => [name, `$engineBinary${name.slice(1)}`]),
);

function compileAligned(filter: Document): DocumentMatcher {
  const query = newQuery(alignWithMongo(filter));
  return (document) => query.test(document);
}

function adapt(operator: QueryOperator) {
  return (selector: string, operand: unknown) => operator(selector, operand, compileAligned);
}

const engineContext = Context.init({
  query: Object.fromEntries([
    ...Object.entries(engineQueryOperators).map(([name, operator]) => [engineNames[name], adapt(operator)]),
    ...Object.entries(binaryRangeOperators).map(([name, operator]) => [
      binaryRangeNames[name],
      adapt(operator),
    ]),
    ['$engineCaptureOptions', captureOptions],
  ]),
  pipeline: { $engineCapturePipelineOptions: capturePipelineOptions },
});

/**
 * mingo merges (copies) its whole operator table into every query built with a context of operators, which
 * would cost more than the query itself. Queries without `let` variables therefore share one set of compiled
 * options: captured once from the options mingo hands to an operator, and given to mingo's base Query class
 * (the exported one is a thin subclass that merges the operator table).
 */
const BaseQuery = Object.getPrototypeOf(Query) as typeof Query;
let sharedOptions: Options | undefined;

function captureOptions(_selector: string, _operand: unknown, options: Options) {
  sharedOptions = options;
  return () => true;
}

function newQuery(filter: Document, options: EvaluationOptions = {}): Query {
  if (options.variables) return new Query(filter, mingoOptions(options));
  if (!sharedOptions) new Query({ probe: { $engineCaptureOptions: 1 } }, mingoOptions());
  return new BaseQuery(filter, sharedOptions);
}

const logicalOperators = new Set(['$and', '$or', '$nor']);

const isOperatorObject = (value: Document): boolean => {
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => key.startsWith('$'));
};

const geoOperators = new Set(['$near', '$nearSphere', '$geoWithin', '$geoIntersects', '$within']);

/** A field's condition (`{ $gt: 1, $type: 'int' }`) with the engine's operators substituted. */
function alignCondition(condition: Document): Document {
  const aligned: Document = {};
  for (const operator of Object.keys(condition)) {
    const operand = condition[operator];
    if (geoOperators.has(operator)) throw notSupported(`The geospatial query operator ${operator}`);
    if (operator === '$elemMatch' && isPlainObject(operand)) {
      const wrapsValues =
        isOperatorObject(operand) && !Object.keys(operand).some((key) => logicalOperators.has(key));
      aligned[operator] = wrapsValues ? alignCondition(operand) : alignWithMongo(operand);
    } else if (operator === '$not' && isPlainObject(operand)) {
      aligned[operator] = alignCondition(operand);
    } else if (operator in binaryRangeNames && isBinaryOperand(operand)) {
      aligned[binaryRangeNames[operator]] = operand;
    } else if (Object.prototype.hasOwnProperty.call(engineNames, operator)) {
      aligned[engineNames[operator]] = operand;
    } else {
      aligned[operator] = operand;
    }
  }
  // mingo's $mod matches null (null % n is 0 in JavaScript), MongoDB's only numbers.
  if ('$mod' in condition && !('$type' in condition)) aligned[engineNames.$type] = 'number';
  return aligned;
}

/** Adjusts a filter where mingo and MongoDB disagree (see alignCondition and query-operators.ts). */
function alignWithMongo(filter: Document): Document {
  const aligned: Document = {};
  for (const key of Object.keys(filter)) {
    const condition = filter[key];
    if (key === '$text') throw notSupported('Text search ($text)');
    if (logicalOperators.has(key) && Array.isArray(condition)) {
      aligned[key] = condition.map((clause) => (isPlainObject(clause) ? alignWithMongo(clause) : clause));
    } else if (!key.startsWith('$') && isPlainObject(condition) && isOperatorObject(condition)) {
      aligned[key] = alignCondition(condition);
    } else {
      aligned[key] = condition;
    }
  }
  return aligned;
}

export function compileFilter(filter: Document, options?: EvaluationOptions): DocumentMatcher {
  const query = evaluate(() => newQuery(alignWithMongo(filter), options));
  return (document) => evaluate(() => query.test(document));
}

const rangeOperators = ['$gt', '$gte', '$lt', '$lte'];

const isDecimal128 = (value: unknown): boolean =>
  value !== null &&
  typeof value === 'object' &&
  (value as { _bsontype?: unknown })._bsontype === 'Decimal128';

/** Paths a filter compares by order ($gt, $lt…), where mingo would order Decimal128 values as strings. */
function rangePaths(filter: Document, into: Set<string> = new Set()): Set<string> {
  for (const key of Object.keys(filter)) {
    const condition = filter[key];
    if ((key === '$and' || key === '$or' || key === '$nor') && Array.isArray(condition)) {
      for (const clause of condition) if (isPlainObject(clause)) rangePaths(clause, into);
    } else if (!key.startsWith('$') && isPlainObject(condition)) {
      const operators = rangeOperators.filter((operator) => operator in condition);
      if (operators.some((operator) => isDecimal128(condition[operator]))) {
        throw notSupported(`Ordering comparison (${operators.join(', ')}) on a Decimal128 value`);
      }
      if (operators.length > 0) into.add(key);
    }
  }
  return into;
}

/**
 * Refuses, rather than answers wrongly, a comparison or sort by order over Decimal128 values: mingo orders them
 * by their string form ("10" < "9"). Equality on Decimal128 works.
 */
function assertNoDecimalOrdering(candidates: Document[], paths: Set<string>): void {
  if (paths.size === 0) return;
  for (const document of candidates) {
    for (const path of paths) {
      if (indexValuesAtPath(document, path).some(isDecimal128)) {
        throw notSupported(`Sorting or comparing by order the Decimal128 values of '${path}'`);
      }
    }
  }
}

export interface FindShape {
  sort?: Document;
  skip?: number;
  limit?: number;
  projection?: Document;
}

type ValueTest = (value: unknown) => boolean;

const isObjectId = (value: unknown): value is { equals(other: unknown): boolean } =>
  value !== null && typeof value === 'object' && (value as { _bsontype?: unknown })._bsontype === 'ObjectId';

function scalarTest(expected: unknown): ValueTest | undefined {
  if (typeof expected === 'string') return (value) => value === expected;
  if (isObjectId(expected)) return (value) => isObjectId(value) && expected.equals(value);
  return undefined;
}

/**
 * Equality with a string or an ObjectId (`'x'`, `{ $eq: 'x' }`, `{ $in: ['x', 'y'] }`): the value itself or
 * one element of an array (MongoDB's rule).
 */
function equalityTest(condition: unknown): ValueTest | undefined {
  let test = scalarTest(condition);
  if (!test && isPlainObject(condition)) {
    const operators = Object.keys(condition);
    if (operators.length === 1 && operators[0] === '$eq') test = scalarTest(condition.$eq);
    if (operators.length === 1 && operators[0] === '$in' && Array.isArray(condition.$in)) {
      const tests = condition.$in.map(scalarTest);
      if (tests.length > 0 && tests.every((one) => one !== undefined)) {
        test = (value) => tests.some((one) => one!(value));
      }
    }
  }
  if (!test) return undefined;
  const matches = test;
  return (value) => matches(value) || (Array.isArray(value) && value.some(matches));
}

/**
 * A filter made only of top-level fields equal to strings or ObjectIds (`{ _id: 'shared' }`,
 * `{ pollId, voterKey }`, `{ groupSlug, memberId }`, `{ _id: { $in: [...] } }`), as a direct test of each document; undefined for any
 * other filter. Most reads and writes of a turn filter this way, on the few candidates an index lookup left,
 * where compiling the filter with mingo would cost more than testing them.
 */
function simpleEqualityMatcher(filter: Document): DocumentMatcher | undefined {
  const tests: Array<[field: string, test: ValueTest]> = [];
  for (const field of Object.keys(filter)) {
    if (field.startsWith('$') || field.includes('.') || field === '__proto__') return undefined;
    const test = equalityTest(filter[field]);
    if (!test) return undefined;
    tests.push([field, test]);
  }
  return (document) =>
    tests.every(
      ([field, test]) => Object.prototype.hasOwnProperty.call(document, field) && test(document[field]),
    );
}

/**
 * The candidates a filter of plain equalities keeps (see simpleEqualityMatcher), or undefined for any other
 * filter or under a collation or `let` variables: the caller then lets mingo evaluate it.
 */
export function matchEqualities(
  candidates: Document[],
  filter: Document,
  options: EvaluationOptions = {},
): Document[] | undefined {
  if (options.variables || resolveCollation(options.collation)) return undefined;
  const matcher = simpleEqualityMatcher(filter);
  return matcher ? candidates.filter(matcher) : undefined;
}

/** Filters, sorts, pages and projects candidate documents like a MongoDB find. */
export function findDocuments(
  candidates: Document[],
  filter: Document,
  shape: FindShape,
  options: EvaluationOptions = {},
): Document[] {
  const unshaped = !shape.projection && (!shape.sort || Object.keys(shape.sort).length === 0);
  const found = unshaped ? matchEqualities(candidates, filter, options) : undefined;
  if (found) {
    const skip = shape.skip ?? 0;
    return skip > 0 || shape.limit ? found.slice(skip, shape.limit ? skip + shape.limit : undefined) : found;
  }
  const orderedPaths = rangePaths(filter);
  for (const path of Object.keys(shape.sort ?? {})) orderedPaths.add(path);
  assertNoDecimalOrdering(candidates, orderedPaths);
  return evaluate(() => {
    const collation = resolveCollation(options.collation);
    const queryOptions: EvaluationOptions = { variables: options.variables };
    let source = candidates;
    let remainingFilter = filter;
    if (collation) {
      // Equality under the collation: documents and filter compared through their comparison keys.
      const keyed = newQuery(alignWithMongo(filterWithComparisonKeys(filter, collation)), queryOptions);
      source = candidates.filter((document) => keyed.test(withComparisonKeys(document, collation)));
      remainingFilter = {};
    } else if (mentionsProto(filter)) {
      // mingo refuses to read a field named __proto__: the filter runs against renamed copies.
      const renamed = newQuery(alignWithMongo(renameProto(filter)), queryOptions);
      source = candidates.filter((document) => renamed.test(renameProto(document)));
      remainingFilter = {};
    }
    const { projection, slices } = splitProjection(shape.projection);
    let cursor = newQuery(alignWithMongo(remainingFilter), queryOptions).find<Document>(source, projection);
    if (collation) cursor = cursor.collation(collation.sortSpec as NonNullable<Options['collation']>);
    if (shape.sort && Object.keys(shape.sort).length > 0) cursor = cursor.sort(shape.sort);
    if (shape.skip) cursor = cursor.skip(shape.skip);
    if (shape.limit) cursor = cursor.limit(shape.limit);
    const found = cursor.all();
    return shape.projection ? found.map((document) => withIdFirst(applySlices(document, slices))) : found;
  });
}

const protoAlias = '\u0001proto\u0001';

function mentionsProto(filter: unknown): boolean {
  if (Array.isArray(filter)) return filter.some(mentionsProto);
  if (!isPlainObject(filter)) return false;
  return Object.keys(filter).some(
    (key) => key.split('.').includes('__proto__') || mentionsProto(filter[key]),
  );
}

/** A copy whose field names `__proto__` (also inside dotted paths) are replaced by an alias mingo reads. */
function renameProto<T>(value: T): T {
  if (Array.isArray(value)) return value.map(renameProto) as T;
  if (!isPlainObject(value)) return value;
  const copy: Document = {};
  for (const key of Object.keys(value)) {
    const renamed = key
      .split('.')
      .map((part) => (part === '__proto__' ? protoAlias : part))
      .join('.');
    copy[renamed] = renameProto(value[key]);
  }
  return copy as T;
}

type Slice = [path: string, spec: unknown];

const isInclusion = (value: unknown): boolean =>
  value === true || (typeof value === 'number' && value !== 0) || isPlainObject(value);

/**
 * A `$slice` projection without any included field keeps every other field (MongoDB); mingo would drop them,
 * so such slices are applied after the rest of the projection.
 */
function splitProjection(projection: Document | undefined): { projection?: Document; slices: Slice[] } {
  if (!projection || Object.keys(projection).length === 0) return { slices: [] };
  const fields = Object.keys(projection);
  const isSlice = (field: string) =>
    isPlainObject(projection[field]) && Object.keys(projection[field]).join() === '$slice';
  const sliceFields = fields.filter(isSlice);
  const others = fields.filter((field) => !isSlice(field));
  if (sliceFields.length === 0 || others.some((field) => field !== '_id' && isInclusion(projection[field]))) {
    return { projection, slices: [] };
  }
  const rest: Document = {};
  for (const field of others) rest[field] = projection[field];
  return {
    projection: others.length > 0 ? rest : undefined,
    slices: sliceFields.map((field) => [field, (projection[field] as Document).$slice]),
  };
}

function sliceArray(array: unknown[], spec: unknown): unknown[] {
  if (Array.isArray(spec)) {
    const [skip, limit] = spec as number[];
    const start = skip < 0 ? Math.max(0, array.length + skip) : skip;
    return array.slice(start, start + limit);
  }
  const count = Number(spec);
  return count >= 0 ? array.slice(0, count) : array.slice(Math.max(0, array.length + count));
}

/** A copy of the document with the arrays at the sliced paths cut (the stored document is left alone). */
function applySlices(document: Document, slices: Slice[]): Document {
  if (slices.length === 0) return document;
  const copy: Document = { ...document };
  for (const [path, spec] of slices) {
    const parts = path.split('.');
    let node = copy;
    for (const part of parts.slice(0, -1)) {
      if (!isPlainObject(node[part])) break;
      node[part] = { ...(node[part] as Document) };
      node = node[part] as Document;
    }
    const last = parts[parts.length - 1];
    if (Array.isArray(node[last])) node[last] = sliceArray(node[last] as unknown[], spec);
  }
  return copy;
}

const unsupportedStages = new Set(['$out', '$merge', '$changeStream', '$geoNear', '$search', '$searchMeta']);

/**
 * As for queries, mingo's Aggregator merges its whole operator table (twice) into every pipeline built with a
 * context of operators. Pipelines without `let` variables, collation or a stage reading another collection
 * share one set of compiled options, captured once from the options mingo hands to a pipeline stage.
 */
const BaseAggregator = Object.getPrototypeOf(Aggregator) as typeof Aggregator;
let sharedPipelineOptions: Options | undefined;

function capturePipelineOptions<T>(collection: T, _expression: unknown, options: Options): T {
  sharedPipelineOptions ??= options;
  return collection;
}

const stagesReadingOtherCollections = new Set(['$lookup', '$unionWith', '$graphLookup']);

function readsOtherCollections(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(readsOtherCollections);
  if (!isPlainObject(value)) return false;
  return Object.keys(value).some(
    (key) => stagesReadingOtherCollections.has(key) || readsOtherCollections(value[key]),
  );
}

function newAggregator(pipeline: Document[], options: EvaluationOptions = {}): Aggregator {
  if (options.variables || options.collation || readsOtherCollections(pipeline)) {
    return new Aggregator(pipeline, mingoOptions(options));
  }
  if (!sharedPipelineOptions) {
    new Aggregator([{ $engineCapturePipelineOptions: 1 }], mingoOptions()).run([]);
  }
  return new BaseAggregator(pipeline, sharedPipelineOptions);
}

export function runPipeline(
  documents: Document[],
  pipeline: Document[],
  options?: EvaluationOptions,
): Document[] {
  for (const stage of pipeline) {
    const name = Object.keys(stage)[0];
    if (unsupportedStages.has(name)) throw notSupported(`The ${name} aggregation stage`);
  }
  return evaluate(() => newAggregator(pipeline, options).run<Document>(documents));
}
