import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EngineLogger } from './logger';
import { claimForThisProcess } from './data-directory';

/** What the engine's thread says to the bot's (see thread-entry.ts). */
export type FromEngineThread =
  | { ready: { uri: string } }
  | { failed: { name: string; message: string } }
  | { log: { level: keyof EngineLogger; fields: object | string; message?: string } };

/** What the bot's thread asks of the engine's. */
export type ToEngineThread = { stop: true };

export interface EmbeddedMongoThread {
  uri: string;
  /** Closes the connections, flushes and closes the journal, then ends the thread. */
  stop(): Promise<void>;
}

/**
 * Starts the embedded engine on a worker thread of its own, as a MongoDB server runs in a process of
 * its own: the engine's share of each round trip (its side of the socket, BSON, matching, the
 * journal) no longer waits for the bot's event loop, and the bot's turns no longer wait for it. The
 * bot talks to it through the driver exactly as to the in-process engine or to MongoDB.
 *
 * `onLost` is called if the thread ends without being asked to (an engine crash): nothing can be
 * stored any more, so the caller should stop the process rather than answer every turn with an error.
 */
export function startEmbeddedMongoThread(options: {
  dataDir?: string;
  logger: EngineLogger;
  onLost(error: Error): void;
}): Promise<EmbeddedMongoThread> {
  let release = () => {};
  try {
    if (options.dataDir !== undefined) release = claimForThisProcess(options.dataDir);
  } catch (error) {
    return Promise.reject(error as Error);
  }
  const worker = startWorker(options.dataDir);
  let stopping = false;
  let stopped: Promise<void> | undefined;
  const ended = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  void ended.then(release);
  return new Promise<EmbeddedMongoThread>((resolve, reject) => {
    let ready = false;
    let lost = false;
    // A crash is reported twice by the worker ('error', then 'exit'): the caller hears it once.
    const loseOnce = (error: Error) => {
      if (lost || stopping) return;
      lost = true;
      options.onLost(error);
    };
    worker.on('message', (message: FromEngineThread) => {
      if ('log' in message) {
        const { level, fields, message: text } = message.log;
        options.logger[level](fields, text);
      } else if ('ready' in message) {
        ready = true;
        resolve({
          uri: message.ready.uri,
          stop: () => {
            stopping = true;
            stopped ??= (async () => {
              worker.postMessage({ stop: true } satisfies ToEngineThread);
              await ended;
            })();
            return stopped;
          },
        });
      } else if ('failed' in message) {
        // Keeps the engine's own message (a locked or damaged data directory says which and why).
        const error = new Error(message.failed.message);
        error.name = message.failed.name;
        reject(error);
      }
    });
    worker.on('error', (error) => {
      if (!ready) reject(error);
      else loseOnce(error);
    });
    worker.on('exit', (code) => {
      if (!ready) reject(new Error(`The embedded database thread exited at start (code ${code})`));
      else loseOnce(new Error(`The embedded database thread exited (code ${code})`));
    });
  });
}

/**
 * The built bot runs thread-entry.js; under tsx or jest (this file is TypeScript) the thread loads
 * the TypeScript entry through tsx, a development dependency that is installed there.
 */
function startWorker(dataDir: string | undefined): Worker {
  const workerData = { dataDir };
  if (path.extname(__filename) === '.js')
    return new Worker(path.join(__dirname, 'thread-entry.js'), { workerData });
  const entry = JSON.stringify(path.join(__dirname, 'thread-entry.ts'));
  return new Worker(`require('tsx/cjs'); require(${entry});`, { eval: true, workerData });
}
