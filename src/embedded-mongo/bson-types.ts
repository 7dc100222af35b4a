import { isPlainObject } from './documents';

/**
 * The BSON type of a value under MongoDB's alias (`$type` names, error messages). Numbers are JavaScript
 * numbers inside the engine: an integer in the int32 range is an `int`, a larger one a `long`, any other a
 * `double` (a stored double 1.0 therefore reads as an int, as documented).
 */
export function bsonTypeName(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  switch (typeof value) {
    case 'number':
      if (!Number.isInteger(value)) return 'double';
      return value >= -(2 ** 31) && value < 2 ** 31 ? 'int' : 'long';
    case 'bigint':
      return 'long';
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    default:
      break;
  }
  if (value instanceof Date) return 'date';
  if (value instanceof RegExp) return 'regex';
  if (Array.isArray(value)) return 'array';
  if (isPlainObject(value)) return 'object';
  switch ((value as { _bsontype?: string })._bsontype) {
    case 'ObjectId':
      return 'objectId';
    case 'Binary':
      return 'binData';
    case 'Decimal128':
      return 'decimal';
    case 'Long':
      return 'long';
    case 'Int32':
      return 'int';
    case 'Double':
      return 'double';
    case 'Timestamp':
      return 'timestamp';
    case 'BSONRegExp':
      return 'regex';
    case 'BSONSymbol':
      return 'symbol';
    case 'Code':
      return 'javascript';
    case 'MinKey':
      return 'minKey';
    case 'MaxKey':
      return 'maxKey';
    case 'DBRef':
      return 'object';
    default:
      return 'object';
  }
}

/** `$type` operands: aliases and their numeric codes (MongoDB's table), plus `number`. */
const typeCodes: Record<number, string> = {
  1: 'double',
  2: 'string',
  3: 'object',
  4: 'array',
  5: 'binData',
  6: 'undefined',
  7: 'objectId',
  8: 'bool',
  9: 'date',
  10: 'null',
  11: 'regex',
  13: 'javascript',
  14: 'symbol',
  16: 'int',
  17: 'timestamp',
  18: 'long',
  19: 'decimal',
  [-1]: 'minKey',
  127: 'maxKey',
};

const aliases = new Set([...Object.values(typeCodes), 'number']);

/** The alias a `$type` operand names, or undefined when MongoDB would refuse it. */
export function typeAlias(operand: unknown): string | undefined {
  if (typeof operand === 'number') return typeCodes[operand];
  if (typeof operand === 'string' && aliases.has(operand)) return operand;
  return undefined;
}

export function hasType(value: unknown, alias: string): boolean {
  const name = bsonTypeName(value);
  if (alias === 'number') return name === 'int' || name === 'long' || name === 'double' || name === 'decimal';
  return name === alias;
}
