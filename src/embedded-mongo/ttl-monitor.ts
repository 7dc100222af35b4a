import type { Engine } from './engine';
import { indexValuesAtPath } from './documents';
import type { EngineLogger } from './logger';

/**
 * Deletes the documents whose TTL index date has passed: like MongoDB, the earliest date of the indexed field
 * plus `expireAfterSeconds`; documents without a date there never expire. Call it inside `engine.exclusive`.
 */
export function removeExpiredDocuments(engine: Engine, now: Date): number {
  let removed = 0;
  for (const database of engine.databaseNames()) {
    for (const store of engine.collections(database)) {
      for (const index of store.indexes.values()) {
        const seconds = index.spec.expireAfterSeconds;
        if (seconds === undefined || index.fields.length !== 1) continue;
        const deadline = now.getTime() - seconds * 1000;
        for (const document of [...store.documents.values()]) {
          const times = indexValuesAtPath(document, index.fields[0])
            .filter((value): value is Date => value instanceof Date)
            .map((date) => date.getTime());
          if (times.length > 0 && Math.min(...times) <= deadline) {
            store.remove(document);
            removed += 1;
          }
        }
      }
    }
  }
  return removed;
}

/**
 * Sweeps expired documents periodically (MongoDB does it every 60 seconds). The period and the on/off switch
 * are the server parameters `ttlMonitorSleepSecs` and `ttlMonitorEnabled` (setParameter), read before each
 * wait. Returns a function that stops.
 */
export function startTtlMonitor(engine: Engine, intervalMs: number, logger: EngineLogger): () => void {
  engine.parameters.ttlMonitorSleepSecs = intervalMs / 1000;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const schedule = () => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(sweep, engine.parameters.ttlMonitorSleepSecs * 1000);
    timer.unref();
  };
  const sweep = () => {
    if (!engine.parameters.ttlMonitorEnabled) {
      schedule();
      return;
    }
    engine
      .exclusive(() => removeExpiredDocuments(engine, new Date()))
      .then(
        (removed) => {
          if (removed > 0) logger.info({ removed }, 'removed expired documents');
        },
        (error: unknown) => logger.error({ err: error }, 'TTL sweep failed'),
      )
      .finally(schedule);
  };
  engine.onParametersChanged = schedule;
  schedule();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
