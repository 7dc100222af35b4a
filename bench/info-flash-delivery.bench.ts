/**
 * One Info Flash digest to 1,000 channels, then one message to 350 people in private (their 1:1
 * chats opened on the way, as for people who never wrote to the bot), through the Bot Connector
 * stand-in, which enforces Teams' limits (per tenant 50 requests/s, conversation openings
 * included; per conversation 7/s, 8/2 s, 60/30 s) by answering 429 with Retry-After when a request
 * would exceed them (npm run bench:delivery). Prints the achieved rate as a fraction of the
 * permitted 50/s, the 429s received, and lost and duplicated deliveries.
 */
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { systemClock } from '../src/clock';
import { Outbox } from '../src/delivery/outbox';
import { createOutboxRepository } from '../src/delivery/repository';
import { perConversationLimits, perTenantLimits, SlidingWindowLimiter } from '../src/delivery/rate-limiter';
import { groupsFeature } from '../src/features/groups';
import { helpFeature } from '../src/features/help';
import { infoFlashFeature } from '../src/features/info-flash';
import { createInfoFlashDependencies } from '../src/features/info-flash/dependencies';
import { runInfoFlashDigest } from '../src/features/info-flash/digest-run';
import { createInfoFlashRepository } from '../src/features/info-flash/repository';
import { membersFeature } from '../src/features/members';
import { createPeople } from '../src/people';
import { createPersonDirectory, deliverToPeople } from '../src/people/reach';
import { createMembersRepository } from '../src/people/members-repository';
import { startTestBot } from '../test/support/test-bot';

const channelCount = 1_000;
const personCount = 350;
const permittedPerSecond = perTenantLimits[0].limit;

async function main(): Promise<void> {
  await benchDigest();
  await benchPersonalFanOut();
}

async function benchDigest(): Promise<void> {
  const bot = await startTestBot({
    env: { SEED_DEMO_DATA: 'false' },
    features: [helpFeature, membersFeature, groupsFeature, infoFlashFeature],
  });
  try {
    // The stand-in plays Teams: a request over a limit is refused with 429 and Retry-After.
    const tenant = new SlidingWindowLimiter(perTenantLimits);
    const conversations = new SlidingWindowLimiter(perConversationLimits);
    let throttled = 0;
    const accepted = new Map<string, number>();
    let lastAcceptedAt = 0;
    // This bench drives its own sender: the app's background drainer stays out of the way.
    await bot.app.outbox.stop();
    bot.connector.respondWith((call) => {
      if (call.method !== 'POST' || !call.conversationId?.startsWith('19:')) return undefined;
      const now = call.receivedAt;
      const wait = Math.max(tenant.delayFor('tenant', now), conversations.delayFor(call.conversationId, now));
      if (wait > 0) {
        throttled += 1;
        return { status: 429, headers: { 'Retry-After': String(Math.max(1, Math.ceil(wait / 1000))) } };
      }
      tenant.record('tenant', now);
      conversations.record(call.conversationId, now);
      accepted.set(call.conversationId, (accepted.get(call.conversationId) ?? 0) + 1);
      lastAcceptedAt = Math.max(lastAcceptedAt, performance.timeOrigin + performance.now());
      return undefined;
    });

    const infoFlash = await createInfoFlashRepository(bot.database.connection);
    for (let index = 0; index < channelCount; index += 1) {
      const id = `19:bench-${index}@thread.tacv2`;
      await infoFlash.subscribe({
        conversationId: id,
        reference: {
          channelId: 'msteams',
          serviceUrl: bot.connector.url,
          conversation: { id, conversationType: 'channel' },
          bot: { id: '28:ix-bot', name: 'iX' },
        },
        subscribedBy: 'bench',
        subscribedAt: new Date(),
      });
    }
    for (let index = 1; index <= 8; index += 1) {
      await infoFlash.createItem(
        { title: `Nouvelle ${index}`, text: 'Une nouvelle du réseau iX, en quelques lignes. '.repeat(8) },
        { id: 'bench', name: 'Bench' },
        'approved',
        new Date(),
      );
    }
    const log = pino({ level: 'silent' });
    const outbox = new Outbox({
      repository: await createOutboxRepository(bot.database.connection),
      messenger: bot.app.messenger,
      clock: systemClock,
      log,
    });
    const dependencies = await createInfoFlashDependencies({
      database: bot.database,
      outbox,
      clock: systemClock,
      log,
      timeZone: 'Europe/Paris',
      people: await createPeople(bot.database.connection, []),
    });

    const started = performance.timeOrigin + performance.now();
    // What "info flash publier" waits for: the digest built and 1,000 deliveries queued, no send.
    await runInfoFlashDigest(dependencies, {
      buildNew: true,
      drain: false,
      waitForRetries: false,
      maxWaitMs: 0,
    });
    const queuedSeconds = (performance.timeOrigin + performance.now() - started) / 1000;
    // Then what the background drainer and the catch-up job do.
    await outbox.drain({ waitForRetries: true, maxWaitMs: 120_000 });
    const outcome = await runInfoFlashDigest(dependencies, {
      buildNew: false,
      drain: true,
      waitForRetries: true,
      maxWaitMs: 120_000,
    });
    const seconds = (performance.timeOrigin + performance.now() - started) / 1000;

    const built = outcome.kind === 'ran' ? outcome.resumed[0] : undefined;
    const parts = (built && (await infoFlash.findDigest(built.digestId))?.parts.length) || 1;
    const channels = [...Array(channelCount).keys()].map((index) => `19:bench-${index}@thread.tacv2`);
    const lost = channels.filter((id) => (accepted.get(id) ?? 0) < parts).length;
    const duplicated = channels.filter((id) => (accepted.get(id) ?? 0) > parts).length;
    const acceptedRequests = [...accepted.values()].reduce((total, count) => total + count, 0);
    const sendingSeconds = (lastAcceptedAt - started) / 1000;
    const rate = acceptedRequests / sendingSeconds;

    console.log(`Info Flash digest to ${channelCount} channels (${parts} post(s) each)`);
    console.log(
      `  run time                ${seconds.toFixed(1)} s (last post accepted after ${sendingSeconds.toFixed(1)} s)`,
    );
    console.log(
      `  publish turn (queued)   ${(queuedSeconds * 1000).toFixed(0)} ms (build + 1,000 deliveries queued)`,
    );
    console.log(`  posts accepted          ${acceptedRequests}`);
    console.log(`  429 answers             ${throttled}`);
    console.log(
      `  achieved rate           ${rate.toFixed(1)} req/s = ${((rate / permittedPerSecond) * 100).toFixed(1)} % of the permitted ${permittedPerSecond}/s`,
    );
    console.log(`  lost channels           ${lost}`);
    console.log(`  duplicated channels     ${duplicated}`);
    console.log(`  outcome                 ${JSON.stringify(built ?? outcome)}`);
  } finally {
    await bot.stop();
  }
}

/**
 * 350 people who never wrote to the bot: each delivery opens the person's 1:1 chat (one request)
 * and posts (a second one), so Teams' 50 requests/s per tenant allow it in 14 s at best. A second
 * message to the same people reuses the stored chats: 350 requests, 7 s at best.
 */
async function benchPersonalFanOut(): Promise<void> {
  const bot = await startTestBot({
    env: { SEED_DEMO_DATA: 'false' },
    features: [helpFeature, membersFeature],
  });
  try {
    await bot.app.outbox.stop();
    const tenant = new SlidingWindowLimiter(perTenantLimits);
    const conversations = new SlidingWindowLimiter(perConversationLimits);
    const counters = { throttled: 0, requests: 0, lastAcceptedAt: 0 };
    const posts = new Map<string, number>();
    bot.connector.respondWith((call) => {
      if (call.method !== 'POST') return undefined;
      const opening = call.path === '/v3/conversations';
      const now = call.receivedAt;
      const conversationWait = opening ? 0 : conversations.delayFor(call.conversationId ?? '', now);
      const wait = Math.max(tenant.delayFor('tenant', now), conversationWait);
      if (wait > 0) {
        counters.throttled += 1;
        return { status: 429, headers: { 'Retry-After': String(Math.max(1, Math.ceil(wait / 1000))) } };
      }
      tenant.record('tenant', now);
      counters.requests += 1;
      counters.lastAcceptedAt = performance.timeOrigin + performance.now();
      if (!opening) {
        conversations.record(call.conversationId ?? '', now);
        posts.set(call.conversationId ?? '', (posts.get(call.conversationId ?? '') ?? 0) + 1);
      }
      return undefined;
    });
    const members = await createMembersRepository(bot.database.connection);
    const people = Array.from({ length: personCount }, (_, index) => ({
      teamsUserId: `29:bench-${index}`,
      aadObjectId: `aad-bench-${index}`,
      displayName: `Cadre ${index}`,
    }));
    await members.recordRoster(people, {
      serviceUrl: bot.connector.url,
      tenantId: 'tenant-orleans',
      now: new Date(),
    });
    const outbox = new Outbox({
      repository: await createOutboxRepository(bot.database.connection),
      messenger: bot.app.messenger,
      clock: systemClock,
      log: pino({ level: 'silent' }),
    });
    outbox.usePeople(createPersonDirectory(members));

    for (const round of ['chats opened on the way', 'chats already stored']) {
      counters.throttled = 0;
      counters.requests = 0;
      posts.clear();
      const audience = await members.listAll();
      await deliverToPeople(outbox, audience, () => ({ text: `Bonjour ! (${round})` }), {
        batchKey: `bench:${round}`,
        messageKey: `bench:${round}`,
      });
      const started = performance.timeOrigin + performance.now();
      const report = await outbox.drain({ waitForRetries: true, maxWaitMs: 120_000 });
      const seconds = (performance.timeOrigin + performance.now() - started) / 1000;
      const sendingSeconds = (counters.lastAcceptedAt - started) / 1000;
      const bestSeconds = counters.requests / permittedPerSecond;
      const duplicated = [...posts.values()].filter((count) => count > 1).length;
      console.log(`1:1 message to ${personCount} people, ${round}`);
      console.log(
        `  run time                ${seconds.toFixed(1)} s (last request accepted after ${sendingSeconds.toFixed(1)} s)`,
      );
      console.log(
        `  requests accepted       ${counters.requests} (Teams allows them in ${bestSeconds.toFixed(1)} s at best)`,
      );
      console.log(`  429 answers             ${counters.throttled}`);
      console.log(
        `  achieved rate           ${(counters.requests / sendingSeconds).toFixed(1)} req/s = ${((bestSeconds / sendingSeconds) * 100).toFixed(1)} % of the permitted ${permittedPerSecond}/s`,
      );
      console.log(
        `  people reached          ${posts.size} (sent ${report.sent}, failed ${report.failed.length})`,
      );
      console.log(`  duplicated people       ${duplicated}`);
    }
  } finally {
    await bot.stop();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
