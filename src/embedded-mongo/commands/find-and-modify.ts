import type { Document } from 'bson';
import { CommandError, ErrorCode } from '../errors';
import { isPlainObject, valueKey } from '../documents';
import { findDocuments } from '../matching';
import { buildUpsertDocument, computeUpdate, selectDocuments, type UpdateSpec } from '../write-operations';
import { collectionArgument, documentArgument } from './arguments';
import type { CommandHandler } from './context';

function project(document: Document | null, projection: Document | undefined): Document | null {
  if (!document || !projection || Object.keys(projection).length === 0) return document;
  return findDocuments([document], {}, { projection })[0] ?? null;
}

/**
 * Finds one document (the first in `sort` order), then removes or updates it, or upserts one, all within the
 * command: the classic atomic counter and lock primitive.
 */
const findAndModify: CommandHandler = (command, { engine, database }) => {
  const name = collectionArgument(command, 'findAndModify' in command ? 'findAndModify' : 'findandmodify');
  const filter = documentArgument(command.query, 'query') ?? {};
  const projection = documentArgument(command.fields, 'fields');
  const remove = command.remove === true;
  const update = command.update as Document | Document[] | undefined;
  const upsert = command.upsert === true;
  const returnNew = command.new === true;
  if (remove && (update !== undefined || upsert || returnNew)) {
    throw new CommandError(ErrorCode.FailedToParse, 'Cannot specify both an update and remove=true');
  }
  if (!remove && !isPlainObject(update) && !Array.isArray(update)) {
    throw new CommandError(ErrorCode.FailedToParse, 'Either an update or remove=true must be specified');
  }
  const options = {
    sort: documentArgument(command.sort, 'sort'),
    limit: 1,
    collation: documentArgument(command.collation, 'collation'),
    variables: documentArgument(command.let, 'let'),
    hint: command.hint,
  };
  const store = engine.collection(database, name);
  const [found] = store
    ? selectDocuments(store, filter, engine.stats, options)
    : findDocuments([], filter, {}, options);

  if (remove) {
    if (found) store?.remove(found);
    return { lastErrorObject: { n: found ? 1 : 0 }, value: project(found ?? null, projection), ok: 1 };
  }

  const spec: UpdateSpec = {
    filter,
    update: update as Document | Document[],
    arrayFilters: command.arrayFilters as Document[] | undefined,
  };
  if (found) {
    const next = computeUpdate(found, spec);
    if (valueKey(next) !== valueKey(found)) store?.replace(next);
    return {
      lastErrorObject: { n: 1, updatedExisting: true },
      value: project(returnNew ? next : found, projection),
      ok: 1,
    };
  }
  if (!upsert) return { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 };
  const inserted = engine.ensureCollection(database, name).insert(buildUpsertDocument(spec));
  return {
    lastErrorObject: { n: 1, updatedExisting: false, upserted: inserted._id },
    value: returnNew ? project(inserted, projection) : null,
    ok: 1,
  };
};

export const findAndModifyCommands: Record<string, CommandHandler> = {
  findAndModify,
  findandmodify: findAndModify,
};
