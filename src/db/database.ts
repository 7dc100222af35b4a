import mongoose, { type Connection } from 'mongoose';
import type { Logger } from 'pino';
import { startEmbeddedMongo, type EmbeddedMongo } from '../embedded-mongo';

/** Where the data lives: a real MongoDB, or the embedded engine (on disk, or in memory for tests). */
export type DatabaseTarget = { uri: string } | { embedded: { dataDir?: string } };

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
  } = {},
): Promise<Database> {
  let engine: EmbeddedMongo | undefined;
  let uri: string;
  if ('uri' in target) {
    uri = target.uri;
  } else {
    engine = await startEmbeddedMongo({
      dataDir: target.embedded.dataDir,
      logger: log.child({ module: 'embedded-mongo' }),
    });
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
