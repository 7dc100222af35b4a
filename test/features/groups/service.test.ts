import pino from 'pino';
import type { DomainEvents } from '../../../src/bot/router';
import { connectDatabase, type Database } from '../../../src/db/database';
import type { NewDelivery } from '../../../src/delivery/repository';
import {
  groupForMembersList,
  groupsBoard,
  joinGroup,
  leaveGroup,
  membersOfGroup,
  type GroupsDependencies,
} from '../../../src/features/groups/service';
import { createPeople, type MemberRecord, type People } from '../../../src/people';

type Published = { name: keyof DomainEvents; data: unknown };

describe('groups service', () => {
  let database: Database;
  let people: People;
  let sent: NewDelivery[];
  let published: Published[];
  let deps: GroupsDependencies;
  let counter = 0;
  const now = new Date('2026-11-27T09:00:00Z');

  /** A person the bot met in Teams (so reachable in 1:1), with their roles. */
  async function person(
    name: string,
    grants: Array<{ role: 'lead' | 'coordinator'; groupSlug?: string }> = [],
  ) {
    counter += 1;
    const { member } = await people.members.recordSighting({
      aadObjectId: `00000000-0000-4000-a000-${String(counter).padStart(12, '0')}`,
      teamsUserId: `29:groups-${counter}`,
      displayName: name,
      serviceUrl: 'https://smba.example/',
      now,
    });
    for (const grant of grants) await people.members.grantRole({ memberId: member.id, ...grant, now });
    for (const grant of grants)
      if (grant.groupSlug) await people.groups.join(grant.groupSlug, member.id, now);
    return member;
  }

  const actorOf = async (member: MemberRecord) =>
    people.loadActor(
      { id: member.teamsUserId ?? '', aadObjectId: member.aadObjectId, name: member.displayName },
      now,
    );
  const recipients = () => sent.map((delivery) => delivery.recipientMemberId).sort();
  const texts = () => sent.map((delivery) => JSON.stringify(delivery.messages));

  beforeAll(async () => {
    database = await connectDatabase({ embedded: {} }, pino({ level: 'silent' }));
    people = await createPeople(database.connection, []);
    for (const [order, slug] of ['bon-accueil', 'reunionite'].entries()) {
      await people.groups.seedGroup({
        slug,
        title: `Groupe ${slug}`,
        theme: 'Thème',
        order,
        workstreams: [],
        createdAt: now,
      });
    }
  });
  afterAll(async () => database.close());

  beforeEach(() => {
    sent = [];
    published = [];
    deps = {
      members: people.members,
      groups: people.groups,
      outbox: {
        enqueue: async (deliveries) => {
          sent.push(...deliveries);
          return deliveries.length;
        },
      },
      publish: async (name, data) => {
        published.push({ name, data });
      },
      configuredCoordinators: [],
      log: pino({ level: 'silent' }),
    };
  });

  it('joins once, tells the leads and publishes group:joined only for the real join', async () => {
    const lead = await person('Léa Lead', [{ role: 'lead', groupSlug: 'bon-accueil' }]);
    const newcomer = await person('Nora Nouvelle');
    const actor = await actorOf(newcomer);

    const first = await joinGroup(deps, { actor, groupSlug: 'bon-accueil', now });
    const second = await joinGroup(deps, { actor, groupSlug: 'bon-accueil', now });

    expect([first.kind, second.kind]).toEqual(['joined', 'alreadyMember']);
    expect(recipients()).toEqual([lead.id]);
    expect(texts()[0]).toContain('Nora Nouvelle');
    expect(published).toEqual([
      { name: 'group:joined', data: { groupSlug: 'bon-accueil', memberId: newcomer.id, at: now } },
    ]);
  });

  it('refuses an unknown group with a not-found error and changes nothing', async () => {
    const actor = await actorOf(await person('Ugo Inconnu'));
    await expect(joinGroup(deps, { actor, groupSlug: 'nulle-part', now })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(sent).toEqual([]);
    expect(published).toEqual([]);
  });

  it('asks the sole lead to confirm, then revokes the role, tells the coordinators and publishes group:left', async () => {
    const coordinator = await person('Camille Coordinatrice', [{ role: 'coordinator' }]);
    const lead = await person('Simon Seul', [{ role: 'lead', groupSlug: 'reunionite' }]);
    const actor = await actorOf(lead);

    const unconfirmed = await leaveGroup(deps, {
      actor,
      groupSlug: 'reunionite',
      confirmSoleLead: false,
      now,
    });
    expect(unconfirmed.kind).toBe('confirmSoleLead');
    expect((await people.groups.groupsOf(lead.id)).map((m) => m.groupSlug)).toEqual(['reunionite']);
    expect(sent).toEqual([]);

    const confirmed = await leaveGroup(deps, { actor, groupSlug: 'reunionite', confirmSoleLead: true, now });
    expect(confirmed.kind).toBe('left');
    expect(await people.members.grantsFor('lead', 'reunionite')).toEqual([]);
    expect(recipients()).toEqual([coordinator.id]);
    expect(published).toEqual([
      { name: 'group:left', data: { groupSlug: 'reunionite', memberId: lead.id, at: now } },
    ]);
  });

  it('lets a lead with a co-lead leave without confirmation, telling the co-lead', async () => {
    const first = await person('Paul Premier', [{ role: 'lead', groupSlug: 'bon-accueil' }]);
    const colead = await person('Claire Seconde', [{ role: 'lead', groupSlug: 'bon-accueil' }]);
    const outcome = await leaveGroup(deps, {
      actor: await actorOf(first),
      groupSlug: 'bon-accueil',
      confirmSoleLead: false,
      now,
    });
    expect(outcome.kind).toBe('left');
    expect(recipients()).toContain(colead.id);
    expect(recipients()).not.toContain(first.id);
  });

  it('says "not a member" and publishes nothing when the person was not in the group', async () => {
    const actor = await actorOf(await person('Olivier Dehors'));
    const outcome = await leaveGroup(deps, { actor, groupSlug: 'reunionite', confirmSoleLead: false, now });
    expect(outcome.kind).toBe('notMember');
    expect(published).toEqual([]);
  });

  it('shows each group with its count, its leads and whether I belong to it', async () => {
    const member = await person('Marie Membre');
    await people.groups.join('reunionite', member.id, now);
    const board = await groupsBoard(deps, {
      memberId: member.id,
      teamsUserId: member.teamsUserId ?? '',
      shared: false,
    });
    const reunionite = board.groups.find((group) => group.slug === 'reunionite')!;
    expect(reunionite.isMember).toBe(true);
    expect(reunionite.memberCount).toBe((await people.groups.membersOf('reunionite')).length);
    expect(board.groups.find((group) => group.slug === 'bon-accueil')!.isMember).toBe(false);
    expect(board.refreshUserIds).toEqual([]);
  });

  it("lists a group only for its leads and coordinators, and picks a lone lead's own group", async () => {
    const lead = await person('Lucie Liste', [{ role: 'lead', groupSlug: 'bon-accueil' }]);
    const plain = await person('Pierre Simple');
    const leadActor = await actorOf(lead);

    expect(await groupForMembersList(deps, leadActor, '')).toMatchObject({
      kind: 'found',
      group: { slug: 'bon-accueil' },
    });
    const { rows } = await membersOfGroup(deps, leadActor, 'bon-accueil');
    expect(rows.map((row) => row.member.displayName)).toContain('Lucie Liste');
    await expect(membersOfGroup(deps, await actorOf(plain), 'bon-accueil')).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
    });
  });
});
