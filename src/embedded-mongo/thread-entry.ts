/**
 * The embedded engine's worker thread (started by thread.ts): starts the engine, says where it
 * listens, forwards its log lines to the bot's logger, and stops it when asked (then the thread ends).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { startEmbeddedMongo } from './index';
import type { EngineLogger } from './logger';
import type { FromEngineThread, ToEngineThread } from './thread';

const port = parentPort;
if (!port) throw new Error('thread-entry runs as a worker thread only');

const say = (message: FromEngineThread): void => port.postMessage(message);

/** Fields that cannot be cloned (a function, a socket) as text; a logging call must never throw. */
function asText(fields: object | string): string {
  try {
    return String(JSON.stringify(fields));
  } catch {
    return String(fields);
  }
}

/** Log fields cross threads by structured clone; anything that cannot be cloned is sent as text. */
const forward =
  (level: keyof EngineLogger) =>
  (fields: object | string, message?: string): void => {
    try {
      say({ log: { level, fields, message } });
    } catch {
      say({ log: { level, fields: { detail: asText(fields) }, message } });
    }
  };

const logger: EngineLogger = { info: forward('info'), warn: forward('warn'), error: forward('error') };
const { dataDir } = workerData as { dataDir?: string };

startEmbeddedMongo({ dataDir, logger }).then(
  (mongo) => {
    port.on('message', (message: ToEngineThread) => {
      if (!message.stop) return;
      void mongo
        .stop()
        .catch((error: unknown) => logger.error({ err: error }, 'embedded mongo did not stop cleanly'))
        // Closing the port lets the thread end: the bot's side waits for that exit.
        .then(() => port.close());
    });
    say({ ready: { uri: mongo.uri } });
  },
  (error: unknown) => {
    const { name, message } = error instanceof Error ? error : new Error(String(error));
    say({ failed: { name, message } });
    port.close();
  },
);
