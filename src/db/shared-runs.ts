/**
 * Runs `operation(key)` so that each caller gets a run that started after their call, and so
 * sees everything written before it, while sharing runs: a caller who asks while a run for the
 * same key is on its way cannot use that one (it may have started before a write they must see),
 * so they wait for the next one, which starts when it is answered and serves everyone who asked
 * meanwhile. Alone, a caller waits for one run, as without sharing; under load, one round trip
 * serves every caller who asked during the previous one, instead of each sending their own.
 */
export function sharedRunsStartingAfterCall<K, T>(operation: (key: K) => Promise<T>): (key: K) => Promise<T> {
  interface Runs {
    inFlight?: Promise<T>;
    /** Starts once `inFlight` is answered; shared by everyone who asked meanwhile. */
    queued?: Promise<T>;
  }
  const runsByKey = new Map<K, Runs>();

  const start = (key: K, runs: Runs): Promise<T> => {
    // Started now; a synchronous throw becomes a rejection like any other failure.
    const run = new Promise<T>((resolve) => resolve(operation(key)));
    runs.inFlight = run;
    const settled = () => {
      if (runs.inFlight !== run) return;
      runs.inFlight = undefined;
      if (!runs.queued) runsByKey.delete(key);
    };
    run.then(settled, settled);
    return run;
  };

  return (key: K) => {
    let runs = runsByKey.get(key);
    if (!runs) {
      runs = {};
      runsByKey.set(key, runs);
    }
    if (runs.queued) return runs.queued;
    if (!runs.inFlight) return start(key, runs);
    const waiting = runs;
    const queued = runs.inFlight
      .catch(() => undefined)
      .then(() => {
        waiting.queued = undefined;
        return start(key, waiting);
      });
    runs.queued = queued;
    return queued;
  };
}
