import type { Document } from 'bson';
import { commandNotFound, CommandError, ErrorCode, notSupported } from '../errors';
import { engineInTransaction, writeConflict } from '../transactions';
import type { EngineLogger } from '../logger';
import { normalizeInt64 } from '../int64';
import { collectionCommands } from './collection-commands';
import type { CommandContext, CommandHandler } from './context';
import { findAndModifyCommands } from './find-and-modify';
import { handshakeCommands } from './handshake';
import { indexCommands } from './index-commands';
import { readCommands } from './read-commands';
import { writeCommands } from './write-commands';

export type { CommandContext, ConnectionInfo } from './context';

/** Commands of MongoDB the engine does not implement, refused with an error naming them. */
const refusedCommands: Record<string, string> = {
  explain: 'explain',
  renameCollection: 'renameCollection',
  saslStart: 'Authentication (saslStart)',
  authenticate: 'Authentication (authenticate)',
  createUser: 'createUser (there is no authentication)',
  replSetGetStatus: 'replSetGetStatus (the replica set has one fixed member)',
  replSetInitiate: 'replSetInitiate (the replica set has one fixed member)',
  replSetReconfig: 'replSetReconfig (the replica set has one fixed member)',
};

const refuse =
  (what: string): CommandHandler =>
  () => {
    throw notSupported(what);
  };

/** Every command the engine answers, by name. Anything else gets MongoDB's "no such command". */
const commandTable: Record<string, CommandHandler> = {
  ...Object.fromEntries(Object.entries(refusedCommands).map(([name, what]) => [name, refuse(what)])),
  ...handshakeCommands,
  ...readCommands,
  ...writeCommands,
  ...findAndModifyCommands,
  ...indexCommands,
  ...collectionCommands,
};

/** What a transaction may run (MongoDB refuses the others with code 263). */
const allowedInTransaction = new Set([
  'find',
  'getMore',
  'killCursors',
  'insert',
  'update',
  'delete',
  'findAndModify',
  'findandmodify',
  'aggregate',
  'distinct',
  'create',
]);

const retryableWrites = new Set(['insert', 'update', 'delete', 'findAndModify', 'findandmodify']);

interface SessionFields {
  sessionKey: string;
  txnNumber?: bigint;
}

function sessionFields(command: Document): SessionFields | undefined {
  const id = (command.lsid as { id?: { buffer?: Uint8Array } } | undefined)?.id;
  if (!id?.buffer) return undefined;
  const txnNumber = command.txnNumber;
  return {
    sessionKey: Buffer.from(id.buffer).toString('hex'),
    txnNumber:
      typeof txnNumber === 'bigint'
        ? txnNumber
        : typeof txnNumber === 'number'
          ? BigInt(txnNumber)
          : undefined,
  };
}

/** One statement of a transaction, commitTransaction or abortTransaction. */
function runInTransaction(
  name: string,
  handler: CommandHandler | undefined,
  command: Document,
  context: CommandContext,
  session: SessionFields | undefined,
): Promise<Document> {
  const { engine } = context;
  if (!session || session.txnNumber === undefined) {
    throw new CommandError(ErrorCode.InvalidOptions, 'a transaction needs a session (lsid) and a txnNumber');
  }
  const { sessionKey, txnNumber } = session;
  return engine.exclusive(() => {
    const manager = engine.transactions;
    const transaction = manager.transactionFor({
      sessionKey,
      txnNumber,
      startTransaction: command.startTransaction === true,
    });
    if (name === 'commitTransaction') {
      manager.commit(engine, transaction);
      return { ok: 1 };
    }
    if (name === 'abortTransaction') {
      manager.assertRunnable(transaction);
      manager.abort(transaction);
      return { ok: 1 };
    }
    if (!handler) throw commandNotFound(name);
    if (!allowedInTransaction.has(name)) {
      throw new CommandError(
        ErrorCode.OperationNotSupportedInTransaction,
        `Cannot run '${name}' in a multi-document transaction.`,
      );
    }
    manager.assertRunnable(transaction);
    try {
      const reply = handler(command, { ...context, engine: engineInTransaction(engine, transaction) });
      // As on MongoDB, a failed statement aborts the transaction; a write conflict is the command's error.
      const writeErrors = Array.isArray(reply.writeErrors) ? (reply.writeErrors as Document[]) : [];
      if (writeErrors.length > 0) manager.abort(transaction);
      if (writeErrors.some((error) => error.code === ErrorCode.WriteConflict)) throw writeConflict();
      return reply;
    } catch (error) {
      manager.abort(transaction);
      throw error;
    }
  });
}

/** A write with a txnNumber outside a transaction: a retry of the same write is answered, not run again. */
function runRetryableWrite(
  handler: CommandHandler,
  command: Document,
  context: CommandContext,
  sessionKey: string,
  txnNumber: bigint,
): Promise<Document> {
  const { engine } = context;
  return engine.exclusive(() => {
    const retried = engine.transactions.retriedReply(sessionKey, txnNumber);
    if (retried) return retried;
    const reply = handler(command, context);
    engine.transactions.rememberRetryableReply(sessionKey, txnNumber, reply);
    return reply;
  });
}

/** Runs one command atomically and answers its reply document; never throws. */
export async function runCommand(
  command: Document,
  context: CommandContext,
  logger: EngineLogger,
): Promise<Document> {
  const name = Object.keys(command)[0] ?? '';
  try {
    normalizeInt64(command);
    const handler = Object.prototype.hasOwnProperty.call(commandTable, name) ? commandTable[name] : undefined;
    if (command.autocommit === false || name === 'commitTransaction' || name === 'abortTransaction') {
      return await runInTransaction(name, handler, command, context, sessionFields(command));
    }
    if (!handler) throw commandNotFound(name);
    const session = command.txnNumber !== undefined ? sessionFields(command) : undefined;
    if (session?.txnNumber !== undefined && retryableWrites.has(name)) {
      return await runRetryableWrite(handler, command, context, session.sessionKey, session.txnNumber);
    }
    return await context.engine.exclusive(() => handler(command, context));
  } catch (error) {
    if (error instanceof CommandError) return error.toErrorDocument();
    logger.error({ err: error, command: name }, 'embedded mongo command failed unexpectedly');
    const message = error instanceof Error ? error.message : String(error);
    return new CommandError(
      ErrorCode.InternalError,
      `internal error in '${name}': ${message}`,
    ).toErrorDocument();
  }
}
