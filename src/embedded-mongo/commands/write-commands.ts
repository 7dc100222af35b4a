import type { Document } from 'bson';
import { CommandError, ErrorCode } from '../errors';
import { isPlainObject } from '../documents';
import { findDocuments } from '../matching';
import { selectDocuments, updateDocuments } from '../write-operations';
import { arrayArgument, collectionArgument, documentArgument, numberArgument } from './arguments';
import type { CommandHandler } from './context';
import { serverLimits } from './handshake';

/**
 * Runs the statements of a write command in order; a failing statement becomes a write error with its
 * index, and an ordered batch stops there, as on MongoDB.
 */
function runStatements<T>(
  statements: T[],
  ordered: boolean,
  run: (statement: T, index: number) => void,
): Document[] {
  const writeErrors: Document[] = [];
  for (let index = 0; index < statements.length; index += 1) {
    try {
      run(statements[index], index);
    } catch (error) {
      if (!(error instanceof CommandError)) throw error;
      writeErrors.push(error.toWriteError(index));
      if (ordered) break;
    }
  }
  return writeErrors;
}

function withWriteErrors(reply: Document, writeErrors: Document[]): Document {
  return writeErrors.length > 0 ? { ...reply, writeErrors, ok: 1 } : { ...reply, ok: 1 };
}

/** An ObjectId `_id` element added to a document: type byte, `_id\0` and 12 bytes. */
const addedIdBytes = 17;

const insert: CommandHandler = (command, { engine, database, messageBytes }) => {
  const name = collectionArgument(command, 'insert');
  const documents = arrayArgument(command.documents, 'documents');
  const store = engine.ensureCollection(database, name);
  let inserted = 0;
  const writeErrors = runStatements(documents, command.ordered !== false, (document) => {
    if (!isPlainObject(document))
      throw new CommandError(ErrorCode.TypeMismatch, 'a document to insert must be an object');
    // A document carried by a message under the size limit cannot exceed it: no need to measure it.
    store.insert(
      document,
      messageBytes === undefined || messageBytes + addedIdBytes > serverLimits.maxBsonObjectSize,
    );
    inserted += 1;
  });
  return withWriteErrors({ n: inserted }, writeErrors);
};

const update: CommandHandler = (command, { engine, database }) => {
  const name = collectionArgument(command, 'update');
  const statements = arrayArgument(command.updates, 'updates');
  let matched = 0;
  let modified = 0;
  const upserted: Document[] = [];
  const writeErrors = runStatements(statements, command.ordered !== false, (raw, index) => {
    const statement = documentArgument(raw, 'updates') ?? {};
    const update = statement.u;
    if (!isPlainObject(update) && !Array.isArray(update)) {
      throw new CommandError(ErrorCode.FailedToParse, "'u' must be an object or a pipeline");
    }
    const outcome = updateDocuments(
      engine,
      database,
      name,
      {
        filter: documentArgument(statement.q, 'q') ?? {},
        update: update as Document,
        arrayFilters: statement.arrayFilters as Document[] | undefined,
      },
      {
        multi: statement.multi === true,
        upsert: statement.upsert === true,
        hint: statement.hint,
        collation: documentArgument(statement.collation, 'collation'),
        variables: documentArgument(statement.c ?? command.let, 'let'),
      },
    );
    matched += outcome.matched;
    modified += outcome.modified;
    if (outcome.upsertedId !== undefined) upserted.push({ index, _id: outcome.upsertedId });
  });
  const reply: Document = { n: matched + upserted.length, nModified: modified };
  if (upserted.length > 0) reply.upserted = upserted;
  return withWriteErrors(reply, writeErrors);
};

const remove: CommandHandler = (command, { engine, database }) => {
  const name = collectionArgument(command, 'delete');
  const statements = arrayArgument(command.deletes, 'deletes');
  const store = engine.collection(database, name);
  let deleted = 0;
  const writeErrors = runStatements(statements, command.ordered !== false, (raw) => {
    const statement = documentArgument(raw, 'deletes') ?? {};
    const limit = numberArgument(statement.limit, 'limit') ?? 0;
    if (limit !== 0 && limit !== 1)
      throw new CommandError(ErrorCode.FailedToParse, 'The limit field in delete objects must be 0 or 1');
    const filter = documentArgument(statement.q, 'q') ?? {};
    if (!store) {
      findDocuments([], filter, {});
      return;
    }
    const matches = selectDocuments(store, filter, engine.stats, {
      limit,
      hint: statement.hint,
      collation: documentArgument(statement.collation, 'collation'),
      variables: documentArgument(command.let, 'let'),
    });
    for (const document of matches) store.remove(document);
    deleted += matches.length;
  });
  return withWriteErrors({ n: deleted }, writeErrors);
};

export const writeCommands: Record<string, CommandHandler> = { insert, update, delete: remove };
