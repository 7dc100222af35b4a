import pino from 'pino';
import type { Messenger } from '../../../src/bot/messenger';
import { systemClock } from '../../../src/clock';
import { Outbox } from '../../../src/delivery/outbox';
import { createOutboxRepository } from '../../../src/delivery/repository';
import { groupsFeature } from '../../../src/features/groups';
import { helpFeature } from '../../../src/features/help';
import { infoFlashFeature } from '../../../src/features/info-flash';
import { createInfoFlashDependencies } from '../../../src/features/info-flash/dependencies';
import {
  runInfoFlashDigest,
  type DigestRunDependencies,
  type DigestRunOptions,
} from '../../../src/features/info-flash/digest-run';
import {
  createInfoFlashRepository,
  type InfoFlashRepository,
} from '../../../src/features/info-flash/repository';
import { membersFeature } from '../../../src/features/members';
import { createPeople } from '../../../src/people';
import { createPersonDirectory } from '../../../src/people/reach';
import { createMembersRepository } from '../../../src/people/members-repository';
import { messageActivity } from '../../support/activities';
import { as, persona } from '../../support/personas';
import { cardOf, startTestBot, textsOf, type TestBot } from '../../support/test-bot';

const silent = pino({ level: 'silent' });
const waitAll: DigestRunOptions = { buildNew: true, drain: true, waitForRetries: true, maxWaitMs: 5_000 };

describe('Info Flash digest delivery', () => {
  let bot: TestBot;
  let infoFlash: InfoFlashRepository;
  let batch = 0;

  beforeAll(async () => {
    bot = await startTestBot({ features: [helpFeature, membersFeature, groupsFeature, infoFlashFeature] });
    infoFlash = await createInfoFlashRepository(bot.database.connection);
    // These tests drive their own senders: the app's background drainer must not take their deliveries.
    await bot.app.outbox.stop();
    // Nadia (coordinator) has talked to the bot: failure reports reach her 1:1 chat.
    await bot.post(messageActivity('aide', as('nadia', bot.connector.url)));
  });
  afterAll(async () => {
    await bot.stop();
  });
  beforeEach(async () => {
    batch += 1;
    bot.connector.reset();
    bot.connector.respondWith(undefined);
    // Each test starts with no subscribed channel and nothing left to publish.
    for (const channel of await infoFlash.activeChannels())
      await infoFlash.deactivate(channel.conversationId, 'unsubscribed', new Date());
    await runInfoFlashDigest(await dependencies(), { ...waitAll, buildNew: true });
    await subscribeChannels(1);
    await runInfoFlashDigest(await dependencies(), waitAll);
    for (const channel of await infoFlash.activeChannels())
      await infoFlash.deactivate(channel.conversationId, 'unsubscribed', new Date());
    bot.connector.reset();
  });

  async function dependencies(
    options: { messenger?: Messenger; workerId?: string; leaseMs?: number; sendTimeoutMs?: number } = {},
  ): Promise<DigestRunDependencies> {
    const outbox = new Outbox({
      repository: await createOutboxRepository(bot.database.connection),
      messenger: options.messenger ?? bot.app.messenger,
      clock: systemClock,
      log: silent,
      workerId: options.workerId,
      leaseMs: options.leaseMs,
      sendTimeoutMs: options.sendTimeoutMs,
    });
    outbox.usePeople(createPersonDirectory(await createMembersRepository(bot.database.connection)));
    return createInfoFlashDependencies({
      database: bot.database,
      outbox,
      clock: systemClock,
      log: silent,
      timeZone: 'Europe/Paris',
      people: await createPeople(bot.database.connection, []),
    });
  }

  const channelId = (index: number) => `19:info-flash-${batch}-${index}@thread.tacv2`;

  async function subscribeChannels(count: number): Promise<string[]> {
    const ids = Array.from({ length: count }, (_, index) => channelId(index));
    for (const id of ids) {
      await infoFlash.subscribe({
        conversationId: id,
        teamId: `team-${batch}`,
        name: id.slice(3, 20),
        reference: {
          channelId: 'msteams',
          serviceUrl: bot.connector.url,
          conversation: { id, conversationType: 'channel', tenantId: 'tenant-orleans' },
          bot: { id: '28:ix-bot', name: 'iX' },
        },
        subscribedBy: 'test',
        subscribedAt: new Date(),
      });
    }
    return ids;
  }

  async function approveItems(count: number, prefix = `Semaine ${batch}`): Promise<string[]> {
    const titles = Array.from({ length: count }, (_, index) => `${prefix} · info ${index + 1}`);
    for (const title of titles) {
      await infoFlash.createItem(
        { title, text: `Texte de « ${title} ».` },
        { id: 'author', name: 'A' },
        'approved',
        new Date(),
      );
    }
    return titles;
  }

  /** Posts (new messages) received per conversation, from the stand-in's record. */
  function postsPerChannel(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const call of bot.connector.calls) {
      if (
        call.method !== 'POST' ||
        !call.path.includes('/activities') ||
        !call.conversationId?.startsWith('19:')
      )
        continue;
      counts.set(call.conversationId, (counts.get(call.conversationId) ?? 0) + 1);
    }
    return counts;
  }

  it('posts one digest card to every subscribed channel, exactly once, with every approved item', async () => {
    const channels = await subscribeChannels(12);
    const titles = await approveItems(3);

    const outcome = await runInfoFlashDigest(await dependencies(), waitAll);

    expect(outcome).toMatchObject({
      kind: 'ran',
      built: { channels: 12, sent: 12, failed: 0, pending: 0, finished: true },
    });
    const counts = postsPerChannel();
    expect([...counts.keys()].sort()).toEqual([...channels].sort());
    expect([...counts.values()].every((count) => count === 1)).toBe(true);
    const card = cardOf(bot.connector.sentActivities().find((activity) => activity.attachments));
    expect(textsOf(card)).toEqual(expect.arrayContaining(['Info Flash', ...titles, "J'ai lu"]));
    // Posted to the channels themselves, not to a thread of theirs.
    expect(bot.connector.calls.every((call) => !call.conversationId?.includes(';messageid='))).toBe(true);
  });

  it('publishes each item once: the next run finds nothing and posts nothing', async () => {
    await subscribeChannels(3);
    await approveItems(2);
    const first = await runInfoFlashDigest(await dependencies(), waitAll);
    bot.connector.reset();

    const second = await runInfoFlashDigest(await dependencies(), waitAll);

    expect(first).toMatchObject({ built: { sent: 3 } });
    expect(second).toEqual({ kind: 'ran', resumed: [], nothingBecause: 'noItems' });
    expect(bot.connector.calls).toHaveLength(0);
    const digest = await infoFlash.findDigest((first as { built: { digestId: string } }).built.digestId);
    expect(digest?.items).toHaveLength(2);
    expect(await infoFlash.listPublishable()).toEqual([]);
  });

  it('posts nothing in a week without approved items', async () => {
    await subscribeChannels(4);

    const outcome = await runInfoFlashDigest(await dependencies(), waitAll);

    expect(outcome).toEqual({ kind: 'ran', resumed: [], nothingBecause: 'noItems' });
    expect(bot.connector.calls).toHaveLength(0);
  });

  it('honours Retry-After: no request to the Bot Connector before it has passed', async () => {
    await subscribeChannels(3);
    await approveItems(1);
    let throttledAt: number | undefined;
    bot.connector.respondWith((call) => {
      if (throttledAt !== undefined) return undefined;
      throttledAt = call.receivedAt;
      return { status: 429, headers: { 'Retry-After': '1' } };
    });

    const outcome = await runInfoFlashDigest(await dependencies(), waitAll);

    expect(outcome).toMatchObject({ built: { sent: 3, failed: 0 } });
    const retried = bot.connector.calls.filter(
      (call) => call.conversationId === bot.connector.calls[0].conversationId,
    );
    expect(retried).toHaveLength(2);
    expect(retried[1].receivedAt - retried[0].receivedAt).toBeGreaterThanOrEqual(1_000);
    expect([...postsPerChannel().values()].sort()).toEqual([1, 1, 2]);
  });

  it('records a 403 without retrying it, unsubscribes that channel and tells the coordinators', async () => {
    const [blocked, ...others] = await subscribeChannels(3);
    await approveItems(1);
    bot.connector.respondWith((call) =>
      call.conversationId === blocked
        ? { status: 403, body: { error: { code: 'BotNotInConversationRoster' } } }
        : undefined,
    );

    const run = await dependencies();
    const outcome = await runInfoFlashDigest(run, waitAll);
    // The report to the coordinators is queued once the digest is closed: one more drain sends it.
    await run.outbox.drain();

    expect(outcome).toMatchObject({ built: { channels: 3, sent: 2, failed: 1, finished: true } });
    expect(bot.connector.calls.filter((call) => call.conversationId === blocked)).toHaveLength(1);
    expect((await infoFlash.activeChannels()).map((channel) => channel.conversationId).sort()).toEqual(
      others.sort(),
    );
    const toNadia = bot.connector.calls.filter(
      (call) => call.conversationId === `a:personal-${persona('nadia').id}`,
    );
    expect(toNadia).toHaveLength(1);
    expect(String(toNadia[0].body.text)).toMatch(/n° \d+ : 1 canal\(aux\) n'ont pas pu le recevoir/);
  });

  it('finishes a digest whose sender was killed mid-way, without duplicates and without rebuilding it', async () => {
    const channels = await subscribeChannels(10);
    await approveItems(2);
    let sends = 0;
    // The first process "dies" on its 4th post: the request never returns, nothing is released.
    const dying: Messenger = {
      ...bot.app.messenger,
      send: (reference, message) => {
        sends += 1;
        return sends >= 4 ? new Promise(() => undefined) : bot.app.messenger.send(reference, message);
      },
    };
    const first = await dependencies({
      messenger: dying,
      workerId: 'killed',
      leaseMs: 2_000,
      sendTimeoutMs: 1_500,
    });
    const dead = runInfoFlashDigest(first, { ...waitAll, leaseTtlMs: 2_000 });
    await waitFor(() => sends >= 4);
    // Dead: it claims nothing more (its hung requests time out, as a killed process's leases expire).
    void first.outbox.stop();
    const [digest] = await infoFlash.unfinishedDigests();
    // Approved after the cutoff: must wait for the next digest.
    await approveItems(1, 'Trop tard');
    await first.outbox.stop();
    await dead;

    const restarted = await runInfoFlashDigest(await dependencies({ workerId: 'restarted' }), {
      buildNew: false,
      drain: true,
      waitForRetries: true,
      maxWaitMs: 5_000,
    });

    expect(restarted).toMatchObject({
      kind: 'ran',
      resumed: [{ digestId: digest.id, sent: 10, finished: true }],
    });
    const counts = postsPerChannel();
    expect([...counts.keys()].sort()).toEqual([...channels].sort());
    expect([...counts.values()].every((count) => count === 1)).toBe(true);
    const stored = await infoFlash.findDigest(digest.id);
    expect(stored).toMatchObject({ state: 'sent' });
    expect(stored?.items.map((item) => item.title)).toEqual([
      `Semaine ${batch} · info 1`,
      `Semaine ${batch} · info 2`,
    ]);
    expect((await infoFlash.listPublishable()).map((item) => item.title)).toEqual(['Trop tard · info 1']);
  });

  it('never sends one delivery twice when two instances run the digest on the same database', async () => {
    await subscribeChannels(20);
    await approveItems(2);
    const [a, b] = await Promise.all([dependencies({ workerId: 'a' }), dependencies({ workerId: 'b' })]);

    const outcomes = await Promise.all([runInfoFlashDigest(a, waitAll), runInfoFlashDigest(b, waitAll)]);
    // The instance that lost the lease still drains the shared outbox: claims keep it to what is left.
    await Promise.all([a.outbox.drain(), b.outbox.drain()]);

    expect(outcomes.map((outcome) => outcome.kind).sort()).toEqual(['busy', 'ran']);
    const counts = postsPerChannel();
    expect(counts.size).toBe(20);
    expect([...counts.values()].every((count) => count === 1)).toBe(true);
  });

  it('sends the digest of two outboxes draining together only once per channel', async () => {
    await subscribeChannels(20);
    await approveItems(1);
    const [a, b] = await Promise.all([dependencies({ workerId: 'a' }), dependencies({ workerId: 'b' })]);
    // A enqueues (build, no waiting); both drain at once.
    await runInfoFlashDigest(a, { buildNew: true, drain: false, waitForRetries: false, maxWaitMs: 0 });
    await Promise.all([a.outbox.drain(), b.outbox.drain()]);

    const counts = postsPerChannel();
    expect(counts.size).toBe(20);
    expect([...counts.values()].every((count) => count === 1)).toBe(true);
  });

  it('does not spend the approved items when no channel is subscribed', async () => {
    await approveItems(1);

    const outcome = await runInfoFlashDigest(await dependencies(), waitAll);

    expect(outcome).toEqual({ kind: 'ran', resumed: [], nothingBecause: 'noChannels' });
    expect(await infoFlash.listPublishable()).toHaveLength(1);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let tries = 0; tries < 300 && !condition(); tries += 1)
    await new Promise((resolve) => setTimeout(resolve, 10));
}
