/**
 * Runs of `operation` such that each caller gets a run that started after their call, and so sees
 * everything written before it, while sharing runs: a caller who asks while a run is on its way
 * cannot use that one (it may have started before a write they must see), so they wait for the
 * next one, which starts when it is answered and serves everyone who asked meanwhile, with the
 * keys they all asked for (one person's ballots, another's: one read). Every caller of a run gets
 * its whole answer, to pick their own from. Alone, a caller waits for one run of their own keys, as
 * without sharing; under load, one round trip serves every caller who asked during the previous
 * one, instead of each sending their own. `onIdle` is called when a run ends with nobody waiting
 * for the next.
 */
export function batchedRunsStartingAfterCall<K, T>(
  operation: (keys: K[]) => Promise<T>,
  onIdle: () => void = () => {},
): (keys: Iterable<K>) => Promise<T> {
  let inFlight: Promise<T> | undefined;
  /** Starts once `inFlight` is answered, with every key asked for meanwhile. */
  let next: { keys: Set<K>; run: Promise<T> } | undefined;

  const start = (keys: Set<K>): Promise<T> => {
    // Started now; a synchronous throw becomes a rejection like any other failure.
    const run = new Promise<T>((resolve) => resolve(operation([...keys])));
    inFlight = run;
    const settled = () => {
      if (inFlight !== run) return;
      inFlight = undefined;
      if (!next) onIdle();
    };
    run.then(settled, settled);
    return run;
  };

  return (keys) => {
    if (next) {
      for (const key of keys) next.keys.add(key);
      return next.run;
    }
    if (!inFlight) return start(new Set(keys));
    const keysOfNext = new Set(keys);
    const run = inFlight
      .catch(() => undefined)
      .then(() => {
        next = undefined;
        return start(keysOfNext);
      });
    next = { keys: keysOfNext, run };
    return run;
  };
}

/** The same sharing for one read per key (a poll's tally): the runs of different keys stay apart. */
export function sharedRunsStartingAfterCall<K, T>(operation: (key: K) => Promise<T>): (key: K) => Promise<T> {
  const runsByKey = new Map<K, (keys: Iterable<never>) => Promise<T>>();
  return (key: K) => {
    let runs = runsByKey.get(key);
    if (!runs) {
      runs = batchedRunsStartingAfterCall<never, T>(
        () => operation(key),
        () => runsByKey.delete(key),
      );
      runsByKey.set(key, runs);
    }
    return runs([]);
  };
}
