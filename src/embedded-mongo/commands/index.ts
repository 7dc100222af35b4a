import type { Document } from 'bson';
import { commandNotFound, CommandError, ErrorCode, transactionsNotSupported } from '../errors';
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

/** Every command the engine answers, by name. Anything else gets MongoDB's "no such command". */
const commandTable: Record<string, CommandHandler> = {
  ...handshakeCommands,
  ...readCommands,
  ...writeCommands,
  ...findAndModifyCommands,
  ...indexCommands,
  ...collectionCommands,
};

const transactionCommands = new Set(['commitTransaction', 'abortTransaction']);

/** Runs one command atomically and answers its reply document; never throws. */
export async function runCommand(
  command: Document,
  context: CommandContext,
  logger: EngineLogger,
): Promise<Document> {
  const name = Object.keys(command)[0] ?? '';
  try {
    if (command.startTransaction === true || command.autocommit === false || transactionCommands.has(name)) {
      throw transactionsNotSupported();
    }
    normalizeInt64(command);
    const handler = Object.prototype.hasOwnProperty.call(commandTable, name) ? commandTable[name] : undefined;
    if (!handler) throw commandNotFound(name);
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
