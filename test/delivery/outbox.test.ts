import pino from 'pino';
import type { Messenger } from '../../src/bot/messenger';
import { Outbox } from '../../src/delivery/outbox';
import { createOutboxRepository, type NewDelivery } from '../../src/delivery/repository';
import { systemClock } from '../../src/clock';
import { countCommands } from '../support/command-counter';
import { startTestBot, type TestBot } from '../support/test-bot';

const silent = pino({ level: 'silent' });

describe('delivery outbox', () => {
  let bot: TestBot;
  let batch = 0;

  beforeAll(async () => {
    bot = await startTestBot({ env: { SEED_DEMO_DATA: 'false' } });
    // These tests drive their own senders: the app's background drainer must not take their deliveries.
    await bot.app.outbox.stop();
  });
  afterAll(async () => {
    await bot.stop();
  });
  beforeEach(() => {
    bot.connector.reset();
    bot.connector.respondWith(undefined);
    batch += 1;
  });

  function channels(count: number): NewDelivery[] {
    return Array.from({ length: count }, (_, index) => ({
      batchKey: `test:${batch}`,
      messageKey: `test:${batch}:digest`,
      conversationId: `19:channel-${batch}-${index}@thread.tacv2`,
      reference: {
        channelId: 'msteams',
        serviceUrl: bot.connector.url,
        conversation: { id: `19:channel-${batch}-${index}@thread.tacv2` },
        bot: { id: '28:ix-bot' },
      },
      operation: 'post' as const,
      messages: [{ text: `Info Flash ${batch}` }],
    }));
  }

  async function outbox(
    options: { messenger?: Messenger; leaseMs?: number; sendTimeoutMs?: number; workerId?: string } = {},
  ) {
    return new Outbox({
      repository: await createOutboxRepository(bot.database.connection),
      messenger: options.messenger ?? bot.app.messenger,
      clock: systemClock,
      log: silent,
      leaseMs: options.leaseMs,
      sendTimeoutMs: options.sendTimeoutMs,
      workerId: options.workerId,
    });
  }

  function postsPerConversation(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const call of bot.connector.calls.filter(
      (c) => c.method === 'POST' && c.path.includes('/activities'),
    )) {
      counts.set(call.conversationId!, (counts.get(call.conversationId!) ?? 0) + 1);
    }
    return counts;
  }

  it('delivers a message to every conversation exactly once, even when enqueued twice', async () => {
    const sender = await outbox();
    const deliveries = channels(30);
    expect(await sender.enqueue(deliveries)).toBe(30);
    expect(await sender.enqueue(deliveries)).toBe(0);

    const report = await sender.drain();

    expect(report).toEqual({ sent: 30, failed: [] });
    const counts = postsPerConversation();
    expect(counts.size).toBe(30);
    expect([...counts.values()].every((count) => count === 1)).toBe(true);
    expect(await (await sender.drain()).sent).toBe(0);
  });

  it('holds at most its lanes of deliveries at once, however many drains run in the process', async () => {
    let inFlight = 0;
    let most = 0;
    const slow: Messenger = {
      ...bot.app.messenger,
      send: async (reference, message) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        try {
          await new Promise((resolve) => setTimeout(resolve, 150));
          return await bot.app.messenger.send(reference, message);
        } finally {
          inFlight -= 1;
        }
      },
    };
    const sender = await outbox({ messenger: slow });
    await sender.enqueue(channels(40));

    // A job waiting for its sends while the background drainer runs: two drains, one set of lanes.
    const reports = await Promise.all([sender.drain(), sender.drain(), sender.drain()]);

    expect(reports.reduce((sent, report) => sent + report.sent, 0)).toBe(40);
    expect(most).toBeLessThanOrEqual(8);
    expect(postsPerConversation().size).toBe(40);
  });

  it('looks for due deliveries with one lane when nothing is due: an idle poll claims once, not once per lane', async () => {
    const sender = await outbox();
    await sender.drain();
    const counter = countCommands(bot.database);

    expect(await sender.drain()).toEqual({ sent: 0, failed: [] });

    counter.stop();
    expect(
      counter.commands().filter((command) => command === 'findAndModify outbox_deliveries'),
    ).toHaveLength(1);
  });

  it('puts every lane to work as soon as one claims a delivery', async () => {
    let inFlight = 0;
    let gate: () => void = () => undefined;
    const allLanesBusy = new Promise<void>((resolve) => {
      gate = resolve;
    });
    // Each send waits until eight are in flight: the drain only ends if all eight lanes joined.
    const gated: Messenger = {
      ...bot.app.messenger,
      send: async (reference, message) => {
        inFlight += 1;
        if (inFlight === 8) gate();
        await allLanesBusy;
        return bot.app.messenger.send(reference, message);
      },
    };
    const sender = await outbox({ messenger: gated });
    await sender.enqueue(channels(8));

    expect(await sender.drain()).toEqual({ sent: 8, failed: [] });
  });

  it('records the Teams activity id of each post', async () => {
    const sender = await outbox();
    await sender.enqueue(channels(2));
    await sender.drain();

    const repository = await createOutboxRepository(bot.database.connection);
    const deliveries = await repository.deliveriesOf(`test:${batch}`);
    expect(deliveries.map((delivery) => delivery.state)).toEqual(['sent', 'sent']);
    expect(deliveries.every((delivery) => /^activity-/.test(delivery.activityIds[0]))).toBe(true);
  });

  it('honours Retry-After: no new request to a throttled conversation before it has passed', async () => {
    let throttled = false;
    bot.connector.respondWith(() => {
      if (throttled) return undefined;
      throttled = true;
      return { status: 429, body: {}, headers: { 'Retry-After': '1' } };
    });
    const sender = await outbox();
    await sender.enqueue(channels(1));

    const report = await sender.drain({ waitForRetries: true, maxWaitMs: 5_000 });

    expect(report.sent).toBe(1);
    const times = bot.connector.calls.map((call) => call.receivedAt);
    expect(times).toHaveLength(2);
    expect(times[1] - times[0]).toBeGreaterThanOrEqual(1_000);
  });

  it('records a 403 (bot removed) as failed and never retries it', async () => {
    bot.connector.respondWith(() => ({
      status: 403,
      body: { error: { code: 'BotNotInConversationRoster' } },
    }));
    const sender = await outbox();
    await sender.enqueue(channels(1));

    const report = await sender.drain({ waitForRetries: true, maxWaitMs: 2_000 });

    expect(report.sent).toBe(0);
    expect(report.failed).toEqual([expect.objectContaining({ status: 403, batchKey: `test:${batch}` })]);
    expect(bot.connector.calls).toHaveLength(1);
    const [delivery] = await (
      await createOutboxRepository(bot.database.connection)
    ).deliveriesOf(`test:${batch}`);
    expect(delivery).toMatchObject({ state: 'failed', lastStatus: 403, attempts: 1 });
  });

  it('finishes the deliveries of a sender killed mid-way, without duplicates', async () => {
    const deliveries = channels(12);
    let sends = 0;
    // The first sender "dies" on its 5th send: the request never leaves, its claim is never released.
    const dying: Messenger = {
      ...bot.app.messenger,
      send: (reference, message) => {
        sends += 1;
        return sends >= 5 ? new Promise(() => undefined) : bot.app.messenger.send(reference, message);
      },
    };
    // The send timeout (under the lease) is what frees the dead sends; real ones answer well within it.
    const first = await outbox({ messenger: dying, leaseMs: 2_000, sendTimeoutMs: 1_500, workerId: 'first' });
    await first.enqueue(deliveries);
    void first.drain();
    await waitFor(() => sends >= 5);
    // Dead: it claims nothing more (its hung requests time out, as a killed process's leases expire).
    void first.stop();

    const second = await outbox({ workerId: 'second' });
    const report = await second.drain({ waitForRetries: true, maxWaitMs: 8_000 });

    const counts = postsPerConversation();
    expect(counts.size).toBe(12);
    expect([...counts.values()].every((count) => count === 1)).toBe(true);
    expect(report.failed).toEqual([]);
  });

  it('returns once its last delivery is sent, without waiting for its own claims to expire', async () => {
    // Each send takes a while, so idle lanes find only deliveries their siblings are sending.
    const slow: Messenger = {
      ...bot.app.messenger,
      send: async (reference, message) => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        return bot.app.messenger.send(reference, message);
      },
    };
    const sender = await outbox({ messenger: slow, leaseMs: 60_000 });
    await sender.enqueue(channels(2));
    const started = Date.now();

    const report = await sender.drain({ waitForRetries: true, maxWaitMs: 120_000 });

    expect(report).toEqual({ sent: 2, failed: [] });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('never resends a post Teams accepted when the bookkeeping write fails once', async () => {
    const repository = await createOutboxRepository(bot.database.connection);
    let failures = 1;
    const flaky: typeof repository = {
      ...repository,
      markSent: async (...args) => {
        if (failures-- > 0) throw new Error('connection reset while writing');
        return repository.markSent(...args);
      },
    };
    const sender = new Outbox({
      repository: flaky,
      messenger: bot.app.messenger,
      clock: systemClock,
      log: silent,
    });
    await sender.enqueue(channels(1));

    await sender.drain({ waitForRetries: true, maxWaitMs: 2_000 });
    await sender.drain({ waitForRetries: true, maxWaitMs: 500 });

    expect(bot.connector.sentActivities()).toHaveLength(1);
    const [delivery] = await repository.deliveriesOf(`test:${batch}`);
    expect(delivery).toMatchObject({ state: 'sent', attempts: 0 });
  });

  it('keeps its claim while a slow multi-post delivery is in flight: no other sender takes it over', async () => {
    const slow: Messenger = {
      ...bot.app.messenger,
      send: async (reference, message) => {
        await new Promise((resolve) => setTimeout(resolve, 700));
        return bot.app.messenger.send(reference, message);
      },
    };
    const [delivery] = channels(1);
    const threePosts = { ...delivery, messages: [{ text: '1/3' }, { text: '2/3' }, { text: '3/3' }] };
    // Each post answers within the send timeout, but the three together outlast the lease. Wide
    // margins (renewals every 500 ms) so a loaded machine's stalls do not look like a dead sender.
    const first = await outbox({ messenger: slow, leaseMs: 1_500, sendTimeoutMs: 1_000, workerId: 'slow' });
    const second = await outbox({ workerId: 'eager' });
    await first.enqueue([threePosts]);

    const firstRun = first.drain();
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Long enough for the lease to have expired twice had it not been renewed.
    await second.drain({ waitForRetries: true, maxWaitMs: 3_500 });
    await firstRun;

    expect(bot.connector.sentActivities().map((activity) => activity.text)).toEqual(['1/3', '2/3', '3/3']);
  });

  it('stops claiming on shutdown and gives back what it was waiting to send', async () => {
    // One conversation: Teams allows 7 posts a second there, so most lanes wait their turn.
    const [delivery] = channels(1);
    const sameChannel = Array.from({ length: 20 }, (_, index) => ({
      ...delivery,
      messageKey: `${delivery.messageKey}:${index}`,
    }));
    const sender = await outbox();
    await sender.enqueue(sameChannel);

    const running = sender.drain();
    await waitFor(() => bot.connector.calls.length >= 7);
    await sender.stop();
    await running;

    const stored = await (
      await createOutboxRepository(bot.database.connection)
    ).deliveriesOf(`test:${batch}`);
    const states = stored.map((entry) => entry.state);
    expect(states).not.toContain('sending');
    expect(states.filter((state) => state === 'sent')).toHaveLength(bot.connector.sentActivities().length);
    expect(states.filter((state) => state === 'pending').length).toBeGreaterThan(0);
    expect(stored.every((entry) => entry.claimedBy === undefined)).toBe(true);
    // What was given back is sent by the next sender at once (no lease to wait for).
    await (await outbox()).drain({ waitForRetries: true, maxWaitMs: 10_000 });
    expect(bot.connector.sentActivities()).toHaveLength(20);
  });

  it('never sends the same delivery twice when two senders drain the same database', async () => {
    const a = await outbox({ workerId: 'a' });
    const b = await outbox({ workerId: 'b' });
    await a.enqueue(channels(40));

    const [reportA, reportB] = await Promise.all([a.drain(), b.drain()]);

    expect(reportA.sent + reportB.sent).toBe(40);
    const counts = postsPerConversation();
    expect(counts.size).toBe(40);
    expect([...counts.values()].every((count) => count === 1)).toBe(true);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let tries = 0; tries < 200 && !condition(); tries += 1)
    await new Promise((resolve) => setTimeout(resolve, 10));
}
