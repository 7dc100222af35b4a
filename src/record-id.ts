import { z } from 'zod';

/**
 * The one shape of a stored record's id (a MongoDB ObjectId as 24 hex characters). Anything else
 * that arrives from a card or a URL is no id, which also keeps operator objects out of queries.
 */
const recordIdPattern = /^[0-9a-f]{24}$/i;

export function isRecordId(value: unknown): value is string {
  return typeof value === 'string' && recordIdPattern.test(value);
}

/** Card data carrying a record id; `message` is the locale key shown when it is not one. */
export function recordIdSchema(message?: string) {
  return z.string().regex(recordIdPattern, message);
}
