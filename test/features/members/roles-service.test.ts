import {
  grantRole,
  revokeRole,
  searchRoles,
  showPersonRoles,
} from '../../../src/features/members/roles-service';
import { membersWorld } from './member-support';

describe('role administration', () => {
  let world: Awaited<ReturnType<typeof membersWorld>>;

  beforeAll(async () => {
    world = await membersWorld();
    await world.people.groups.seedGroup({
      slug: 'reunionite',
      title: 'La réunionite',
      theme: 'Réunions',
      order: 1,
      workstreams: [],
      createdAt: world.now,
    });
  });
  afterAll(async () => world.database.close());
  beforeEach(() => world.published.splice(0));

  it('makes a new lead a member of the group, publishing group:joined once', async () => {
    const coordinator = await world.coordinator('Camille Coordinatrice');
    const future = await world.person('Hélène Future');
    const change = {
      actor: coordinator,
      memberId: future.id,
      role: 'lead' as const,
      groupSlug: 'reunionite',
    };

    const first = await grantRole(world.deps, { ...change, now: world.now });
    const again = await grantRole(world.deps, { ...change, now: world.now });

    expect([first.granted, again.granted]).toEqual([true, false]);
    expect(first.person.grants).toEqual([expect.objectContaining({ role: 'lead', groupSlug: 'reunionite' })]);
    expect((await world.people.groups.groupsOf(future.id)).map((m) => m.groupSlug)).toEqual(['reunionite']);
    expect(world.published).toEqual([
      { name: 'group:joined', data: { groupSlug: 'reunionite', memberId: future.id, at: world.now } },
    ]);

    const revoked = await revokeRole(world.deps, change);
    expect(revoked.grants).toEqual([]);
  });

  it('asks for an existing group for group roles and refuses one for network roles', async () => {
    const coordinator = await world.coordinator('Chloé Coordinatrice');
    const target = await world.person('Théo Cible');
    const grant = (role: 'lead' | 'steering', groupSlug?: string) =>
      grantRole(world.deps, { actor: coordinator, memberId: target.id, role, groupSlug, now: world.now });

    await expect(grant('lead')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(grant('lead', 'nulle-part')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(grant('steering', 'reunionite')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(await world.people.members.grantsOf(target.id)).toEqual([]);
  });

  it('refuses every role action to someone who is not a coordinator', async () => {
    const plain = await world.actorOf(await world.person('Pierre Ordinaire'));
    const target = await world.person('Tom Visé');
    const change = { actor: plain, memberId: target.id, role: 'steering' as const };
    await expect(grantRole(world.deps, { ...change, now: world.now })).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
    });
    await expect(revokeRole(world.deps, change)).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    await expect(showPersonRoles(world.deps, plain, target.id)).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
    });
    await expect(searchRoles(world.deps, plain, '')).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    expect(await world.people.members.grantsOf(target.id)).toEqual([]);
  });

  it('finds people by name without accents or case, and says when several or nobody match', async () => {
    const coordinator = await world.coordinator('Clément Coordinateur');
    await world.person('Amélie Dupré');
    await world.person('Amélie Durand');

    expect(await searchRoles(world.deps, coordinator, 'personne-de-ce-nom')).toEqual({ kind: 'noPerson' });
    expect(await searchRoles(world.deps, coordinator, 'amelie dupre')).toMatchObject({
      kind: 'person',
      person: { member: { displayName: 'Amélie Dupré' } },
    });
    const several = await searchRoles(world.deps, coordinator, 'AMELIE');
    expect(several.kind === 'choose' && several.people.map((member) => member.displayName).sort()).toEqual([
      'Amélie Dupré',
      'Amélie Durand',
    ]);
  });

  it('lists who holds each role, group by group, leaving out roles nobody holds', async () => {
    const coordinator = await world.coordinator('Cécile Coordinatrice');
    const lead = await world.person('Louis Lead');
    await grantRole(world.deps, {
      actor: coordinator,
      memberId: lead.id,
      role: 'lead',
      groupSlug: 'reunionite',
      now: world.now,
    });
    const search = await searchRoles(world.deps, coordinator, '  ');
    if (search.kind !== 'overview') throw new Error(`expected the overview, got ${search.kind}`);
    expect(search.holders).toContainEqual({
      role: 'lead',
      groupTitle: 'La réunionite',
      names: ['Louis Lead'],
    });
    expect(search.holders.find((holder) => holder.role === 'coordinator')?.names).toContain(
      'Cécile Coordinatrice',
    );
    expect(search.holders.map((holder) => holder.role)).not.toContain('hrReferent');
  });
});
