import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { connectDatabase, type Database } from '../../src/db/database';
import { createOutboxRepository, type OutboxRepository } from '../../src/delivery/repository';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/embedded-mongo';
import { createInfoFlashRepository } from '../../src/features/info-flash/repository';
import { createMembersRepository } from '../../src/people';
import { botAccount, tenantId } from '../support/activities';
import { startProcess, waitUntil, type RunningBot } from '../support/bot-process';
import { ConnectorStandIn, type ConnectorCall } from '../support/connector-stand-in';
import {
  installInNetworkTeam,
  networkCoordinator as coordinator,
  networkPeople,
  networkTeamId as teamId,
  outboxLanes as lanes,
  sendNetworkPoll,
} from '../support/network-poll';
import { cardOf, textsOf } from '../support/test-bot';

const people = networkPeople(200);
const channelIds = Array.from({ length: 120 }, (_, index) => `19:canal-${index}@thread.tacv2`);
const question = 'Qui vient à la plénière ?';
const itemTitle = 'La plénière de décembre';

/** How many times each conversation received the calls `matches` selects. */
function countPer(calls: ConnectorCall[], matches: (call: ConnectorCall) => boolean): Map<string, number> {
  const counts = new Map<string, number>();
  for (const call of calls.filter(matches))
    counts.set(call.conversationId!, (counts.get(call.conversationId!) ?? 0) + 1);
  return counts;
}

/** Most requests the stand-in received within any one second (Teams allows 50 per tenant). */
function busiestSecond(calls: ConnectorCall[]): number {
  const times = calls.map((call) => call.receivedAt).sort((a, b) => a - b);
  let most = 0;
  for (let first = 0, last = 0; last < times.length; last += 1) {
    while (times[last] - times[first] >= 1_000) first += 1;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

const posted = (call: ConnectorCall, text: string) =>
  call.method === 'POST' &&
  call.path.includes('/activities') &&
  textsOf(cardOf(call.body)).some((line) => line.includes(text));

/** `job started` lines of every process, as `<job> <slot>`. */
function jobStarts(outputs: string[]): string[] {
  return outputs.flatMap((output) =>
    output
      .split('\n')
      .filter((line) => line.includes('"msg":"job started"'))
      .map((line) => {
        const entry = JSON.parse(line) as { job: string; slot: string };
        return `${entry.job} ${entry.slot}`;
      }),
  );
}

/** Slots of the digest job one process ran and the other skipped because the slot was taken. */
function digestSlotsRunAndSkipped(outputs: string[]): string[] {
  const slotsWith = (message: string) =>
    new Set(
      outputs.flatMap((output) =>
        output
          .split('\n')
          .filter((line) => line.includes('"job":"info-flash.digest"') && line.includes(message))
          .map((line) => (JSON.parse(line) as { slot: string }).slot),
      ),
    );
  const skipped = slotsWith('"msg":"job slot run by another instance"');
  return [...slotsWith('"msg":"job started"')].filter((slot) => skipped.has(slot));
}

/**
 * Two bot processes on one database (an engine served by this test process, reached through
 * MONGODB_URI as a real MongoDB would be), each killed with SIGKILL in turn: the one running the
 * Info Flash digest in the middle of its channel fan-out, then the other in the middle of a poll's
 * fan-out to 200 people. Each is restarted; the survivors finish the work.
 */
describe('two instances on one database, killed and restarted in turn', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ix-two-instances-'));
  const log = pino({ level: 'silent' });
  let engine: EmbeddedMongo;
  let database: Database;
  let deliveries: OutboxRepository;
  let connector: ConnectorStandIn;
  const outputs: string[] = [];
  let env: Record<string, string>;
  /** Every process started, so that none outlives the test whatever fails (even a jest timeout). */
  const started: Array<Promise<RunningBot>> = [];

  beforeAll(async () => {
    engine = await startEmbeddedMongo({ dataDir });
    database = await connectDatabase({ uri: engine.uri }, log);
    deliveries = await createOutboxRepository(database.connection);
    connector = await new ConnectorStandIn().start();
    connector.setRoster(teamId, [coordinator, ...people]);
    env = {
      MONGODB_URI: engine.uri,
      SEED_DEMO_DATA: 'false',
      IX_COORDINATORS: coordinator.aadObjectId,
      // Every two seconds instead of Monday 9:00, so that both instances fire many slots in the test.
      INFO_FLASH_CRON: '*/2 * * * * *',
      // Short claims, so that a survivor takes over a dead process's sends within seconds; a send
      // times out after a third of it, which a loaded machine must not reach (a retry may repeat it).
      OUTBOX_LEASE_MS: '6000',
      // The skipped slots are logged at debug.
      LOG_LEVEL: 'debug',
    };
  }, 60_000);
  afterAll(async () => {
    for (const result of await Promise.allSettled(started)) {
      if (result.status === 'fulfilled' && result.value.child.exitCode === null)
        result.value.child.kill('SIGKILL');
    }
    await database.close();
    await engine.stop();
    await connector.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const start = async () => startProcess(dataDir, env);
  async function kill(bot: RunningBot): Promise<void> {
    bot.child.kill('SIGKILL');
    await bot.exited;
    outputs.push(bot.output());
  }
  async function stop(bot: RunningBot): Promise<void> {
    bot.child.kill('SIGTERM');
    await bot.exited;
    outputs.push(bot.output());
  }
  /** The conversations whose delivery a process held when it died: the only ones allowed a second post. */
  async function inFlight(): Promise<Set<string>> {
    const sending = await database.connection
      .collection('outbox_deliveries')
      .find({ state: 'sending' })
      .toArray();
    const members = await (
      await createMembersRepository(database.connection)
    ).findByIds(sending.map((delivery) => String(delivery.recipientMemberId ?? '')));
    return new Set(
      sending.map((delivery) => {
        const member = members.find((candidate) => candidate.id === delivery.recipientMemberId);
        return member?.teamsUserId
          ? ConnectorStandIn.personalConversationId(member.teamsUserId)
          : String(delivery.conversationId);
      }),
    );
  }

  it('runs each job slot once and delivers every digest and poll once, but for sends in flight at a kill', async () => {
    const infoFlash = await createInfoFlashRepository(database.connection);
    for (const conversationId of channelIds) {
      await infoFlash.subscribe({
        conversationId,
        teamId,
        name: conversationId.slice(3, 12),
        reference: {
          channelId: 'msteams',
          serviceUrl: connector.url,
          conversation: { id: conversationId, conversationType: 'channel', tenantId },
          bot: botAccount,
        },
        subscribedBy: 'test',
        subscribedAt: new Date(),
      });
    }
    const launch = () => {
      const bot = start();
      started.push(bot);
      // Marked as handled while the test waits on something else; awaiting it still throws.
      bot.catch(() => undefined);
      return bot;
    };
    try {
      const [first, second] = await Promise.all([launch(), launch()]);
      await installInNetworkTeam(first, connector);

      // The digest: the next slot both instances fire builds it in one of them, which is killed mid-way.
      await infoFlash.createItem(
        { title: itemTitle, text: 'Ordre du jour en pièce jointe.' },
        coordinator,
        'approved',
        new Date(),
      );
      const opened = (bot: RunningBot) => bot.output().includes('Info Flash digest opened');
      await waitUntil(() => opened(first) || opened(second), 90_000, 'the digest');
      const digestPosts = () => connector.calls.filter((call) => posted(call, itemTitle));
      await waitUntil(() => digestPosts().length >= 25, 90_000, 'digest posts');
      const [runner, survivor] = opened(first) ? [first, second] : [second, first];
      await kill(runner);
      const killedAt = Date.now();
      const digestInFlight = await inFlight();
      // The dead runner's hold on the digest job lapses within its lease (renewed only while alive).
      const lease = await database.connection
        .collection<{ _id: string; expiresAt: Date }>('job_leases')
        .findOne({ _id: 'info-flash.digest' });
      expect(lease).not.toBeNull();
      expect(lease!.expiresAt.getTime()).toBeLessThanOrEqual(killedAt + 60_000);
      expect(digestPosts().length).toBeLessThan(channelIds.length);
      // The survivor goes on alone while the runner restarts.
      const restarted = launch();
      await waitUntil(
        () => countPer(digestPosts(), () => true).size === channelIds.length,
        90_000,
        'every channel',
      );

      // The poll: sent through the survivor, which is killed in turn mid-way once the runner is back.
      expect(await sendNetworkPoll(survivor, connector, coordinator, question)).toMatch(
        /Sondage envoyé à 201 personne\(s\)/,
      );
      const pollPosts = () => connector.calls.filter((call) => posted(call, question));
      await waitUntil(() => pollPosts().length >= 40, 90_000, 'poll posts');
      await restarted;
      await kill(survivor);
      const pollInFlight = await inFlight();
      expect(pollPosts().length).toBeLessThan(people.length + 1);
      const back = launch();
      await waitUntil(() => countPer(pollPosts(), () => true).size === people.length + 1, 90_000, 'everyone');
      await waitUntil(
        async () => {
          const states = await deliveries.countByState('');
          return states.pending + states.sending === 0;
        },
        90_000,
        'the outbox',
      );
      await back;

      const digestDuplicates = [...countPer(digestPosts(), () => true)].filter(([, count]) => count > 1);
      const pollDuplicates = [...countPer(pollPosts(), () => true)].filter(([, count]) => count > 1);
      console.log(
        `two instances: digest to ${channelIds.length} channels, ${digestInFlight.size} in flight at the kill, ${digestDuplicates.length} posted twice; ` +
          `poll to ${people.length + 1} people, ${pollInFlight.size} in flight at the kill, ${pollDuplicates.length} posted twice; ` +
          `busiest second: ${busiestSecond(connector.calls)} requests to the Bot Connector`,
      );
      for (const [conversationId, count] of [...digestDuplicates, ...pollDuplicates]) {
        expect(count).toBe(2);
        expect([...digestInFlight, ...pollInFlight]).toContain(conversationId);
      }
      expect(digestDuplicates.length).toBeLessThanOrEqual(lanes);
      expect(pollDuplicates.length).toBeLessThanOrEqual(lanes);
      expect(await database.connection.collection('info_flash_digests').countDocuments()).toBe(1);
    } finally {
      const bots = await Promise.allSettled(started);
      await Promise.all(
        bots.map((bot) =>
          bot.status === 'fulfilled' && bot.value.child.exitCode === null && !bot.value.child.killed
            ? stop(bot.value)
            : undefined,
        ),
      );
    }

    const starts = jobStarts(outputs);
    const twice = starts.filter((start, index) => starts.indexOf(start) !== index);
    expect(twice).toEqual([]);
    expect(starts.filter((start) => start.startsWith('info-flash.digest ')).length).toBeGreaterThan(3);
    expect(digestSlotsRunAndSkipped(outputs).length).toBeGreaterThan(0);
  }, 300_000);
});
