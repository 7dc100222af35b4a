import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Clock } from '../clock';
import { DeliveryError, type Messenger } from '../bot/messenger';
import { perConversationLimits, perTenantLimits, SlidingWindowLimiter } from './rate-limiter';
import type { Delivery, NewDelivery, OutboxRepository } from './repository';
import { decideRetry, defaultRetryPolicy, type RetryPolicy } from './retry-policy';

export interface OutboxOptions {
  repository: OutboxRepository;
  messenger: Messenger;
  clock: Clock;
  log: Logger;
  /** Parallel sends; Teams answers in ~100–300 ms, so a few lanes are needed to use the quota. */
  concurrency?: number;
  /** How long a claim protects a delivery from other senders before it counts as abandoned. */
  leaseMs?: number;
  policy?: RetryPolicy;
  sleep?: (ms: number) => Promise<void>;
  /** Identifies this process in claims (two bot instances on one database). */
  workerId?: string;
}

export interface DrainOptions {
  /** Wait for deliveries whose retry is due later (Retry-After, backoff, pause) instead of returning. */
  waitForRetries?: boolean;
  /** Upper bound of that waiting. */
  maxWaitMs?: number;
}

export interface FailedDelivery {
  deliveryId: string;
  batchKey: string;
  conversationId: string;
  status?: number;
  error: string;
}

export interface DrainReport {
  sent: number;
  failed: FailedDelivery[];
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The persistent outbox: every send to many conversations becomes one delivery record per
 * (message, conversation) in MongoDB, claimed atomically, paced under Teams' limits, retried
 * with Retry-After or backoff, and recorded with the Teams activity ids. A crash loses nothing:
 * the next drain (any instance) takes over deliveries whose claim expired.
 */
export class Outbox {
  readonly workerId: string;
  private readonly conversationLimiter = new SlidingWindowLimiter(perConversationLimits);
  private readonly tenantLimiter = new SlidingWindowLimiter(perTenantLimits);
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly policy: RetryPolicy;
  private readonly concurrency: number;
  private readonly leaseMs: number;

  constructor(private readonly options: OutboxOptions) {
    this.workerId = options.workerId ?? randomUUID();
    this.sleep = options.sleep ?? realSleep;
    this.policy = options.policy ?? defaultRetryPolicy;
    this.concurrency = options.concurrency ?? 8;
    this.leaseMs = options.leaseMs ?? 60_000;
  }

  enqueue(deliveries: NewDelivery[]): Promise<number> {
    return this.options.repository.enqueue(deliveries, this.options.clock.now());
  }

  /** Sends everything due; with `waitForRetries`, also what becomes due within `maxWaitMs`. */
  async drain(options: DrainOptions = {}): Promise<DrainReport> {
    const deadline = this.now() + (options.waitForRetries ? (options.maxWaitMs ?? 300_000) : 0);
    const report: DrainReport = { sent: 0, failed: [] };
    await Promise.all(Array.from({ length: this.concurrency }, () => this.runLane(deadline, report)));
    return report;
  }

  private now(): number {
    return this.options.clock.now().getTime();
  }

  private async runLane(deadline: number, report: DrainReport): Promise<void> {
    const { repository } = this.options;
    for (;;) {
      const throttledUntil = (await repository.throttledUntil())?.getTime() ?? 0;
      if (throttledUntil > this.now()) {
        if (throttledUntil > deadline) return;
        await this.sleep(throttledUntil - this.now());
        continue;
      }
      const delivery = await repository.claimNext(this.workerId, this.options.clock.now(), this.leaseMs);
      if (!delivery) {
        const nextDue = (await repository.nextDueAt(this.workerId))?.getTime();
        if (nextDue === undefined || nextDue > deadline) return;
        await this.sleep(Math.max(20, nextDue - this.now()));
        continue;
      }
      await this.process(delivery, report);
    }
  }

  private async process(delivery: Delivery, report: DrainReport): Promise<void> {
    const { repository, log } = this.options;
    try {
      const activityIds = await this.perform(delivery);
      await repository.markSent(delivery.id, this.workerId, activityIds, this.options.clock.now());
      report.sent += 1;
    } catch (error) {
      const attempts = delivery.attempts + 1;
      const status = error instanceof DeliveryError ? error.status : undefined;
      const message = error instanceof Error ? error.message : String(error);
      const decision = decideRetry(error, attempts, this.policy);
      const context = {
        deliveryId: delivery.id,
        batchKey: delivery.batchKey,
        conversationId: delivery.conversationId,
        status,
        attempts,
      };
      if (decision.kind === 'give-up') {
        await repository.markFailed(delivery.id, this.workerId, {
          error: message,
          status,
          at: this.options.clock.now(),
        });
        report.failed.push({
          deliveryId: delivery.id,
          batchKey: delivery.batchKey,
          conversationId: delivery.conversationId,
          status,
          error: message,
        });
        log.warn(context, 'delivery failed for good');
        return;
      }
      const at = new Date(this.now() + decision.delayMs);
      if (decision.kind === 'pause') {
        await repository.throttleUntil(at);
        log.warn({ ...context, until: at }, 'sending paused after repeated failures');
      } else {
        log.info({ ...context, retryInMs: decision.delayMs }, 'delivery will be retried');
      }
      await repository.markRetry(delivery.id, this.workerId, { error: message, status, at });
    }
  }

  /** Sends the delivery's posts (or edits, or deletions); returns the Teams activity ids. */
  private async perform(delivery: Delivery): Promise<string[]> {
    const { messenger, repository } = this.options;
    if (delivery.operation === 'post') {
      const activityIds = [...delivery.activityIds];
      // A crash between two posts resumes after the last one Teams accepted.
      for (let index = activityIds.length; index < delivery.messages.length; index += 1) {
        await this.pace(delivery.conversationId);
        const id = await messenger.send(delivery.reference, delivery.messages[index]);
        activityIds.push(id ?? '');
        await repository.recordProgress(delivery.id, this.workerId, activityIds);
      }
      return activityIds;
    }
    const target = await repository.findPost(delivery.targetMessageKey ?? '', delivery.conversationId);
    if (target?.state !== 'sent') {
      if (target && target.state !== 'failed')
        throw new DeliveryError('The post to change is not sent yet', 412, 5_000);
      // Nothing was ever posted there: nothing to edit or delete.
      return [];
    }
    if (delivery.operation === 'delete') {
      for (const activityId of target.activityIds) {
        await this.pace(delivery.conversationId);
        await ignoreGone(messenger.delete(delivery.reference, activityId));
      }
      return target.activityIds;
    }
    const activityIds: string[] = [];
    for (let index = 0; index < delivery.messages.length; index += 1) {
      await this.pace(delivery.conversationId);
      const existing = target.activityIds[index];
      if (existing) {
        await messenger.update(delivery.reference, existing, delivery.messages[index]);
        activityIds.push(existing);
      } else {
        activityIds.push((await messenger.send(delivery.reference, delivery.messages[index])) ?? '');
      }
    }
    return activityIds;
  }

  /** Waits until both the conversation's and the tenant's windows allow one more request. */
  private async pace(conversationId: string): Promise<void> {
    for (;;) {
      const now = this.now();
      const delay = Math.max(
        this.conversationLimiter.delayFor(conversationId, now),
        this.tenantLimiter.delayFor('tenant', now),
      );
      if (delay <= 0) {
        this.conversationLimiter.record(conversationId, now);
        this.tenantLimiter.record('tenant', now);
        return;
      }
      await this.sleep(delay);
    }
  }
}

/** Deleting a post that is already gone is the result we wanted. */
async function ignoreGone(operation: Promise<void>): Promise<void> {
  try {
    await operation;
  } catch (error) {
    if (error instanceof DeliveryError && error.status === 404) return;
    throw error;
  }
}
