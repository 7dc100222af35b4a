import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  botAccount,
  executeActivity,
  membersAddedActivity,
  messageActivity,
  tenantId,
} from '../support/activities';
import { startProcess, type RunningBot } from '../support/bot-process';
import { ConnectorStandIn, type RosterAccount } from '../support/connector-stand-in';
import { cardOf, textsOf } from '../support/test-bot';
import { actionsOf, inputsOf } from '../features/polls/poll-support';

const teamId = '19:reseau-ix@thread.tacv2';
const coordinator = {
  id: '29:coordination',
  name: 'Coordination iX',
  aadObjectId: '00000000-0000-4000-8000-00000000c00d',
};
const people: RosterAccount[] = Array.from({ length: 350 }, (_, index) => ({
  id: `29:cadre-${index}`,
  aadObjectId: `aad-cadre-${index}`,
  name: `Cadre ${index}`,
  tenantId,
}));
/** Sends the lanes had in flight when the process died: the one documented duplicate window. */
const lanes = 8;

async function post(bot: RunningBot, activity: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`http://127.0.0.1:${bot.port}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('Timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('a 350-person fan-out killed mid-way (kill -9) and restarted', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ix-fan-out-'));
  let connector: ConnectorStandIn;
  const env = {
    SEED_DEMO_DATA: 'false',
    IX_COORDINATORS: coordinator.aadObjectId,
    // Short leases so the restarted process takes over the dead one's claims within seconds.
    OUTBOX_LEASE_MS: '3000',
    LOG_LEVEL: 'info',
  };

  beforeAll(async () => {
    connector = await new ConnectorStandIn().start();
    connector.setRoster(teamId, [coordinator, ...people]);
  });
  afterAll(async () => {
    await connector.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const personal = {
    serviceUrl: '',
    from: coordinator,
    conversation: { id: 'a:personal-coordination', conversationType: 'personal' as const, tenantId },
  };
  const pollPosts = () =>
    connector.calls.filter(
      (call) =>
        call.method === 'POST' &&
        call.conversationId?.startsWith('a:1on1-29:cadre-') &&
        textsOf(cardOf(call.body)).includes('Tous au séminaire ?'),
    );

  /** The coordinator polls the whole network through the real endpoint: form, preview, send. */
  async function sendNetworkPoll(bot: RunningBot): Promise<void> {
    const options = { ...personal, serviceUrl: connector.url };
    await post(bot, messageActivity('sondage', options));
    const form = connector.calls
      .map((call) => cardOf(call.body))
      .find((card) => card && actionsOf(card).some((action) => action.verb === 'poll.preview'));
    const preview = await post(
      bot,
      executeActivity(
        'poll.preview',
        { ...inputsOf(form), group: '*', question: 'Tous au séminaire ?', options: 'Oui\nNon' },
        options,
      ),
    );
    const card = (preview.body as { value: unknown }).value;
    const pollId = actionsOf(card).find((action) => action.verb === 'poll.send')?.data?.pollId;
    const sent = await post(bot, executeActivity('poll.send', { pollId }, options));
    expect(textsOf((sent.body as { value: unknown }).value).join(' ')).toMatch(
      /Sondage envoyé à 351 personne\(s\)/,
    );
  }

  it('gets the poll to every person once, but for the sends in flight at the kill', async () => {
    const first = await startProcess(dataDir, env);
    try {
      await post(
        first,
        membersAddedActivity([botAccount], {
          serviceUrl: connector.url,
          from: coordinator,
          conversation: { id: teamId, conversationType: 'channel', tenantId },
          channelData: { tenant: { id: tenantId }, team: { id: teamId } },
        }),
      );
      await sendNetworkPoll(first);
      await waitUntil(() => pollPosts().length >= 100, 60_000);
    } finally {
      first.child.kill('SIGKILL');
    }
    await first.exited;
    const atKill = pollPosts().length;
    expect(atKill).toBeLessThan(350);

    const restarted = await startProcess(dataDir, env);
    try {
      const reached = () => new Set(pollPosts().map((call) => call.conversationId)).size;
      await waitUntil(() => reached() === 350, 60_000);
      // Let anything still queued show itself before counting duplicates.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
    } finally {
      restarted.child.kill('SIGTERM');
      await restarted.exited;
    }

    const perPerson = new Map<string, number>();
    for (const call of pollPosts())
      perPerson.set(call.conversationId!, (perPerson.get(call.conversationId!) ?? 0) + 1);
    expect(perPerson.size).toBe(350);
    const duplicates = [...perPerson.values()].reduce((sum, count) => sum + count - 1, 0);
    expect(duplicates).toBeLessThanOrEqual(lanes);
  }, 150_000);
});
