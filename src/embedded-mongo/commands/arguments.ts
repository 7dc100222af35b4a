import type { Document } from 'bson';
import { badValue, CommandError, ErrorCode } from '../errors';
import { isPlainObject } from '../documents';

/** The collection a command targets: the string value of its first field (`{ find: 'users' }`). */
export function collectionArgument(command: Document, name: string): string {
  const value = command[name];
  if (typeof value !== 'string' || value.length === 0) {
    throw new CommandError(
      ErrorCode.InvalidNamespace,
      `collection name has invalid type ${value === null ? 'null' : typeof value}`,
    );
  }
  return value;
}

/** A numeric argument sent as double, int32 or int64. */
export function numberArgument(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'object' && typeof (value as { toNumber?: unknown }).toNumber === 'function') {
    return (value as { toNumber(): number }).toNumber();
  }
  if (typeof value === 'object' && typeof (value as { valueOf?: unknown }).valueOf === 'function') {
    const primitive = (value as { valueOf(): unknown }).valueOf();
    if (typeof primitive === 'number') return primitive;
  }
  throw new CommandError(ErrorCode.TypeMismatch, `'${name}' must be a number`);
}

export function bigintArgument(value: unknown, name: string): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return BigInt(value);
  if (
    value &&
    typeof value === 'object' &&
    typeof (value as { toBigInt?: unknown }).toBigInt === 'function'
  ) {
    return (value as { toBigInt(): bigint }).toBigInt();
  }
  throw new CommandError(ErrorCode.TypeMismatch, `'${name}' must be a 64-bit integer`);
}

export function documentArgument(value: unknown, name: string): Document | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value)) throw new CommandError(ErrorCode.TypeMismatch, `'${name}' must be an object`);
  return value;
}

export function arrayArgument(value: unknown, name: string): unknown[] {
  if (!Array.isArray(value)) throw badValue(`'${name}' must be an array`);
  return value;
}

/** Fields any command may carry besides its own (sessions, transactions, API version, write concern…). */
export const genericCommandFields: readonly string[] = [
  'writeConcern',
  'readConcern',
  'lsid',
  '$db',
  '$clusterTime',
  '$readPreference',
  'comment',
  'apiVersion',
  'apiStrict',
  'apiDeprecationErrors',
  'txnNumber',
  'autocommit',
  'startTransaction',
  'maxTimeMS',
];
