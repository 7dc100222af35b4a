import type { Document } from 'bson';
import { isPlainObject } from './documents';
import { notSupported } from './errors';

/**
 * 64-bit integers arrive as bigint (the wire protocol decodes with `useBigInt64`). Inside the engine numbers
 * are JavaScript numbers, which would give a stored Long back as an int32 or a double: storing one is
 * refused rather than silently changed. Elsewhere (filters, options) an int64 is only a number and becomes
 * one; cursor ids and transaction numbers stay bigint.
 */
const keptAsBigInt = new Set(['getMore', 'cursors', 'txnNumber']);

/** The parts of a write command that become stored documents. */
function storedPayloads(command: Document): unknown[] {
  const name = Object.keys(command)[0];
  if (name === 'insert') return [command.documents];
  if (name === 'update' && Array.isArray(command.updates)) {
    return command.updates.map((statement: unknown) => (isPlainObject(statement) ? statement.u : undefined));
  }
  if (name === 'findAndModify' || name === 'findandmodify') return [command.update];
  return [];
}

function containsBigInt(value: unknown): boolean {
  if (typeof value === 'bigint') return true;
  if (Array.isArray(value)) return value.some(containsBigInt);
  if (isPlainObject(value)) return Object.keys(value).some((key) => containsBigInt(value[key]));
  return false;
}

function toNumbers(value: unknown): unknown {
  if (typeof value === 'bigint') {
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw notSupported(`The 64-bit integer ${value} (beyond 2^53)`);
    }
    return Number(value);
  }
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1) value[index] = toNumbers(value[index]);
  } else if (isPlainObject(value)) {
    for (const key of Object.keys(value)) {
      const converted = toNumbers(value[key]);
      if (converted !== value[key]) value[key] = converted;
    }
  }
  return value;
}

/** Refuses int64 values in documents to store and turns the other ones into numbers, in place. */
export function normalizeInt64(command: Document): void {
  if (storedPayloads(command).some(containsBigInt)) {
    throw notSupported(
      'Storing a 64-bit integer (BSON Long or BigInt) — it would come back as a 32-bit integer or a double —',
    );
  }
  for (const key of Object.keys(command)) {
    if (!keptAsBigInt.has(key)) command[key] = toNumbers(command[key]);
  }
}
