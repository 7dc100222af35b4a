import { DeliveryError } from '../../src/bot/messenger';
import { decideRetry, defaultRetryPolicy } from '../../src/delivery/retry-policy';

const failure = (status: number | undefined, retryAfterMs?: number) =>
  new DeliveryError('failed', status, retryAfterMs);
const middle = () => 0.5;

describe('decideRetry', () => {
  it('waits exactly the Retry-After of a 429', () => {
    expect(decideRetry(failure(429, 7_000), 1, defaultRetryPolicy, middle)).toEqual({
      kind: 'retry',
      delayMs: 7_000,
    });
  });

  it.each([412, 500, 502, 503, 504, undefined])('backs off exponentially with jitter on %s', (status) => {
    const delays = [1, 2, 3, 4].map((attempt) =>
      decideRetry(failure(status), attempt, defaultRetryPolicy, middle),
    );

    expect(delays).toEqual([
      { kind: 'retry', delayMs: 750 },
      { kind: 'retry', delayMs: 1_500 },
      { kind: 'retry', delayMs: 3_000 },
      { kind: 'retry', delayMs: 6_000 },
    ]);
  });

  it('keeps the jitter between half and the whole backoff step', () => {
    expect(decideRetry(failure(502), 3, defaultRetryPolicy, () => 0)).toEqual({
      kind: 'retry',
      delayMs: 2_000,
    });
    expect(decideRetry(failure(502), 3, defaultRetryPolicy, () => 0.999999)).toEqual({
      kind: 'retry',
      delayMs: 4_000,
    });
  });

  it('pauses all sending once a delivery has failed too often, instead of hammering', () => {
    expect(
      decideRetry(failure(429, 1_000), defaultRetryPolicy.retriesBeforePause, defaultRetryPolicy, middle),
    ).toEqual({
      kind: 'pause',
      delayMs: defaultRetryPolicy.pauseMs,
    });
  });

  it.each([400, 401, 403, 404])('gives up at once on a permanent error %i', (status) => {
    expect(decideRetry(failure(status), 1)).toEqual({ kind: 'give-up' });
  });

  it('gives up on a transient error after the maximum number of attempts', () => {
    expect(decideRetry(failure(503), defaultRetryPolicy.maxAttempts)).toEqual({ kind: 'give-up' });
  });
});
