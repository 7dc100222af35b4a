import {
  addOrganisation,
  organisationsView,
  profileOf,
  recordSighting,
  saveProfile,
} from '../../../src/features/members/service';
import { membersWorld } from './member-support';

describe('members service', () => {
  let world: Awaited<ReturnType<typeof membersWorld>>;

  beforeAll(async () => {
    world = await membersWorld();
    await world.people.members.addOrganisation('Ville', world.now);
  });
  afterAll(async () => world.database.close());
  beforeEach(() => world.published.splice(0));

  const complete = {
    organisation: 'Ville',
    direction: 'Direction des ressources humaines',
    site: 'Hôtel de ville',
    trade: 'Responsable RH',
    startDate: '2026-11-02',
  };

  it('publishes member:profileCompleted on the save that completes the profile, and only then', async () => {
    const member = await world.person('Inès Incomplète');
    const { now, deps } = world;

    const partial = await saveProfile(deps, {
      actor: await world.actorOf(member),
      form: { organisation: 'Ville' },
      now,
    });
    expect(partial.actor.member.profile).toEqual({ organisation: 'Ville' });
    expect(world.published).toEqual([]);

    const completed = await saveProfile(deps, { actor: await world.actorOf(member), form: complete, now });
    expect(completed.actor.member.profile).toEqual(complete);
    expect(world.published).toEqual([
      { name: 'member:profileCompleted', data: { member: completed.actor.member, at: now } },
    ]);

    await saveProfile(deps, {
      actor: await world.actorOf(member),
      form: { ...complete, site: 'Mairie' },
      now,
    });
    expect(world.published).toHaveLength(1);
  });

  it('refuses an organisation that is not on the list and saves nothing', async () => {
    const member = await world.person('Omar Organisation');
    const actor = await world.actorOf(member);
    await expect(
      saveProfile(world.deps, { actor, form: { ...complete, organisation: 'Ailleurs' }, now: world.now }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect((await world.people.members.findById(member.id))?.profile).toEqual({});
    expect(world.published).toEqual([]);
  });

  it("lists my groups and group roles by the groups' titles", async () => {
    const { people, now } = world;
    await people.groups.seedGroup({
      slug: 'bon-accueil',
      title: 'Bon accueil',
      theme: 'Accueil',
      order: 1,
      workstreams: [],
      createdAt: now,
    });
    const member = await world.person('Léo Lead');
    await people.groups.join('bon-accueil', member.id, now);
    await people.members.grantRole({ memberId: member.id, role: 'lead', groupSlug: 'bon-accueil', now });
    const view = await profileOf(world.deps, await world.actorOf(member));
    expect(view.groupTitles).toEqual(['Bon accueil']);
    expect(view.roles).toEqual([{ role: 'lead', groupTitle: 'Bon accueil' }]);
    expect(view.organisations).toContain('Ville');
  });

  it('lets coordinators add an organisation once, and nobody else', async () => {
    const coordinator = await world.coordinator('Camille Coordinatrice');
    const first = await addOrganisation(world.deps, { actor: coordinator, name: 'CCAS', now: world.now });
    const again = await addOrganisation(world.deps, { actor: coordinator, name: 'CCAS', now: world.now });
    expect([first.added, again.added]).toEqual([true, false]);
    expect(again.view).toEqual({ organisations: expect.arrayContaining(['CCAS', 'Ville']), canManage: true });

    const plain = await world.actorOf(await world.person('Paul Simple'));
    await expect(
      addOrganisation(world.deps, { actor: plain, name: 'Agglo', now: world.now }),
    ).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    expect((await organisationsView(world.deps, plain)).organisations).not.toContain('Agglo');
  });

  it('asks Teams for the email of a newcomer on first contact only', async () => {
    let asked = 0;
    const fetchProfile = async () => {
      asked += 1;
      return { email: 'nina.neuve@ix.example', userPrincipalName: 'nina.neuve@ix.example' };
    };
    const sighting = {
      aadObjectId: '00000000-0000-4000-d000-000000000001',
      teamsUserId: '29:nina',
      displayName: 'Nina Neuve',
      now: world.now,
    };
    await recordSighting(world.deps, sighting, fetchProfile);
    await recordSighting(world.deps, sighting, fetchProfile);
    expect(asked).toBe(1);
    const member = await world.people.members.findByIdentity({ aadObjectId: sighting.aadObjectId });
    expect(member?.email).toBe('nina.neuve@ix.example');
  });
});
