import type { Document } from 'bson';

/** A plain JavaScript object as produced by BSON deserialization (not a Date, an ObjectId, an array…). */
export function isPlainObject(value: unknown): value is Document {
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function bsonTypeOf(value: object): string | undefined {
  const type = (value as { _bsontype?: unknown })._bsontype;
  return typeof type === 'string' ? type : undefined;
}

/**
 * Sets a field, also one named `__proto__`: MongoDB stores it as an ordinary field, whereas a plain
 * assignment would change the object's prototype and lose it.
 */
export function assignField(document: Document, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(document, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    document[key] = value;
  }
}

/** A document's own field (never one inherited from Object.prototype, such as `constructor`). */
export function ownField(document: Document, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(document, key) ? document[key] : undefined;
}

/**
 * Deep copy of a document. BSON value classes (ObjectId, Decimal128, Binary…) are immutable in practice and
 * shared; plain objects, arrays and dates are copied so that nobody can change a stored document by accident.
 */
export function cloneDocument<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => cloneDocument(item)) as T;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (isPlainObject(value)) {
    const copy: Document = {};
    for (const key of Object.keys(value)) assignField(copy, key, cloneDocument(value[key]));
    return copy as T;
  }
  return value;
}

/**
 * A string that is equal for two values exactly when MongoDB (without collation) considers them equal, used
 * as a hash-map key by indexes. Missing and null share a key, as in a MongoDB index.
 */
export function valueKey(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  switch (typeof value) {
    case 'number':
      return Object.is(value, -0) ? 'n:0' : `n:${value}`;
    case 'bigint':
      return `n:${value}`;
    case 'string':
      return `s:${value}`;
    case 'boolean':
      return value ? 'b:1' : 'b:0';
    case 'object':
      break;
    default:
      return `?:${String(value)}`;
  }
  if (value instanceof Date) return `t:${value.getTime()}`;
  if (value instanceof RegExp) return `r:/${value.source}/${value.flags}`;
  if (Array.isArray(value)) return `a:[${value.map(valueKey).join(',')}]`;
  if (isPlainObject(value)) {
    return `o:{${Object.keys(value)
      .map((key) => `${JSON.stringify(key)}:${valueKey(value[key])}`)
      .join(',')}}`;
  }
  const bsonType = bsonTypeOf(value);
  switch (bsonType) {
    case 'ObjectId':
      return `i:${(value as { toHexString(): string }).toHexString()}`;
    case 'Long':
    case 'Int32':
    case 'Double':
      return `n:${Number((value as { valueOf(): unknown }).valueOf())}`;
    case 'Binary': {
      const binary = value as { sub_type: number; buffer: Uint8Array };
      return `x:${binary.sub_type}:${Buffer.from(binary.buffer).toString('base64')}`;
    }
    default:
      return `${bsonType ?? 'object'}:${String(value)}`;
  }
}

/**
 * The values a MongoDB index sees at a dotted path: arrays met on the way (and at the end) are expanded
 * element by element (multikey), a missing field gives `undefined`, an empty array at the end gives `[]`.
 */
export function indexValuesAtPath(document: unknown, path: string): unknown[] {
  const values: unknown[] = [];
  collectValues(document, path.split('.'), 0, values);
  return values;
}

function collectValues(value: unknown, parts: string[], position: number, out: unknown[]): void {
  if (position === parts.length) {
    if (Array.isArray(value)) {
      if (value.length === 0) out.push([]);
      else out.push(...value);
    } else {
      out.push(value);
    }
    return;
  }
  const part = parts[position];
  if (Array.isArray(value)) {
    if (/^\d+$/.test(part)) collectValues(value[Number(part)], parts, position + 1, out);
    const before = out.length;
    for (const element of value) {
      if (isPlainObject(element)) collectValues(element[part], parts, position + 1, out);
    }
    if (out.length === before) out.push(undefined);
    return;
  }
  if (isPlainObject(value)) {
    collectValues(value[part], parts, position + 1, out);
    return;
  }
  out.push(undefined);
}

/** Value at a dotted path without array expansion (undefined when absent). */
export function valueAtPath(document: Document, path: string): unknown {
  let current: unknown = document;
  for (const part of path.split('.')) {
    if (Array.isArray(current) && /^\d+$/.test(part)) current = current[Number(part)];
    else if (isPlainObject(current)) current = current[part];
    else return undefined;
  }
  return current;
}

/** Sets a dotted path, creating intermediate objects. */
export function setValueAtPath(document: Document, path: string, value: unknown): void {
  const parts = path.split('.');
  let current: Document = document;
  for (const part of parts.slice(0, -1)) {
    if (!isPlainObject(current[part])) current[part] = {};
    current = current[part] as Document;
  }
  current[parts[parts.length - 1]] = value;
}

/** MongoDB's shell-like rendering of a value, used in duplicate key messages: `{ email: "a@b.c" }`. */
export function formatValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value !== 'object') return String(value);
  if (value instanceof Date) return `new Date(${value.getTime()})`;
  if (Array.isArray(value)) return `[ ${value.map(formatValue).join(', ')} ]`;
  if (isPlainObject(value)) {
    const entries = Object.keys(value).map((key) => `${key}: ${formatValue(value[key])}`);
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  }
  const bsonType = bsonTypeOf(value);
  if (bsonType === 'ObjectId') return `ObjectId('${(value as { toHexString(): string }).toHexString()}')`;
  if (bsonType) return `${bsonType}('${String(value)}')`;
  return String(value);
}

/** Returns the document with `_id` as its first field, as MongoDB stores it. */
export function withIdFirst(document: Document): Document {
  const keys = Object.keys(document);
  if (keys[0] === '_id' || !keys.includes('_id')) return document;
  const reordered: Document = { _id: document._id };
  for (const key of keys) if (key !== '_id') assignField(reordered, key, document[key]);
  return reordered;
}
