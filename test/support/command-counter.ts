import type { CommandStartedEvent } from 'mongodb';
import type { Database } from '../../src/db/database';

/** Commands that are the driver's own housekeeping, not a request of the code under test. */
const housekeeping = new Set(['hello', 'isMaster', 'ismaster', 'ping', 'endSessions', 'killCursors']);

export interface CommandCounter {
  /** `find members`, `findAndModify role_grants`…: every command sent since the last reset. */
  commands(): string[];
  count(): number;
  reset(): void;
  stop(): void;
}

/**
 * Counts the commands the MongoDB driver sends on this connection (driver command monitoring;
 * the connection must be opened with `monitorCommands`). Each command is one database round trip,
 * so a count is deterministic where a timing would not be.
 */
export function countCommands(database: Database): CommandCounter {
  const client = database.connection.getClient();
  if (!client.options.monitorCommands) {
    throw new Error('Open the connection with { monitorCommands: true } to count its commands');
  }
  const seen: string[] = [];
  const listener = (event: CommandStartedEvent) => {
    if (housekeeping.has(event.commandName)) return;
    const target = event.command[event.commandName];
    seen.push(typeof target === 'string' ? `${event.commandName} ${target}` : event.commandName);
  };
  client.on('commandStarted', listener);
  return {
    commands: () => [...seen],
    count: () => seen.length,
    reset: () => {
      seen.length = 0;
    },
    stop: () => {
      client.off('commandStarted', listener);
    },
  };
}
