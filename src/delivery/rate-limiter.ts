/**
 * Teams' documented bot rate limits. Sending faster gets HTTP 429 and, if it goes on, the bot
 * throttled for everyone, so the outbox paces itself under them.
 * https://learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit
 */
export interface RateWindow {
  limit: number;
  windowMs: number;
}

/** Per bot per conversation (thread): 7 per second, 8 per 2 s, 60 per 30 s, 1,800 per hour. */
export const perConversationLimits: RateWindow[] = [
  { limit: 7, windowMs: 1_000 },
  { limit: 8, windowMs: 2_000 },
  { limit: 60, windowMs: 30_000 },
  { limit: 1_800, windowMs: 3_600_000 },
];

/** Per app per tenant: 50 requests per second, all conversations together (edits count too). */
export const perTenantLimits: RateWindow[] = [{ limit: 50, windowMs: 1_000 }];

/**
 * Sliding-window limiter: remembers when each key sent and says how long to wait before the next
 * send stays within every window. Pure with respect to time (the caller passes `now`).
 */
export class SlidingWindowLimiter {
  private readonly sent = new Map<string, number[]>();
  private readonly longestWindowMs: number;

  constructor(private readonly windows: RateWindow[]) {
    this.longestWindowMs = Math.max(...windows.map((window) => window.windowMs));
  }

  /** Milliseconds to wait before `key` may send again (0 when it may send now). */
  delayFor(key: string, now: number): number {
    const times = this.prune(key, now);
    let delay = 0;
    for (const { limit, windowMs } of this.windows) {
      const inWindow = times.filter((time) => time > now - windowMs);
      if (inWindow.length >= limit) {
        // The oldest send that keeps the window full must leave it first.
        const oldestBlocking = inWindow[inWindow.length - limit];
        delay = Math.max(delay, oldestBlocking + windowMs - now);
      }
    }
    return delay;
  }

  record(key: string, now: number): void {
    const times = this.prune(key, now);
    times.push(now);
    this.sent.set(key, times);
  }

  private prune(key: string, now: number): number[] {
    const times = (this.sent.get(key) ?? []).filter((time) => time > now - this.longestWindowMs);
    if (times.length === 0) this.sent.delete(key);
    else this.sent.set(key, times);
    return times;
  }
}
