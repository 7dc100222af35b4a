import { Timestamp, type Document } from 'bson';
import { compareValues } from './bson-order';
import {
  assignField,
  cloneDocument,
  formatValue,
  isPlainObject,
  ownField,
  valueAtPath,
  valueKey,
} from './documents';
import { badValue, CommandError, ErrorCode, notSupported } from './errors';
import { compileFilter, type DocumentMatcher } from './matching';
import { bsonTypeName } from './bson-types';

/**
 * MongoDB's update operators ($set, $inc, $push…) applied to a copy of a document, with MongoDB's rules:
 * paths conflict only when one contains the other (code 40), the positional `$` is resolved once from the
 * filter, `$[]`/`$[id]` expand over array elements, type errors are raised (codes 2, 14, 28), and fields are
 * processed in lexicographic order (MongoDB ≥ 5.0).
 */

export interface UpdateTarget {
  /** The filter that selected the document, which resolves the positional `$`; absent for an upsert. */
  filter?: Document;
  arrayFilters?: Document[];
  /** An upsert inserting its document: then, as for inserts, `$`-prefixed field names may be created. */
  inserting?: boolean;
}

interface Entry {
  operator: string;
  path: string;
  segments: string[];
  value: unknown;
}

type Container = Document | unknown[];

const isIndex = (segment: string): boolean => /^\d+$/.test(segment);

const emptyPathError = (path: string) =>
  new CommandError(
    ErrorCode.EmptyFieldName,
    path === ''
      ? 'An empty update path is not valid.'
      : `The update path '${path}' contains an empty field name, which is not allowed.`,
  );

const pathNotViable = (field: string, parentKey: string, parent: unknown) =>
  new CommandError(
    ErrorCode.PathNotViable,
    `Cannot create field '${field}' in element {${parentKey}: ${formatValue(parent)}}`,
  );

function readChild(container: unknown, key: string): unknown {
  if (Array.isArray(container)) return isIndex(key) ? container[Number(key)] : undefined;
  if (isPlainObject(container)) return ownField(container, key);
  return undefined;
}

function writeChild(container: Container, key: string, value: unknown): void {
  if (Array.isArray(container)) {
    const position = Number(key);
    while (container.length < position) container.push(null);
    container[position] = value;
  } else {
    assignField(container, key, value);
  }
}

/**
 * The container that holds a path's last field. With `create`, missing documents on the way are created and a
 * path through a scalar, or a field name on an array, is MongoDB's PathNotViable; without it, such a path
 * gives undefined (nothing to change).
 */
function locate(
  document: Document,
  segments: string[],
  create: boolean,
): { container: Container; key: string } | undefined {
  let current: unknown = document;
  for (let position = 0; position < segments.length; position += 1) {
    const segment = segments[position];
    const isLast = position === segments.length - 1;
    if (Array.isArray(current) && !isIndex(segment)) {
      if (!create) return undefined;
      throw pathNotViable(segment, segments[position - 1] ?? '', current);
    }
    if (isLast) return { container: current as Container, key: segment };
    let next = readChild(current, segment);
    if (next === undefined) {
      if (!create) return undefined;
      next = {};
      writeChild(current as Container, segment, next);
    } else if (!isPlainObject(next) && !Array.isArray(next)) {
      if (!create) return undefined;
      throw pathNotViable(segments[position + 1], segment, next);
    }
    current = next;
  }
  return undefined;
}

function typeErrorSubject(document: Document): string {
  return `{_id: ${formatValue(document._id)}}`;
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number';
}

function assertPlainNumber(value: unknown, operator: string): void {
  const bsonType = (value as { _bsontype?: string } | null)?._bsontype;
  if (bsonType === 'Decimal128' || bsonType === 'Long') {
    throw notSupported(`${operator} on a ${bsonType} value`);
  }
}

function arithmetic(operator: '$inc' | '$mul', document: Document, entry: Entry, segments: string[]): void {
  assertPlainNumber(entry.value, operator);
  if (!isNumber(entry.value)) {
    throw new CommandError(
      ErrorCode.TypeMismatch,
      `Cannot ${operator === '$inc' ? 'increment' : 'multiply'} with non-numeric argument: {${entry.path}: ${formatValue(entry.value)}}`,
    );
  }
  const { container, key } = locate(document, segments, true)!;
  const current = readChild(container, key);
  if (current === undefined) {
    writeChild(container, key, operator === '$inc' ? entry.value : 0);
    return;
  }
  assertPlainNumber(current, operator);
  if (!isNumber(current)) {
    throw new CommandError(
      ErrorCode.TypeMismatch,
      `Cannot apply ${operator} to a value of non-numeric type. ${typeErrorSubject(document)} has the field '${key}' of non-numeric type ${bsonTypeName(current)}`,
    );
  }
  writeChild(container, key, operator === '$inc' ? current + entry.value : current * entry.value);
}

/** The array at a path for $push/$addToSet: a new one when absent, else it must already be an array. */
function arrayToExtend(
  document: Document,
  segments: string[],
  operator: string,
): { container: Container; key: string; array: unknown[] } {
  const { container, key } = locate(document, segments, true)!;
  const current = readChild(container, key);
  if (current === undefined) return { container, key, array: [] };
  if (!Array.isArray(current)) {
    const message =
      operator === '$push'
        ? `The field '${key}' must be an array but is of type ${bsonTypeName(current)} in document ${typeErrorSubject(document)}`
        : `Cannot apply $addToSet to non-array field. Field named '${key}' has non-array type ${bsonTypeName(current)}`;
    throw badValue(message);
  }
  return { container, key, array: [...current] };
}

function eachOf(value: unknown, operator: string): { each: unknown[]; modifiers: Document } {
  if (isPlainObject(value) && '$each' in value) {
    const { $each: each, ...modifiers } = value;
    if (!Array.isArray(each)) {
      throw badValue(
        `The argument to $each in ${operator} must be an array but it was of type: ${bsonTypeName(each)}`,
      );
    }
    return { each: cloneDocument(each), modifiers };
  }
  return { each: [cloneDocument(value)], modifiers: {} };
}

function sortElements(array: unknown[], spec: unknown): void {
  if (isPlainObject(spec)) {
    const fields = Object.keys(spec);
    array.sort((left, right) => {
      for (const field of fields) {
        const order = compareValues(
          isPlainObject(left) ? valueAtPath(left, field) : undefined,
          isPlainObject(right) ? valueAtPath(right, field) : undefined,
        );
        if (order !== 0) return order * (spec[field] === -1 ? -1 : 1);
      }
      return 0;
    });
  } else if (spec === 1 || spec === -1) {
    array.sort((left, right) => compareValues(left, right) * spec);
  } else {
    throw badValue(
      `The $sort is invalid: use 1/-1 to sort the whole element, or {field:1/-1} to sort embedded fields`,
    );
  }
}

function push(document: Document, entry: Entry, segments: string[]): void {
  const { container, key, array } = arrayToExtend(document, segments, '$push');
  const { each, modifiers } = eachOf(entry.value, '$push');
  let position = modifiers.$position === undefined ? array.length : Number(modifiers.$position);
  if (position < 0) position = Math.max(0, array.length + position);
  array.splice(Math.min(position, array.length), 0, ...each);
  if (modifiers.$sort !== undefined) sortElements(array, modifiers.$sort);
  let result = array;
  if (modifiers.$slice !== undefined) {
    const slice = Number(modifiers.$slice);
    result = slice >= 0 ? array.slice(0, slice) : array.slice(Math.max(0, array.length + slice));
  }
  writeChild(container, key, result);
}

function addToSet(document: Document, entry: Entry, segments: string[]): void {
  const { container, key, array } = arrayToExtend(document, segments, '$addToSet');
  const present = new Set(array.map(valueKey));
  for (const value of eachOf(entry.value, '$addToSet').each) {
    const valueId = valueKey(value);
    if (present.has(valueId)) continue;
    present.add(valueId);
    array.push(value);
  }
  writeChild(container, key, array);
}

/** An existing array to shrink ($pop, $pull, $pullAll), or undefined when the field is absent. */
function arrayToShrink(
  document: Document,
  entry: Entry,
  segments: string[],
): { container: Container; key: string; array: unknown[] } | undefined {
  const located = locate(document, segments, false);
  if (!located) return undefined;
  const current = readChild(located.container, located.key);
  if (current === undefined) return undefined;
  if (!Array.isArray(current)) {
    if (entry.operator === '$pop') {
      throw new CommandError(
        ErrorCode.TypeMismatch,
        `Path '${entry.path}' contains an element of non-array type '${bsonTypeName(current)}'`,
      );
    }
    throw badValue(
      `Cannot apply ${entry.operator === '$pullAll' ? '$pullAll' : '$pull'} to a non-array value`,
    );
  }
  return { ...located, array: current };
}

const logicalOperators = new Set(['$and', '$or', '$nor', '$expr', '$where', '$text', '$comment']);

/**
 * Which array elements a $pull condition removes: a value removes equal elements; a condition made of
 * operators (`{ $gte: 6 }`) applies to each element; a query (`{ a: 1 }`, `{ $or: [...] }`) applies to
 * elements that are documents, which match partially as in a find.
 */
function pullMatcher(condition: unknown): (element: unknown) => boolean {
  if (condition instanceof RegExp) return (element) => typeof element === 'string' && condition.test(element);
  if (!isPlainObject(condition)) {
    const key = valueKey(condition);
    return (element) => valueKey(element) === key;
  }
  const keys = Object.keys(condition);
  if (keys.length > 0 && keys.every((key) => key.startsWith('$') && !logicalOperators.has(key))) {
    const matcher = compileFilter({ value: condition });
    return (element) => matcher({ value: element });
  }
  const matcher = compileFilter(condition);
  return (element) => isPlainObject(element) && matcher(element);
}

function pull(document: Document, entry: Entry, segments: string[]): void {
  const target = arrayToShrink(document, entry, segments);
  if (!target) return;
  let matches: (element: unknown) => boolean;
  if (entry.operator === '$pullAll') {
    if (!Array.isArray(entry.value)) {
      throw badValue(`$pullAll requires an array argument but was given a ${bsonTypeName(entry.value)}`);
    }
    const keys = new Set(entry.value.map(valueKey));
    matches = (element) => keys.has(valueKey(element));
  } else {
    matches = pullMatcher(entry.value);
  }
  writeChild(
    target.container,
    target.key,
    target.array.filter((element) => !matches(element)),
  );
}

function pop(document: Document, entry: Entry, segments: string[]): void {
  if (entry.value !== 1 && entry.value !== -1) {
    throw new CommandError(
      ErrorCode.FailedToParse,
      `$pop expects 1 or -1, found: ${formatValue(entry.value)}`,
    );
  }
  const target = arrayToShrink(document, entry, segments);
  if (!target || target.array.length === 0) return;
  writeChild(
    target.container,
    target.key,
    entry.value === 1 ? target.array.slice(0, -1) : target.array.slice(1),
  );
}

function unset(document: Document, segments: string[]): void {
  const located = locate(document, segments, false);
  if (!located) return;
  const { container, key } = located;
  if (Array.isArray(container)) {
    if (Number(key) < container.length) container[Number(key)] = null;
  } else if (Object.prototype.hasOwnProperty.call(container, key)) {
    delete container[key];
  }
}

function currentDate(document: Document, entry: Entry, segments: string[]): void {
  const spec = entry.value;
  let value: unknown;
  if (spec === true || (isPlainObject(spec) && spec.$type === 'date')) value = new Date();
  else if (isPlainObject(spec) && spec.$type === 'timestamp')
    value = new Timestamp({ t: Math.floor(Date.now() / 1000), i: 1 });
  else if (spec === false) value = new Date();
  else
    throw badValue(
      "The '$type' string field is required to be 'date' or 'timestamp': {$currentDate: {field : {$type: 'date'}}}",
    );
  const { container, key } = locate(document, segments, true)!;
  writeChild(container, key, value);
}

function minMax(document: Document, entry: Entry, segments: string[]): void {
  const { container, key } = locate(document, segments, true)!;
  const current = readChild(container, key);
  const order = current === undefined ? 0 : compareValues(entry.value, current);
  if (current === undefined || (entry.operator === '$min' ? order < 0 : order > 0)) {
    writeChild(container, key, cloneDocument(entry.value));
  }
}

function bit(document: Document, entry: Entry, segments: string[]): void {
  if (!isPlainObject(entry.value))
    throw badValue(`The $bit modifier is not compatible with a ${bsonTypeName(entry.value)}`);
  const { container, key } = locate(document, segments, true)!;
  let current = readChild(container, key) ?? 0;
  if (!Number.isInteger(current)) {
    throw badValue(
      `Cannot apply $bit to a value of non-integral type.${typeErrorSubject(document)} has the field ${key} of non-integer type ${bsonTypeName(current)}`,
    );
  }
  for (const operation of Object.keys(entry.value)) {
    const operand = entry.value[operation];
    if (!Number.isInteger(operand)) throw badValue(`The $bit modifier field must be an Integer(32/64 bit)`);
    const left = current as number;
    if (operation === 'and') current = left & operand;
    else if (operation === 'or') current = left | operand;
    else if (operation === 'xor') current = left ^ operand;
    else throw badValue(`The $bit modifier only supports 'and', 'or', and 'xor', not '${operation}'`);
  }
  writeChild(container, key, current);
}

function rename(document: Document, entry: Entry, segments: string[]): void {
  const destination = entry.value as string;
  const source = locate(document, segments, false);
  if (!source) return;
  if (Array.isArray(source.container)) {
    throw badValue(
      `The source field cannot be an array element, '${entry.path}' in doc with _id: ${formatValue(document._id)} has an array field`,
    );
  }
  const value = readChild(source.container, source.key);
  if (value === undefined) return;
  unset(document, segments);
  const target = locate(document, destination.split('.'), true)!;
  if (Array.isArray(target.container)) {
    throw badValue(
      `The destination field cannot be an array element, '${destination}' in doc with _id: ${formatValue(document._id)} has an array field`,
    );
  }
  writeChild(target.container, target.key, value);
}

const operators: Record<string, (document: Document, entry: Entry, segments: string[]) => void> = {
  $set: (document, entry, segments) => {
    const { container, key } = locate(document, segments, true)!;
    writeChild(container, key, cloneDocument(entry.value));
  },
  $unset: (document, _entry, segments) => unset(document, segments),
  $inc: (document, entry, segments) => arithmetic('$inc', document, entry, segments),
  $mul: (document, entry, segments) => arithmetic('$mul', document, entry, segments),
  $min: minMax,
  $max: minMax,
  $currentDate: currentDate,
  $rename: rename,
  $push: push,
  $addToSet: addToSet,
  $pop: pop,
  $pull: pull,
  $pullAll: pull,
  $bit: bit,
};

/** The update's entries, validated, with MongoDB's conflict rule: no path may contain another. */
function collectEntries(modifier: Document): Entry[] {
  const entries: Entry[] = [];
  const claimed: string[][] = [];
  const claim = (path: string) => {
    const segments = path.split('.');
    if (path === '' || segments.some((segment) => segment === '')) throw emptyPathError(path);
    for (const other of claimed) {
      const shorter = other.length <= segments.length ? other : segments;
      if (
        shorter.every((segment, position) => segment === other[position] && segment === segments[position])
      ) {
        throw new CommandError(
          ErrorCode.ConflictingUpdateOperators,
          `Updating the path '${path}' would create a conflict at '${shorter.join('.')}'`,
        );
      }
    }
    claimed.push(segments);
    return segments;
  };
  for (const operator of Object.keys(modifier)) {
    if (!Object.prototype.hasOwnProperty.call(operators, operator)) {
      throw new CommandError(
        ErrorCode.FailedToParse,
        `Unknown modifier: ${operator}. Expected a valid update modifier or pipeline-style update specified as an array`,
      );
    }
    const fields = modifier[operator];
    if (!isPlainObject(fields)) {
      throw new CommandError(
        ErrorCode.FailedToParse,
        `Modifiers operate on fields but we found type ${bsonTypeName(fields)} instead. For example: {$mod: {<field>: ...}} not {${operator}: ${formatValue(fields)}}`,
      );
    }
    for (const path of Object.keys(fields)) {
      const value = ownField(fields, path);
      if (operator === '$rename') {
        if (typeof value !== 'string')
          throw badValue(`The 'to' field for $rename must be a string: ${path}: ${formatValue(value)}`);
        claim(value);
      }
      entries.push({ operator, path, segments: claim(path), value });
    }
  }
  return entries;
}

const isPositional = (segment: string): boolean => segment === '$' || /^\$\[\w*\]$/.test(segment);

/** An update of an existing document may not create `$`-prefixed field names (inserts and upserts may). */
function assertStorablePath(entry: Entry): void {
  const segment = entry.segments.find((part) => part.startsWith('$') && !isPositional(part));
  if (
    segment &&
    entry.operator !== '$unset' &&
    entry.operator !== '$pull' &&
    entry.operator !== '$pullAll' &&
    entry.operator !== '$pop'
  ) {
    throw new CommandError(
      ErrorCode.DollarPrefixedFieldName,
      `The dollar ($) prefixed field '${segment}' in '${entry.path}' is not valid for storage.`,
    );
  }
}

/** MongoDB ≥ 5.0 processes fields in lexicographic order, numeric field names in numeric order. */
function comparePaths(left: Entry, right: Entry): number {
  const length = Math.min(left.segments.length, right.segments.length);
  for (let position = 0; position < length; position += 1) {
    const a = left.segments[position];
    const b = right.segments[position];
    if (a === b) continue;
    if (isIndex(a) && isIndex(b)) return Number(a) - Number(b);
    return a < b ? -1 : 1;
  }
  return left.segments.length - right.segments.length;
}

const positionalNotFound = () =>
  badValue('The positional operator did not find the match needed from the query.');

/** The clauses of a filter about one array path (and its sub-fields), which choose the positional element. */
function clausesOn(filter: Document, arrayPath: string, into: Document[] = []): Document[] {
  for (const key of Object.keys(filter)) {
    if (key === '$and' && Array.isArray(filter.$and)) {
      for (const clause of filter.$and) if (isPlainObject(clause)) clausesOn(clause, arrayPath, into);
    } else if (key === arrayPath || key.startsWith(`${arrayPath}.`)) {
      into.push({ [key]: filter[key] });
    }
  }
  return into;
}

/** Replaces the positional `$` by the index of the first array element the filter matched. */
function resolvePositional(
  document: Document,
  segments: string[],
  filter: Document | undefined,
  cache: Map<string, string>,
): string[] {
  const position = segments.indexOf('$');
  if (position < 0) return segments;
  const arrayPath = segments.slice(0, position).join('.');
  let index = cache.get(arrayPath);
  if (index === undefined) {
    const array = valueAtPath(document, arrayPath);
    const clauses = filter ? clausesOn(filter, arrayPath) : [];
    if (!Array.isArray(array) || clauses.length === 0) throw positionalNotFound();
    const matcher = compileFilter(clauses.length === 1 ? clauses[0] : { $and: clauses });
    const found = array.findIndex((element) => matcher(withValueAt(arrayPath, [element])));
    if (found < 0) throw positionalNotFound();
    index = String(found);
    cache.set(arrayPath, index);
  }
  return [...segments.slice(0, position), index, ...segments.slice(position + 1)];
}

function withValueAt(path: string, value: unknown): Document {
  const parts = path.split('.');
  let node: unknown = value;
  for (let position = parts.length - 1; position >= 0; position -= 1) {
    const wrapper: Document = {};
    assignField(wrapper, parts[position], node);
    node = wrapper;
  }
  return node as Document;
}

/** Compiles the array filters by identifier (`{ 'low.score': { $lt: 5 } }` → `low`). */
function compileArrayFilters(arrayFilters: Document[] | undefined): Map<string, DocumentMatcher> {
  const compiled = new Map<string, DocumentMatcher>();
  for (const arrayFilter of arrayFilters ?? []) {
    const identifier = firstFieldName(arrayFilter)?.split('.')[0];
    if (!identifier)
      throw new CommandError(
        ErrorCode.FailedToParse,
        'Cannot use an expression without a top-level field name in arrayFilters',
      );
    if (compiled.has(identifier)) {
      throw new CommandError(
        ErrorCode.FailedToParse,
        `Found multiple array filters with the same top-level field name ${identifier}`,
      );
    }
    compiled.set(identifier, compileFilter(arrayFilter));
  }
  return compiled;
}

function firstFieldName(filter: Document): string | undefined {
  for (const key of Object.keys(filter)) {
    if (!key.startsWith('$')) return key;
    const clauses = filter[key];
    if (Array.isArray(clauses)) {
      for (const clause of clauses) {
        const name = isPlainObject(clause) ? firstFieldName(clause) : undefined;
        if (name) return name;
      }
    }
  }
  return undefined;
}

/** The concrete paths of an update path holding `$[]` or `$[identifier]`. */
function expandArrayPaths(
  document: Document,
  segments: string[],
  path: string,
  arrayFilters: Map<string, DocumentMatcher>,
  used: Set<string>,
): string[][] {
  let paths: string[][] = [[]];
  for (const segment of segments) {
    const identifier = /^\$\[(\w*)\]$/.exec(segment)?.[1];
    if (identifier === undefined) {
      for (const prefix of paths) prefix.push(segment);
      continue;
    }
    let matcher: DocumentMatcher | undefined;
    if (identifier !== '') {
      matcher = arrayFilters.get(identifier);
      if (!matcher) throw badValue(`No array filter found for identifier '${identifier}' in path '${path}'`);
      used.add(identifier);
    }
    const expanded: string[][] = [];
    for (const prefix of paths) {
      const array = prefix.length === 0 ? document : valueAtPath(document, prefix.join('.'));
      if (array === undefined)
        throw badValue(
          `The path '${prefix.join('.')}' must exist in the document in order to apply array updates.`,
        );
      if (!Array.isArray(array)) {
        throw badValue(
          `Cannot apply array updates to non-array element ${prefix[prefix.length - 1]}: ${formatValue(array)}`,
        );
      }
      array.forEach((element, index) => {
        if (!matcher || matcher({ [identifier]: element })) expanded.push([...prefix, String(index)]);
      });
    }
    paths = expanded;
  }
  return paths;
}

/** Applies update operators to `document` in place (the caller passes a copy of the stored document). */
export function applyUpdateOperators(
  document: Document,
  modifier: Document,
  target: UpdateTarget = {},
): void {
  const entries = collectEntries(modifier).sort(comparePaths);
  if (!target.inserting) entries.forEach(assertStorablePath);
  const arrayFilters = compileArrayFilters(target.arrayFilters);
  const usedFilters = new Set<string>();
  const positions = new Map<string, string>();
  for (const entry of entries) {
    const resolved = resolvePositional(document, entry.segments, target.filter, positions);
    const concrete = resolved.some((segment) => segment.startsWith('$['))
      ? expandArrayPaths(document, resolved, entry.path, arrayFilters, usedFilters)
      : [resolved];
    for (const segments of concrete) operators[entry.operator](document, entry, segments);
  }
  for (const identifier of arrayFilters.keys()) {
    if (!usedFilters.has(identifier)) {
      throw new CommandError(
        ErrorCode.FailedToParse,
        `The array filter for identifier '${identifier}' was not used in the update ${formatValue(modifier)}`,
      );
    }
  }
}
