import { Types, type Connection, type Model, type Schema } from 'mongoose';
import { isRecordId } from '../record-id';

/** The connection's model of that name, compiled once (repositories are created per feature). */
export function modelOf<T>(connection: Connection, name: string, schema: Schema<T>): Model<T> {
  return (connection.models[name] as Model<T> | undefined) ?? connection.model<T>(name, schema);
}

/** MongoDB's duplicate-key error (a unique index refused the write). */
export function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: number } | undefined)?.code === 11000;
}

/**
 * Parses an id that came from outside (a card, a URL): anything but 24 hex characters is no id,
 * which also keeps operator objects out of queries.
 */
export function objectIdFrom(id: unknown): Types.ObjectId | undefined {
  return isRecordId(id) ? new Types.ObjectId(id) : undefined;
}
