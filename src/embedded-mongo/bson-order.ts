import { isPlainObject } from './documents';

/**
 * MongoDB's comparison order across BSON types (used by $min, $max and $push's $sort): MinKey, null,
 * numbers, strings, objects, arrays, binary data, ObjectId, booleans, dates, timestamps, regular
 * expressions, MaxKey.
 */
function typeRank(value: unknown): number {
  if (value === undefined || value === null) return 1;
  switch (typeof value) {
    case 'number':
    case 'bigint':
      return 2;
    case 'string':
      return 3;
    case 'boolean':
      return 8;
    default:
      break;
  }
  if (value instanceof Date) return 9;
  if (value instanceof RegExp) return 11;
  if (Array.isArray(value)) return 5;
  if (isPlainObject(value)) return 4;
  switch ((value as { _bsontype?: string })._bsontype) {
    case 'MinKey':
      return 0;
    case 'Long':
    case 'Int32':
    case 'Double':
    case 'Decimal128':
      return 2;
    case 'BSONSymbol':
      return 3;
    case 'Binary':
      return 6;
    case 'ObjectId':
      return 7;
    case 'Timestamp':
      return 10;
    case 'BSONRegExp':
      return 11;
    case 'MaxKey':
      return 12;
    default:
      return 4;
  }
}

const sign = (difference: number): number => (difference < 0 ? -1 : difference > 0 ? 1 : 0);

function compareBytes(left: Uint8Array, right: Uint8Array): number {
  const length = Math.min(left.length, right.length);
  for (let position = 0; position < length; position += 1) {
    if (left[position] !== right[position]) return sign(left[position] - right[position]);
  }
  return sign(left.length - right.length);
}

function compareSameRank(left: unknown, right: unknown, rank: number): number {
  switch (rank) {
    case 2:
      return sign(Number(left) - Number(right));
    case 3:
      return String(left) < String(right) ? -1 : String(left) > String(right) ? 1 : 0;
    case 4:
      return compareObjects(left as Record<string, unknown>, right as Record<string, unknown>);
    case 5:
      return compareArrays(left as unknown[], right as unknown[]);
    case 6: {
      // Binary data: by length, then subtype, then bytes.
      const a = left as { buffer: Uint8Array; sub_type: number };
      const b = right as { buffer: Uint8Array; sub_type: number };
      return (
        sign(a.buffer.length - b.buffer.length) ||
        sign(a.sub_type - b.sub_type) ||
        compareBytes(a.buffer, b.buffer)
      );
    }
    case 7:
      return compareBytes((left as { id: Uint8Array }).id, (right as { id: Uint8Array }).id);
    case 8:
      return sign(Number(left) - Number(right));
    case 9:
      return sign((left as Date).getTime() - (right as Date).getTime());
    case 10:
      return (left as { compare(other: unknown): number }).compare(right);
    default:
      return 0;
  }
}

function compareArrays(left: unknown[], right: unknown[]): number {
  const length = Math.min(left.length, right.length);
  for (let position = 0; position < length; position += 1) {
    const order = compareValues(left[position], right[position]);
    if (order !== 0) return order;
  }
  return sign(left.length - right.length);
}

function compareObjects(left: Record<string, unknown>, right: Record<string, unknown>): number {
  const leftKeys = Object.keys(left);
  const rightKeys = Object.keys(right);
  const length = Math.min(leftKeys.length, rightKeys.length);
  for (let position = 0; position < length; position += 1) {
    const byType = sign(typeRank(left[leftKeys[position]]) - typeRank(right[rightKeys[position]]));
    if (byType !== 0) return byType;
    if (leftKeys[position] !== rightKeys[position]) return leftKeys[position] < rightKeys[position] ? -1 : 1;
    const order = compareValues(left[leftKeys[position]], right[rightKeys[position]]);
    if (order !== 0) return order;
  }
  return sign(leftKeys.length - rightKeys.length);
}

/** -1, 0 or 1 as MongoDB orders two values (without collation). */
export function compareValues(left: unknown, right: unknown): number {
  const leftRank = typeRank(left);
  const rightRank = typeRank(right);
  if (leftRank !== rightRank) return sign(leftRank - rightRank);
  return compareSameRank(left, right, leftRank);
}
