import pino from 'pino';
import { connectDatabase, type Database } from '../../../src/db/database';
import { createMissionSheetsRepository } from '../../../src/features/mission-sheets/repository';
import {
  historyFor,
  lookUpSheet,
  saveSheetForm,
  sheetFor,
  sheetToEdit,
  type MissionSheetDependencies,
} from '../../../src/features/mission-sheets/service';
import {
  actorFrom,
  createActorLoader,
  createGroupsRepository,
  createMembersRepository,
  type Actor,
  type RoleGrant,
} from '../../../src/people';

const now = new Date('2026-11-29T10:00:00Z');
const silent = pino({ level: 'silent' });

describe('mission sheets service', () => {
  let database: Database;
  let deps: MissionSheetDependencies;
  let lead: Actor;
  let outsider: Actor;
  let coordinator: Actor;

  beforeAll(async () => {
    database = await connectDatabase({ embedded: {} }, silent);
    const [sheets, groups, members] = await Promise.all([
      createMissionSheetsRepository(database.connection),
      createGroupsRepository(database.connection),
      createMembersRepository(database.connection),
    ]);
    deps = {
      sheets,
      groups,
      members,
      loadActor: createActorLoader(members, []),
      clock: { now: () => now },
      timeZone: 'Europe/Paris',
    };
    for (const [order, slug, title] of [
      [1, 'gps', 'GPS'],
      [2, 'bon-accueil', 'Bon accueil'],
      [3, 'bon-usage', 'Bon usage'],
    ] as const) {
      await groups.seedGroup({ slug, title, theme: title, workstreams: [], order, createdAt: now });
    }
    let count = 0;
    const actor = async (name: string, grants: Array<Pick<RoleGrant, 'role' | 'groupSlug'>>) => {
      count += 1;
      const member = await members.seedMember({
        aadObjectId: `00000000-0000-4000-c000-${String(count).padStart(12, '0')}`,
        teamsUserId: `29:sheets-${count}`,
        displayName: name,
        email: `sheets-${count}@ix.example`,
        profile: {},
        now,
      });
      return actorFrom(
        member,
        grants.map((grant) => ({ ...grant, memberId: member.id, grantedAt: now })),
        [],
      );
    };
    lead = await actor('Marc Pilote', [{ role: 'lead', groupSlug: 'gps' }]);
    outsider = await actor('Thomas Membre', []);
    coordinator = await actor('Karim Coordination', [{ role: 'coordinator' }]);
  });
  afterAll(async () => {
    await database.close();
  });

  const form = (
    groupSlug: string,
    version: number,
    status: string,
    objective = 'Cartographier les services',
  ) => ({
    groupSlug,
    version: String(version),
    objective,
    context: '',
    deliverables: '',
    milestones: '',
    status,
  });
  const save = (actor: Actor, data: ReturnType<typeof form>) =>
    saveSheetForm(deps, { actor, groupSlug: data.groupSlug, data, now, log: silent });

  it('keeps a draft to the group’s team until it is published, then shows it to everyone', async () => {
    expect(await save(lead, form('gps', 0, 'draft'))).toMatchObject({
      kind: 'shown',
      outcome: { kind: 'saved' },
    });
    expect(await sheetFor(deps, outsider, 'gps')).toMatchObject({ kind: 'hiddenDraft' });
    expect(await historyFor(deps, outsider, 'gps')).toMatchObject({ kind: 'hiddenDraft' });
    expect(await sheetFor(deps, lead, 'gps')).toMatchObject({ kind: 'readable', canEdit: true });

    await save(lead, form('gps', 1, 'active'));

    expect(await sheetFor(deps, outsider, 'gps')).toMatchObject({ kind: 'readable', canEdit: false });
    const history = await historyFor(deps, outsider, 'gps');
    expect(history.kind === 'history' && history.versions.map((version) => version.version)).toEqual([2, 1]);
  });

  it('refuses a published sheet going back to draft, naming both statuses', async () => {
    await save(coordinator, form('bon-usage', 0, 'active'));
    expect(await save(coordinator, form('bon-usage', 1, 'draft'))).toEqual({
      kind: 'refusedTransition',
      from: 'active',
      to: 'draft',
    });
  });

  it('shows the current sheet instead of overwriting it with a form built from an older version', async () => {
    await save(coordinator, form('bon-accueil', 0, 'draft', 'Première'));
    const stale = await save(coordinator, form('bon-accueil', 0, 'draft', 'Concurrente'));
    expect(stale).toMatchObject({ kind: 'shown', outcome: { kind: 'stale' } });
    const sheet = await sheetFor(deps, coordinator, 'bon-accueil');
    expect(sheet.page.sheet?.objective).toBe('Première');
  });

  it('checks the permission before reading the form', async () => {
    await expect(save(outsider, { ...form('gps', 0, 'draft'), objective: '' })).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
    });
    await expect(sheetToEdit(deps, outsider, 'gps')).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    await expect(save(lead, { ...form('gps', 2, 'active'), objective: '' })).resolves.toMatchObject({
      kind: 'invalid',
      problems: [{ key: 'missionSheets.form.objectiveRequired' }],
    });
  });

  it('refuses a group that does not exist', async () => {
    await expect(sheetFor(deps, coordinator, 'absent')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(save(coordinator, form('absent', 0, 'draft'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('opens the one group named, and offers the groups to choose from otherwise', async () => {
    expect(await lookUpSheet(deps, lead, 'gps')).toMatchObject({
      kind: 'sheet',
      view: { page: { group: { slug: 'gps' } } },
    });
    expect(await lookUpSheet(deps, lead, '  ')).toMatchObject({ kind: 'choose', reason: 'empty', query: '' });
    const ambiguous = await lookUpSheet(deps, lead, 'bon');
    expect(ambiguous.kind === 'choose' && ambiguous.candidates.map((group) => group.slug).sort()).toEqual([
      'bon-accueil',
      'bon-usage',
    ]);
    expect(await lookUpSheet(deps, lead, 'cuisine')).toMatchObject({
      kind: 'choose',
      reason: 'unknown',
      query: 'cuisine',
    });
  });
});
