import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Clock } from '../clock';
import { DeliveryError, type ConversationReferenceJson, type Messenger } from '../bot/messenger';
import { unreachableReasonOf, type PersonDirectory } from './person-delivery';
import { perConversationLimits, perTenantLimits, SlidingWindowLimiter } from './rate-limiter';
import type { Delivery, DeliveryState, NewDelivery, OutboxRepository } from './repository';
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
  /** Longest wait for one Bot Connector request; must stay well under the lease. */
  sendTimeoutMs?: number;
  /** How often the background drainer looks for deliveries due later (retries, other instances' leftovers). */
  pollIntervalMs?: number;
  policy?: RetryPolicy;
  sleep?: (ms: number) => Promise<void>;
  /** Identifies this process in claims (two bot instances on one database); each lane adds its number. */
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
  recipientMemberId?: string;
  status?: number;
  error: string;
}

export interface DrainReport {
  sent: number;
  failed: FailedDelivery[];
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Thrown inside a send when the process is stopping: the delivery is given back, not failed. */
class StoppingSignal extends Error {}

/**
 * The persistent outbox: every proactive message becomes one delivery record per (message,
 * conversation or person) in MongoDB, claimed atomically, paced under Teams' limits, retried with
 * Retry-After or backoff, and recorded with the Teams activity ids. A crash loses nothing: the
 * next drain (any instance) takes over deliveries whose claim expired. A background drainer,
 * woken by every enqueue and by a timer, sends them: no turn waits for a fan-out.
 */
export class Outbox {
  readonly workerId: string;
  private readonly conversationLimiter = new SlidingWindowLimiter(perConversationLimits);
  private readonly tenantLimiter = new SlidingWindowLimiter(perTenantLimits);
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly policy: RetryPolicy;
  private readonly concurrency: number;
  private readonly leaseMs: number;
  private readonly sendTimeoutMs: number;
  private people?: PersonDirectory;
  private laneCount = 0;
  /** Deliveries this process holds right now, across every drain (the job's and the background's). */
  private held = 0;
  private readonly waitingForHold: Array<() => void> = [];
  private readonly drains = new Set<Promise<DrainReport>>();
  private background?: { timer: NodeJS.Timeout; running?: Promise<void>; wanted: boolean };
  private stopping = false;

  constructor(private readonly options: OutboxOptions) {
    this.workerId = options.workerId ?? randomUUID();
    this.sleep = options.sleep ?? realSleep;
    this.policy = options.policy ?? defaultRetryPolicy;
    this.concurrency = options.concurrency ?? 8;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.sendTimeoutMs = options.sendTimeoutMs ?? Math.min(20_000, Math.floor(this.leaseMs / 3));
    // A send still in flight when its lease ran out could be taken over and sent twice.
    if (this.sendTimeoutMs >= this.leaseMs)
      throw new Error('The send timeout must be shorter than the lease');
  }

  /** The members slice tells the outbox how to find (and open a chat with) a person. */
  usePeople(directory: PersonDirectory): void {
    this.people = directory;
  }

  /** Stores the deliveries (idempotent) and wakes the background drainer. */
  async enqueue(deliveries: NewDelivery[]): Promise<number> {
    const created = await this.options.repository.enqueue(deliveries, this.options.clock.now());
    if (created > 0) this.wake();
    return created;
  }

  /** Deliveries per state of every batch whose key starts with the prefix (e.g. `digest:`), for reports. */
  countByState(batchKeyPrefix: string): Promise<Record<DeliveryState, number>> {
    return this.options.repository.countByState(batchKeyPrefix);
  }

  /** Where one post stands (e.g. a welcome that failed for good may be tried again by another door). */
  async stateOf(messageKey: string, conversationId: string): Promise<DeliveryState | undefined> {
    return (await this.options.repository.findPost(messageKey, conversationId))?.state;
  }

  /** Starts the background drainer: woken on enqueue, and every `pollIntervalMs` for what falls due later. */
  start(): void {
    if (this.background) return;
    this.stopping = false;
    const timer = setInterval(() => this.wake(), this.options.pollIntervalMs ?? 5_000);
    timer.unref();
    this.background = { timer, wanted: false };
    this.wake();
  }

  /** Asks the background drainer to look for due deliveries now (no-op when it is not started). */
  wake(): void {
    const background = this.background;
    if (!background || this.stopping) return;
    background.wanted = true;
    background.running ??= this.runBackground().finally(() => {
      background.running = undefined;
    });
  }

  private async runBackground(): Promise<void> {
    const background = this.background;
    while (background?.wanted && !this.stopping) {
      background.wanted = false;
      try {
        await this.drain();
      } catch (error) {
        this.options.log.error({ err: error }, 'background drain failed; the timer tries again');
      }
    }
  }

  /**
   * Stops claiming, lets every lane finish the send it has in flight (bounded by the send
   * timeout) or give its delivery back, and only then resolves: the caller may close the database.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.background) clearInterval(this.background.timer);
    await this.background?.running;
    this.background = undefined;
    await Promise.allSettled([...this.drains]);
  }

  /**
   * Resolves once nothing is due: no drain running and no delivery waiting to be sent now.
   * Deliveries due later (a Retry-After, a backoff) do not count. For tests and the bench.
   */
  async whenIdle(): Promise<void> {
    for (;;) {
      await this.background?.running;
      await Promise.allSettled([...this.drains]);
      const { repository } = this.options;
      // While everyone is paused, nothing will move before the pause ends: that counts as idle.
      const paused = ((await repository.throttledUntil())?.getTime() ?? 0) > this.now();
      if (paused || (await repository.countDue(this.options.clock.now())) === 0) {
        if (!this.background?.running && this.drains.size === 0) return;
        continue;
      }
      if (this.background && !this.stopping) this.wake();
      else await this.drain();
    }
  }

  /** Sends everything due; with `waitForRetries`, also what becomes due within `maxWaitMs`. */
  drain(options: DrainOptions = {}): Promise<DrainReport> {
    const run = this.runDrain(options);
    this.drains.add(run);
    void run.finally(() => this.drains.delete(run)).catch(() => undefined);
    return run;
  }

  private async runDrain(options: DrainOptions): Promise<DrainReport> {
    const deadline = this.now() + (options.waitForRetries ? (options.maxWaitMs ?? 300_000) : 0);
    const report: DrainReport = { sent: 0, failed: [] };
    // Each lane claims under its own id: a lane's bookkeeping can never touch another lane's claim.
    const lanes = Array.from({ length: this.concurrency }, () => `${this.workerId}/${(this.laneCount += 1)}`);
    // The background drainer polls every few seconds and almost always finds nothing: one lane looks
    // first and the others join at its first claim, so an idle poll costs one lane's queries, not
    // every lane's (their garbage, every 5 s, also kept V8 from giving back the startup's heap).
    const others: Array<Promise<void>> = [];
    const joinOthers = () => {
      if (others.length > 0) return;
      others.push(...lanes.slice(1).map((lane) => this.runLane(lane, deadline, report, () => undefined)));
    };
    await this.runLane(lanes[0], deadline, report, joinOthers);
    await Promise.all(others);
    return report;
  }

  private now(): number {
    return this.options.clock.now().getTime();
  }

  private async runLane(
    lane: string,
    deadline: number,
    report: DrainReport,
    onClaim: () => void,
  ): Promise<void> {
    const { repository } = this.options;
    while (!this.stopping) {
      const throttledUntil = (await repository.throttledUntil())?.getTime() ?? 0;
      if (throttledUntil > this.now()) {
        if (throttledUntil > deadline) return;
        await this.sleep(throttledUntil - this.now());
        continue;
      }
      await this.takeHold();
      let delivery: Delivery | undefined;
      try {
        if (this.stopping) return;
        delivery = await repository.claimNext(
          { workerId: lane, instance: this.workerId },
          this.options.clock.now(),
          this.leaseMs,
        );
        if (delivery) {
          onClaim();
          await this.process(delivery, lane, report);
        }
      } finally {
        this.giveHold();
      }
      if (!delivery) {
        const nextDue = (await repository.nextDueAt(this.workerId))?.getTime();
        if (nextDue === undefined || nextDue > deadline) return;
        await this.sleep(Math.max(20, nextDue - this.now()));
      }
    }
  }

  /**
   * Waits until this process holds fewer deliveries than `concurrency`. Two drains at once (a job
   * waiting for its sends while the background drainer runs) share the lanes instead of doubling
   * them: a kill -9 can leave at most `concurrency` posts that Teams accepted and nobody recorded.
   */
  private async takeHold(): Promise<void> {
    while (this.held >= this.concurrency) {
      await new Promise<void>((resolve) => this.waitingForHold.push(resolve));
    }
    this.held += 1;
  }

  private giveHold(): void {
    this.held -= 1;
    this.waitingForHold.shift()?.();
  }

  private async process(delivery: Delivery, lane: string, report: DrainReport): Promise<void> {
    const { repository } = this.options;
    const renewal = this.keepClaimed(delivery.id, lane);
    let activityIds: string[];
    try {
      activityIds = await this.perform(delivery, lane);
    } catch (error) {
      if (error instanceof StoppingSignal) {
        await repository.release(delivery.id, lane, this.options.clock.now());
        return;
      }
      await this.recordFailure(delivery, lane, error, report);
      return;
    } finally {
      clearInterval(renewal);
    }
    // Teams accepted every post: from here on, a failure is bookkeeping and must never resend.
    await this.settle(delivery, 'mark sent', () =>
      repository.markSent(delivery.id, lane, activityIds, this.options.clock.now()),
    );
    report.sent += 1;
  }

  /** Renews the lease while a send is in flight, so a slow Bot Connector never lets another sender in. */
  private keepClaimed(id: string, lane: string): NodeJS.Timeout {
    const timer = setInterval(
      () => {
        const until = new Date(this.now() + this.leaseMs);
        this.options.repository.renewClaim(id, lane, until).catch((error: unknown) => {
          this.options.log.warn({ err: error, deliveryId: id }, 'lease not renewed');
        });
      },
      Math.max(50, Math.floor(this.leaseMs / 3)),
    );
    timer.unref();
    return timer;
  }

  /**
   * Writes what Teams already accepted, retrying a few times: a lost write would let the lease
   * expire and the post be sent again, so it is worth insisting before giving up (and logging).
   */
  private async settle(delivery: Delivery, what: string, write: () => Promise<void>): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await write();
        return;
      } catch (error) {
        if (attempt >= 4) {
          this.options.log.error(
            { err: error, deliveryId: delivery.id, what },
            'delivery bookkeeping failed after Teams accepted the post',
          );
          return;
        }
        await this.sleep(100 * 2 ** attempt);
      }
    }
  }

  private async recordFailure(
    delivery: Delivery,
    lane: string,
    error: unknown,
    report: DrainReport,
  ): Promise<void> {
    const { repository, log } = this.options;
    const attempts = delivery.attempts + 1;
    const status = error instanceof DeliveryError ? error.status : undefined;
    const message = error instanceof Error ? error.message : String(error);
    const decision = decideRetry(error, attempts, this.policy);
    const { id: deliveryId, batchKey, conversationId, recipientMemberId } = delivery;
    const context = { deliveryId, batchKey, conversationId, recipientMemberId, status, attempts };
    if (decision.kind === 'give-up') {
      await repository.markFailed(delivery.id, lane, {
        error: message,
        status,
        at: this.options.clock.now(),
      });
      report.failed.push({ deliveryId, batchKey, conversationId, recipientMemberId, status, error: message });
      const reason = unreachableReasonOf(status);
      if (recipientMemberId && reason) {
        await this.people?.markUnreachable(
          recipientMemberId,
          { reason, status, error: message },
          this.options.clock.now(),
        );
      }
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
    await repository.markRetry(delivery.id, lane, { error: message, status, at });
  }

  /** Sends the delivery's posts (or edits, or deletions); returns the Teams activity ids. */
  private async perform(delivery: Delivery, lane: string): Promise<string[]> {
    const { messenger, repository } = this.options;
    const { reference, conversationId } = await this.destinationOf(delivery);
    if (delivery.operation === 'post') {
      const activityIds = [...delivery.activityIds];
      // A crash between two posts resumes after the last one Teams accepted.
      for (let index = activityIds.length; index < delivery.messages.length; index += 1) {
        await this.pace(conversationId);
        const id = await this.timed(messenger.send(reference, delivery.messages[index]));
        activityIds.push(id ?? '');
        await this.settle(delivery, 'record progress', () =>
          repository.recordProgress(delivery.id, lane, activityIds),
        );
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
        await this.pace(conversationId);
        await ignoreGone(this.timed(messenger.delete(reference, activityId)));
      }
      return target.activityIds;
    }
    const activityIds: string[] = [];
    for (let index = 0; index < delivery.messages.length; index += 1) {
      await this.pace(conversationId);
      const existing = target.activityIds[index];
      if (existing) {
        await this.timed(messenger.update(reference, existing, delivery.messages[index]));
        activityIds.push(existing);
      } else {
        activityIds.push((await this.timed(messenger.send(reference, delivery.messages[index]))) ?? '');
      }
    }
    return activityIds;
  }

  /**
   * Where the delivery goes. A person's delivery uses their stored 1:1 chat, or opens it (one more
   * request against the tenant's limit) and stores it on the person for every later message.
   */
  private async destinationOf(
    delivery: Delivery,
  ): Promise<{ reference: ConversationReferenceJson; conversationId: string }> {
    const memberId = delivery.recipientMemberId;
    if (!memberId) {
      if (!delivery.reference) throw new DeliveryError('The delivery has no destination', 400, undefined);
      return { reference: delivery.reference, conversationId: delivery.conversationId };
    }
    if (!this.people) throw new DeliveryError('No directory of people to address the delivery', 503, 60_000);
    const address = await this.people.addressOf(memberId);
    if (!address) throw new DeliveryError('The person is no longer known (erased)', 410, undefined);
    let reference = address.reference;
    if (!reference) {
      if (!address.target) throw new DeliveryError('No Teams address to open a 1:1 chat', 404, undefined);
      await this.pace(undefined);
      reference = await this.timed(this.options.messenger.openPersonalConversation(address.target));
      await this.people.rememberConversation(memberId, reference);
    }
    const conversation = reference.conversation as { id?: unknown } | undefined;
    const conversationId = typeof conversation?.id === 'string' ? conversation.id : delivery.conversationId;
    return { reference, conversationId };
  }

  /** A Bot Connector request that takes longer than the send timeout fails (and is retried). */
  private async timed<T>(request: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new DeliveryError(`No answer within ${this.sendTimeoutMs} ms`, undefined, undefined)),
        this.sendTimeoutMs,
      );
    });
    try {
      return await Promise.race([request, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Waits until both the conversation's and the tenant's windows allow one more request
   * (`undefined`: a request outside any conversation, such as opening one). Gives the delivery
   * back when the process is stopping rather than hold it through a long wait.
   */
  private async pace(conversationId: string | undefined): Promise<void> {
    for (;;) {
      if (this.stopping) throw new StoppingSignal('stopping');
      const now = this.now();
      const delay = Math.max(
        conversationId ? this.conversationLimiter.delayFor(conversationId, now) : 0,
        this.tenantLimiter.delayFor('tenant', now),
      );
      if (delay <= 0) {
        if (conversationId) this.conversationLimiter.record(conversationId, now);
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
