import type { Document } from 'bson';
import { compareValues } from './bson-order';
import { hasType, typeAlias } from './bson-types';
import { formatValue, isPlainObject, ownField } from './documents';
import { badValue } from './errors';

/**
 * Query operators where mingo and MongoDB disagree, given to mingo in place of its own: `$type` with every
 * MongoDB alias and code, `$all` on a field that is not an array, ordering comparisons over binary data,
 * `$bits*` over binary data, and the DBRef fields `$id`, `$ref`, `$db` (inside `$elemMatch`).
 */

export type Predicate = (document: Document) => boolean;
type Compile = (filter: Document) => Predicate;
export type QueryOperator = (selector: string, operand: unknown, compile: Compile) => Predicate;

/**
 * The values a query condition sees at a dotted path: arrays met on the way are traversed (their documents,
 * or an element by position), and an array at the end is seen both whole and element by element.
 */
export function queryValues(document: unknown, path: string): unknown[] {
  const values: unknown[] = [];
  collect(document, path.split('.'), 0, values);
  return values;
}

function collect(value: unknown, parts: string[], position: number, out: unknown[]): void {
  if (position === parts.length) {
    out.push(value);
    if (Array.isArray(value)) out.push(...value);
    return;
  }
  const part = parts[position];
  if (Array.isArray(value)) {
    if (/^\d+$/.test(part)) collect(value[Number(part)], parts, position + 1, out);
    for (const element of value) {
      if (isPlainObject(element) || isDbRef(element)) collect(element, parts, position, out);
    }
    return;
  }
  if (isPlainObject(value)) collect(ownField(value, part), parts, position + 1, out);
  else if (isDbRef(value)) collect(dbRefField(value, part), parts, position + 1, out);
}

interface DbRefLike {
  collection: string;
  oid: unknown;
  db?: string;
  fields?: Document;
}

function isDbRef(value: unknown): value is DbRefLike {
  return (value as { _bsontype?: string } | null)?._bsontype === 'DBRef';
}

function dbRefField(reference: DbRefLike, field: string): unknown {
  if (field === '$id') return reference.oid;
  if (field === '$ref') return reference.collection;
  if (field === '$db') return reference.db;
  return reference.fields ? ownField(reference.fields, field) : undefined;
}

const isBinary = (value: unknown): boolean =>
  (value as { _bsontype?: string } | null)?._bsontype === 'Binary';

const typeOperator: QueryOperator = (selector, operand) => {
  const operands = Array.isArray(operand) ? operand : [operand];
  const aliases = operands.map((one) => {
    const alias = typeAlias(one);
    if (!alias) {
      throw badValue(
        typeof one === 'string'
          ? `Unknown type name alias: ${one}`
          : `Invalid numerical type code: ${formatValue(one)}`,
      );
    }
    return alias;
  });
  return (document) => {
    const values = queryValues(document, selector);
    return values.some((value) => value !== undefined && aliases.some((alias) => hasType(value, alias)));
  };
};

/** `$all: [a, b]` is `$and: [{ field: a }, { field: b }]`, so it also matches a field holding `a` itself. */
const allOperator: QueryOperator = (selector, operand, compile) => {
  if (!Array.isArray(operand)) throw badValue('$all needs an array');
  if (operand.length === 0) return () => false;
  const clauses = operand.map((value) => compile({ [selector]: value }));
  return (document) => clauses.every((clause) => clause(document));
};

/** Binary data ordered as MongoDB does (length, subtype, bytes); other operands are left to mingo. */
function binaryRange(test: (order: number) => boolean): QueryOperator {
  return (selector, operand) => (document) =>
    queryValues(document, selector).some((value) => isBinary(value) && test(compareValues(value, operand)));
}

function bitPositions(operand: unknown): number[] {
  if (typeof operand === 'number') {
    if (!Number.isInteger(operand) || operand < 0) {
      throw badValue(`bit mask must be a non-negative integer: ${formatValue(operand)}`);
    }
    const positions: number[] = [];
    let mask = BigInt(operand);
    for (let position = 0; mask > 0n; position += 1, mask >>= 1n) if (mask & 1n) positions.push(position);
    return positions;
  }
  if (Array.isArray(operand)) {
    for (const position of operand) {
      if (!Number.isInteger(position) || (position as number) < 0) {
        throw badValue(`bit positions must be non-negative integers: ${formatValue(position)}`);
      }
    }
    return operand as number[];
  }
  if (isBinary(operand)) {
    const bytes = (operand as { buffer: Uint8Array }).buffer;
    const positions: number[] = [];
    bytes.forEach((byte, index) => {
      for (let bit = 0; bit < 8; bit += 1) if ((byte >> bit) & 1) positions.push(index * 8 + bit);
    });
    return positions;
  }
  throw badValue(
    `bit mask must be a number, an array of bit positions or binary data: ${formatValue(operand)}`,
  );
}

/** The bit at a position of an integer (two's complement, 64 bits) or of binary data (little-endian). */
function bitAt(value: unknown, position: number): number | undefined {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return undefined;
    if (position >= 64) return value < 0 ? 1 : 0;
    return Number((BigInt.asUintN(64, BigInt(value)) >> BigInt(position)) & 1n);
  }
  if (isBinary(value)) {
    const bytes = (value as { buffer: Uint8Array }).buffer;
    return position < bytes.length * 8 ? (bytes[position >> 3] >> (position & 7)) & 1 : 0;
  }
  return undefined;
}

function bitsOperator(wanted: 0 | 1, every: boolean): QueryOperator {
  return (selector, operand) => {
    const positions = bitPositions(operand);
    return (document) =>
      queryValues(document, selector).some((value) => {
        if (bitAt(value, 0) === undefined) return false;
        const test = (position: number) => bitAt(value, position) === wanted;
        return every ? positions.every(test) : positions.some(test);
      });
  };
}

/** `{ $elemMatch: { $id: x } }` on DBRefs: `$id`, `$ref` and `$db` are DBRef fields, not operators. */
function dbRefOperator(field: '$id' | '$ref' | '$db'): QueryOperator {
  return (selector, operand, compile) => {
    const matches = compile({ value: operand });
    return (document) =>
      queryValues(document, selector).some((value) => {
        const fieldValue = isDbRef(value)
          ? dbRefField(value, field)
          : isPlainObject(value)
            ? ownField(value, field)
            : undefined;
        return fieldValue !== undefined && matches({ value: fieldValue });
      });
  };
}

export const engineQueryOperators: Record<string, QueryOperator> = {
  $type: typeOperator,
  $all: allOperator,
  $id: dbRefOperator('$id'),
  $ref: dbRefOperator('$ref'),
  $db: dbRefOperator('$db'),
  $bitsAllSet: bitsOperator(1, true),
  $bitsAnySet: bitsOperator(1, false),
  $bitsAllClear: bitsOperator(0, true),
  $bitsAnyClear: bitsOperator(0, false),
};

/** Range operators over binary data, applied when the operand is binary data. */
export const binaryRangeOperators: Record<string, QueryOperator> = {
  $gt: binaryRange((order) => order > 0),
  $gte: binaryRange((order) => order >= 0),
  $lt: binaryRange((order) => order < 0),
  $lte: binaryRange((order) => order <= 0),
};

export const isBinaryOperand = isBinary;
