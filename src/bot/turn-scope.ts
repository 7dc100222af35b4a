import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What one turn has already loaded (the person, the cache versions), so that a value is read once
 * per turn however many handlers and repositories ask for it. Outside a turn (jobs, seeds)
 * nothing is shared and every ask loads afresh.
 */
const scopes = new AsyncLocalStorage<Map<string, unknown>>();

export function runInTurnScope<T>(work: () => Promise<T>): Promise<T> {
  return scopes.run(new Map(), work);
}

/** The value this turn already loaded under `key`, or `load()` remembered for the rest of the turn. */
export function oncePerTurn<T>(key: string, load: () => Promise<T>): Promise<T> {
  const scope = scopes.getStore();
  if (!scope) return load();
  const known = scope.get(key) as Promise<T> | undefined;
  if (known) return known;
  const loading = load();
  scope.set(key, loading);
  // A failed load is not remembered: the next ask in the turn tries again.
  loading.catch(() => scope.delete(key));
  return loading;
}

/** Sets what the rest of the turn reads under `key` (e.g. the person the middleware recorded). */
export function rememberForTurn<T>(key: string, value: T): void {
  scopes.getStore()?.set(key, Promise.resolve(value));
}

/** Forgets `key` for the rest of the turn, so the next ask loads it again. */
export function forgetForTurn(key: string): void {
  scopes.getStore()?.delete(key);
}
