import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startProcess, waitUntil } from '../support/bot-process';
import { ConnectorStandIn } from '../support/connector-stand-in';
import {
  installInNetworkTeam,
  networkCoordinator as coordinator,
  networkPeople,
  networkTeamId as teamId,
  outboxLanes as lanes,
  sendNetworkPoll,
} from '../support/network-poll';
import { cardOf, textsOf } from '../support/test-bot';

const people = networkPeople(350);

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

  const pollPosts = () =>
    connector.calls.filter(
      (call) =>
        call.method === 'POST' &&
        call.conversationId?.startsWith('a:1on1-29:cadre-') &&
        textsOf(cardOf(call.body)).includes('Tous au séminaire ?'),
    );

  it('gets the poll to every person once, but for the sends in flight at the kill', async () => {
    const first = await startProcess(dataDir, env);
    try {
      await installInNetworkTeam(first, connector);
      expect(await sendNetworkPoll(first, connector, coordinator, 'Tous au séminaire ?')).toMatch(
        /Sondage envoyé à 351 personne\(s\)/,
      );
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
