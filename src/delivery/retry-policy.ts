import { DeliveryError } from '../bot/messenger';

export type RetryDecision =
  | { kind: 'retry'; delayMs: number }
  /** Retries ran out on a transient failure: stop all sending for a while rather than hammer. */
  | { kind: 'pause'; delayMs: number }
  /** Will not get better by retrying (bot blocked or removed, conversation gone, bad request). */
  | { kind: 'give-up' };

export interface RetryPolicy {
  /** Retries of one delivery before the whole outbox pauses. */
  retriesBeforePause: number;
  /** Attempts after which a transiently failing delivery is abandoned and reported. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  pauseMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  retriesBeforePause: 5,
  maxAttempts: 12,
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
  pauseMs: 120_000,
};

/** Statuses worth retrying: throttling, precondition races and gateway or service hiccups. */
const transientStatuses = new Set([408, 412, 429, 500, 502, 503, 504]);

/**
 * Decides what to do after a failed send. `attempts` counts this one; `random` is injectable
 * so the jitter is testable.
 */
export function decideRetry(
  error: unknown,
  attempts: number,
  policy: RetryPolicy = defaultRetryPolicy,
  random: () => number = Math.random,
): RetryDecision {
  const status = error instanceof DeliveryError ? error.status : undefined;
  // No status: the request never got an answer (network, timeout), which is transient too.
  const transient = status === undefined || transientStatuses.has(status);
  if (!transient || attempts >= policy.maxAttempts) return { kind: 'give-up' };
  const retryAfterMs = error instanceof DeliveryError ? error.retryAfterMs : undefined;
  if (attempts >= policy.retriesBeforePause) {
    return { kind: 'pause', delayMs: Math.max(policy.pauseMs, retryAfterMs ?? 0) };
  }
  if (retryAfterMs !== undefined && (status === 429 || status === 503)) {
    return { kind: 'retry', delayMs: retryAfterMs };
  }
  // Exponential backoff with full jitter between half and the whole step.
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempts - 1));
  return { kind: 'retry', delayMs: Math.round(step / 2 + random() * (step / 2)) };
}
