import type { Document } from 'bson';
import type { Engine } from '../engine';

export interface ConnectionInfo {
  id: number;
  remoteAddress: string;
  localPort: number;
}

/** What a command handler receives: the engine, the target database and who asked. */
export interface CommandContext {
  engine: Engine;
  database: string;
  connection: ConnectionInfo;
  /** Size of the wire message that carried the command, when it came over the wire. */
  messageBytes?: number;
}

/** Runs synchronously inside the engine's queue, which makes the whole command atomic. */
export type CommandHandler = (command: Document, context: CommandContext) => Document;
