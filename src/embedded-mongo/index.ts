import type { QueryStats } from './collection-store';
import { DurableStorage } from './durable-storage';
import { Engine } from './engine';
import { silentLogger, type EngineLogger } from './logger';
import { WireServer } from './server';
import { removeExpiredDocuments, startTtlMonitor } from './ttl-monitor';

export type { EngineLogger } from './logger';
export type { QueryStats } from './collection-store';
export { DataDirectoryError } from './data-directory';

export interface EmbeddedMongoOptions {
  /** Directory of the journal and snapshots. Without it the data lives in memory only. */
  dataDir?: string;
  /** TCP port on 127.0.0.1; a free port is chosen when absent or 0. */
  port?: number;
  logger?: EngineLogger;
  /** Size beyond which the journal is folded into a new snapshot (default 64 MiB). */
  compactJournalAfterBytes?: number;
  /** How often documents past their TTL index date are deleted (default 60 s, as MongoDB). */
  ttlMonitorIntervalMs?: number;
}

export interface EmbeddedMongo {
  /** A MongoDB connection string for the driver or mongoose, with `directConnection=true`. */
  uri: string;
  port: number;
  /** How queries were answered so far (index lookups versus collection scans, documents examined). */
  stats(): QueryStats;
  /** Deletes the documents past their TTL index date now, rather than at the next periodic sweep. */
  removeExpiredDocuments(now?: Date): Promise<number>;
  /** Closes the connections, flushes and closes the journal, releases the data directory. */
  stop(): Promise<void>;
}

/**
 * Starts a MongoDB-compatible server inside this process, for tests and local development when no mongod is
 * available. The app talks to it with the ordinary driver, through the same code path as to MongoDB.
 */
export async function startEmbeddedMongo(options: EmbeddedMongoOptions = {}): Promise<EmbeddedMongo> {
  const logger = options.logger ?? silentLogger;
  const engine = new Engine(logger);
  const storage = options.dataDir
    ? await DurableStorage.open(engine, {
        dataDir: options.dataDir,
        logger,
        compactAfterBytes: options.compactJournalAfterBytes,
      })
    : undefined;
  engine.log = storage;
  const server = new WireServer(engine, logger);
  let port: number;
  try {
    port = await server.listen(options.port ?? 0);
  } catch (error) {
    await storage?.close();
    throw error;
  }
  logger.info({ port, dataDir: options.dataDir ?? null }, 'embedded mongo listening');
  const stopTtlMonitor = startTtlMonitor(engine, options.ttlMonitorIntervalMs ?? 60_000, logger);
  let stopping: Promise<void> | undefined;
  return {
    uri: `mongodb://127.0.0.1:${port}/?directConnection=true`,
    port,
    stats: () => ({ ...engine.stats }),
    removeExpiredDocuments: (now = new Date()) => engine.exclusive(() => removeExpiredDocuments(engine, now)),
    stop: () => {
      stopping ??= (async () => {
        stopTtlMonitor();
        await server.close();
        await engine.drain();
        await storage?.close();
        logger.info({ port }, 'embedded mongo stopped');
      })();
      return stopping;
    },
  };
}
