import path from 'node:path';
import dotenv from 'dotenv';
import type { Logger } from 'pino';
import { createApp, createUnavailableApp } from './app';
import { ConfigError, loadConfig, type Config } from './config';
import { connectDatabase, type Database } from './db/database';
import { createLogger } from './logging';

/**
 * Connects to the database. An external MongoDB that is down at start does not stop the bot: a
 * stand-in answers on the port (readiness 503, a French "unavailable" to every turn) while the
 * connection is retried with backoff. The embedded engine failing at start is a local problem
 * (data directory locked or damaged): that stops the process with its message.
 */
async function connectOrWait(config: Config, log: Logger): Promise<{ database: Database; port?: number }> {
  const production = config.environment === 'production';
  if (!config.database.uri) {
    const dataDir = path.resolve(config.database.dataDir);
    const database = await connectDatabase({ embedded: { dataDir, ownThread: true } }, log, {
      production,
      // Nothing can be stored any more: stop, and let the supervisor (or the person) start again.
      onEngineLost: (error) => {
        log.fatal({ err: error }, 'the embedded database stopped, stopping the bot');
        process.exit(1);
      },
    });
    return { database };
  }
  let standIn: ReturnType<typeof createUnavailableApp> | undefined;
  let port: number | undefined;
  for (let attempt = 1; ; attempt += 1) {
    try {
      const database = await connectDatabase({ uri: config.database.uri }, log, {
        production,
        serverSelectionTimeoutMs: 5_000,
      });
      if (standIn) await standIn.close();
      return { database, port };
    } catch (error) {
      const retryInMs = Math.min(1_000 * 2 ** (attempt - 1), 30_000);
      log.error({ err: error, attempt, retryInMs }, 'database unreachable at start, retrying');
      if (!standIn) {
        standIn = createUnavailableApp(config, log);
        port = await standIn.listen(config.port);
        log.warn({ port, database: 'down' }, 'answering "service unavailable" until the database is back');
      }
      await new Promise((resolve) => setTimeout(resolve, retryInMs));
    }
  }
}

async function main(): Promise<void> {
  dotenv.config({ quiet: true });
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const log = createLogger(config.logLevel);
  const { database, port: standInPort } = await connectOrWait(config, log);
  const app = await createApp({ config, log, database });
  // Same port as the stand-in, even when PORT=0 picked one.
  const port = await app.start(standInPort ?? config.port);
  log.info({ port, database: database.kind }, `iX bot listening on http://localhost:${port}/api/messages`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      log.error({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown timed out, exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    timer.unref();
    await app.stop();
    await database.close();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', (signal) => void shutdown(signal));
  process.on('SIGINT', (signal) => void shutdown(signal));
}

main().catch((error: unknown) => {
  console.error('iX bot failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
