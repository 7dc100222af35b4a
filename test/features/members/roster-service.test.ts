import type { RosterAccount } from '../../../src/bot/messenger';
import {
  createRosterRepository,
  type RosterRepository,
} from '../../../src/features/members/roster-repository';
import {
  recordDepartures,
  recordInstallation,
  syncRoster,
  syncRostersNow,
  type RosterDependencies,
} from '../../../src/features/members/roster-service';
import { membersWorld } from './member-support';

describe('roster service', () => {
  let world: Awaited<ReturnType<typeof membersWorld>>;
  let roster: RosterRepository;
  let accounts: RosterAccount[];
  let rosterFails: boolean;
  let deps: RosterDependencies;
  const team = {
    conversationId: '19:team@thread.tacv2',
    serviceUrl: 'https://smba.example/',
    tenantId: 't1',
  };

  beforeAll(async () => {
    world = await membersWorld();
    roster = await createRosterRepository(world.database.connection);
    deps = {
      members: world.people.members,
      roster,
      messenger: {
        readRoster: async () => {
          if (rosterFails) throw new Error('Bot Connector unavailable');
          return accounts;
        },
      },
      clock: { now: () => world.now },
      log: world.log,
    };
  });
  afterAll(async () => world.database.close());
  beforeEach(() => {
    rosterFails = false;
    accounts = [];
  });

  const account = (n: number, name: string): RosterAccount => ({
    id: `29:roster-${n}`,
    aadObjectId: `00000000-0000-4000-e000-${String(n).padStart(12, '0')}`,
    name,
  });

  it('records the people of a roster, not its bots, and marks who is no longer listed', async () => {
    accounts = [account(1, 'Rose Roster'), account(2, 'Rémi Roster'), { id: '28:another-bot', name: 'Bot' }];
    const first = await syncRoster(deps, team);
    expect(first).toMatchObject({ created: 2, left: 0 });
    expect(first.memberIds).toHaveLength(2);

    accounts = [account(1, 'Rose Roster')];
    const second = await syncRoster(deps, team);
    expect(second).toMatchObject({ created: 0, left: 1 });
  });

  it('keeps the installation when its roster cannot be read yet', async () => {
    rosterFails = true;
    const installation = {
      ...team,
      conversationId: '19:later@thread.tacv2',
      kind: 'team' as const,
      installedAt: world.now,
    };
    await expect(recordInstallation(deps, installation)).resolves.toBeUndefined();
    expect((await roster.activeInstallations()).map((known) => known.conversationId)).toContain(
      '19:later@thread.tacv2',
    );
  });

  it('marks people removed from a team as having left, ignoring people the bot does not know', async () => {
    accounts = [account(3, 'Léon Partant')];
    await syncRoster(deps, team);
    const leaver = await world.people.members.findByIdentity({ teamsUserId: '29:roster-3' });
    await recordDepartures(deps, team.conversationId, [{ id: '29:roster-3' }, { id: '29:nobody' }]);
    expect(await roster.entriesOf(leaver!.id)).toEqual([
      { conversationId: team.conversationId, seenAt: world.now, leftAt: world.now },
    ]);
  });

  it('lets only coordinators re-read every roster now', async () => {
    const plain = await world.actorOf(await world.person('Pauline Simple'));
    await expect(syncRostersNow(deps, plain)).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    const counts = await syncRostersNow(deps, await world.coordinator('Carl Coordinateur'));
    expect(counts.conversations).toBeGreaterThan(0);
  });
});
