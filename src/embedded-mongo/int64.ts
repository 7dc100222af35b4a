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

const storingRefused = () =>
  notSupported(
    'Storing a 64-bit integer (BSON Long or BigInt) — it would come back as a 32-bit integer or a double —',
  );

function toNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw notSupported(`The 64-bit integer ${value} (beyond 2^53)`);
  }
  return Number(value);
}

const mayHoldInt64 = (value: unknown): boolean =>
  typeof value === 'bigint' || (typeof value === 'object' && value !== null);

/** Converts the bigints of a value in place (one pass, no copies); `stored` refuses them instead. */
function convert(value: unknown, stored: boolean): unknown {
  if (typeof value === 'bigint') {
    if (stored) throw storingRefused();
    return toNumber(value);
  }
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1) {
      if (mayHoldInt64(value[index])) value[index] = convert(value[index], stored);
    }
  } else if (isPlainObject(value)) {
    for (const key in value) {
      const field = value[key];
      if (!mayHoldInt64(field)) continue;
      const converted = convert(field, stored);
      if (converted !== field) value[key] = converted;
    }
  }
  return value;
}

/** Whether a field of a command holds documents to store (`documents` of insert, `update` of findAndModify). */
function holdsStoredDocuments(commandName: string, field: string): boolean {
  return (
    (commandName === 'insert' && field === 'documents') ||
    ((commandName === 'findAndModify' || commandName === 'findandmodify') && field === 'update')
  );
}

/** Refuses int64 values in documents to store and turns the other ones into numbers, in place. */
export function normalizeInt64(command: Document): void {
  let commandName: string | undefined;
  for (const field in command) {
    commandName ??= field;
    if (keptAsBigInt.has(field) || !mayHoldInt64(command[field])) continue;
    if (commandName === 'update' && field === 'updates' && Array.isArray(command.updates)) {
      for (const statement of command.updates) {
        if (!isPlainObject(statement)) continue;
        for (const key in statement) statement[key] = convert(statement[key], key === 'u');
      }
      continue;
    }
    command[field] = convert(command[field], holdsStoredDocuments(commandName, field));
  }
}
