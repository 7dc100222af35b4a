import {
  perConversationLimits,
  perTenantLimits,
  SlidingWindowLimiter,
} from '../../src/delivery/rate-limiter';

/** Sends as fast as the limiter allows and returns the send times. */
function schedule(limiter: SlidingWindowLimiter, key: string, count: number): number[] {
  const times: number[] = [];
  let now = 0;
  for (let index = 0; index < count; index += 1) {
    now += limiter.delayFor(key, now);
    limiter.record(key, now);
    times.push(now);
  }
  return times;
}

function maxInAnyWindow(times: number[], windowMs: number): number {
  return Math.max(
    ...times.map((start) => times.filter((time) => time >= start && time < start + windowMs).length),
  );
}

describe('SlidingWindowLimiter', () => {
  it('lets 7 posts through in the first second of a conversation, then waits', () => {
    const limiter = new SlidingWindowLimiter(perConversationLimits);
    const times = schedule(limiter, 'c', 9);

    expect(times.slice(0, 7)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(times[7]).toBe(1_000);
    // 8 per 2 s: the 9th waits until the first leaves the 2-second window.
    expect(times[8]).toBe(2_000);
  });

  it('never exceeds any of Teams per-conversation windows over a long burst', () => {
    const limiter = new SlidingWindowLimiter(perConversationLimits);
    const times = schedule(limiter, 'c', 130);

    for (const { limit, windowMs } of perConversationLimits) {
      expect(maxInAnyWindow(times, windowMs)).toBeLessThanOrEqual(limit);
    }
  });

  it('keeps 50 requests per second across the tenant and no more', () => {
    const limiter = new SlidingWindowLimiter(perTenantLimits);
    const times = schedule(limiter, 'tenant', 200);

    expect(maxInAnyWindow(times, 1_000)).toBe(50);
    expect(times[199]).toBe(3_000);
  });

  it('paces each conversation independently', () => {
    const limiter = new SlidingWindowLimiter(perConversationLimits);
    schedule(limiter, 'a', 7);

    expect(limiter.delayFor('a', 0)).toBe(1_000);
    expect(limiter.delayFor('b', 0)).toBe(0);
  });
});
