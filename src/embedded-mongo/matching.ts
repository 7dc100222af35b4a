import type { Document } from 'bson';
import { Aggregator, Context, Query } from 'mingo';
import { indexValuesAtPath, isPlainObject } from './documents';
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
  const query = new Query(alignWithMongo(filter), mingoOptions());
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
  ]),
});

const logicalOperators = new Set(['$and', '$or', '$nor']);

const isOperatorObject = (value: Document): boolean => {
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => key.startsWith('$'));
};

/** A field's condition (`{ $gt: 1, $type: 'int' }`) with the engine's operators substituted. */
function alignCondition(condition: Document): Document {
  const aligned: Document = {};
  for (const operator of Object.keys(condition)) {
    const operand = condition[operator];
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
  const query = evaluate(() => new Query(alignWithMongo(filter), mingoOptions(options)));
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

/** Filters, sorts, pages and projects candidate documents like a MongoDB find. */
export function findDocuments(
  candidates: Document[],
  filter: Document,
  shape: FindShape,
  options?: EvaluationOptions,
): Document[] {
  const orderedPaths = rangePaths(filter);
  for (const path of Object.keys(shape.sort ?? {})) orderedPaths.add(path);
  assertNoDecimalOrdering(candidates, orderedPaths);
  return evaluate(() => {
    const query = new Query(alignWithMongo(filter), mingoOptions(options));
    const projection =
      shape.projection && Object.keys(shape.projection).length > 0 ? shape.projection : undefined;
    let cursor = query.find<Document>(candidates, projection);
    if (options?.collation) cursor = cursor.collation(options.collation as NonNullable<Options['collation']>);
    if (shape.sort && Object.keys(shape.sort).length > 0) cursor = cursor.sort(shape.sort);
    if (shape.skip) cursor = cursor.skip(shape.skip);
    if (shape.limit) cursor = cursor.limit(shape.limit);
    return cursor.all();
  });
}

const stagesThatWrite = new Set(['$out', '$merge']);

export function runPipeline(
  documents: Document[],
  pipeline: Document[],
  options?: EvaluationOptions,
): Document[] {
  for (const stage of pipeline) {
    const name = Object.keys(stage)[0];
    if (stagesThatWrite.has(name)) throw notSupported(`The ${name} aggregation stage`);
  }
  return evaluate(() => new Aggregator(pipeline, mingoOptions(options)).run<Document>(documents));
}
