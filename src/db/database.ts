import mongoose, { type Connection } from 'mongoose';
import type { Logger } from 'pino';
import { startEmbeddedMongoThread } from '../embedded-mongo/thread';

/**
 * Where the data lives: a real MongoDB, or the embedded engine (on disk, or in memory for tests).
 * The bot runs the engine on a thread of its own (`ownThread`), as MongoDB runs in a process of its
 * own; tests, which start one engine per file, keep it on their thread and start faster.
 */
export type DatabaseTarget = { uri: string } | { embedded: { dataDir?: string; ownThread?: boolean } };

/** The embedded engine, wherever it runs. */
interface RunningEngine {
  uri: string;
  stop(): Promise<void>;
}

export interface Database {
  /** Repositories build their models on this connection; nothing else touches mongoose. */
  connection: Connection;
  kind: 'external' | 'embedded';
  isReachable(): Promise<boolean>;
  close(): Promise<void>;
}

export async function connectDatabase(
  target: DatabaseTarget,
  log: Logger,
  options: {
    production?: boolean;
    databaseName?: string;
    /** Emits the driver's commandStarted events (tests count the round trips of a turn). */
    monitorCommands?: boolean;
    serverSelectionTimeoutMs?: number;
    /** Called if the engine's own thread ends unasked (default: logged as fatal). */
    onEngineLost?: (error: Error) => void;
  } = {},
): Promise<Database> {
  let engine: RunningEngine | undefined;
  let uri: string;
  if ('uri' in target) {
    uri = target.uri;
  } else {
    const logger = log.child({ module: 'embedded-mongo' });
    const { dataDir, ownThread } = target.embedded;
    engine = ownThread
      ? await startEmbeddedMongoThread({
          dataDir,
          logger,
          onLost: options.onEngineLost ?? ((error) => log.fatal({ err: error }, 'embedded database lost')),
        })
      : // Loaded only here: a bot whose engine runs on its own thread does not load it twice.
        await (await import('../embedded-mongo')).startEmbeddedMongo({ dataDir, logger });
    uri = engine.uri;
    log.info({ dataDir: target.embedded.dataDir ?? '(memory)', uri }, 'embedded database started');
    if (options.production) {
      log.warn('running on the embedded database: production should use a real MongoDB (set MONGODB_URI)');
    }
  }
  try {
    const connection = await mongoose
      .createConnection(uri, {
        dbName: options.databaseName,
        // Also how long a turn waits for a database that went away before saying so.
        serverSelectionTimeoutMS: options.serverSelectionTimeoutMs ?? 10_000,
        monitorCommands: options.monitorCommands ?? false,
      })
      .asPromise();
    return {
      connection,
      kind: engine ? 'embedded' : 'external',
      isReachable: async () => {
        if (connection.readyState !== 1 || !connection.db) return false;
        const answer = await connection.db.admin().ping();
        return answer?.ok === 1;
      },
      close: async () => {
        await connection.close();
        await engine?.stop();
      },
    };
  } catch (error) {
    await engine?.stop();
    throw error;
  }
}
