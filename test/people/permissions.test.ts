import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../src/errors';
import {
  PermissionTable,
  actorFrom,
  can,
  ensureAllowed,
  peoplePermissions,
  type MemberRecord,
  type Permission,
  type RoleGrant,
} from '../../src/people';

const group = 'gps';

/** The kinds of people the rules tell apart, each as the roles the database grants them. */
const people = {
  coordinator: [{ role: 'coordinator' }],
  steering: [{ role: 'steering' }],
  'lead of the group': [{ role: 'lead', groupSlug: group }],
  'lead of another group': [{ role: 'lead', groupSlug: 'bon-accueil' }],
  'HR referent of the group': [{ role: 'hrReferent', groupSlug: group }],
  'plain member': [],
} satisfies Record<string, Array<Pick<RoleGrant, 'role' | 'groupSlug'>>>;

type Person = keyof typeof people;
const columns = Object.keys(people) as Person[];

/**
 * Who may do what about the group `gps`, written out: one row per permission of the bot (the
 * people core's and every slice's `permissions.ts`), one column per kind of person. Changing a rule
 * changes this table; a new permission fails the test until it has its row.
 */
// prettier-ignore
const expected: Record<string, string> = {
  //                                       coord  steer  lead   other  HR     member
  'people.manageRoles':                   'yes    no     no     no     no     no',
  'people.manageOrganisations':           'yes    no     no     no     no     no',
  'people.readStatistics':                'yes    yes    no     no     no     no',
  'events.organiseGroupEvent':            'yes    no     yes    no     no     no',
  'events.organiseNetworkEvent':          'yes    no     no     no     no     no',
  'groups.listGroupMembers':              'yes    no     yes    no     yes    no',
  'infoFlash.manageInfoFlash':            'yes    no     no     no     no     no',
  'meetups.runMeetups':                   'yes    no     no     no     no     no',
  'missionSheets.editMissionSheet':       'yes    no     yes    no     no     no',
  'missionSheets.readDraftMissionSheet':  'yes    yes    yes    no     yes    no',
  'onboarding.manageOnboardingContent':   'yes    no     no     no     no     no',
  'onboarding.followNewcomers':           'yes    no     no     no     yes    no',
  'polls.pollGroup':                      'yes    no     yes    no     no     no',
  'polls.pollNetwork':                    'yes    no     no     no     no     no',
  'polls.exportPollResults':              'yes    no     no     no     no     no',
};

/** Every permission the slices declare: each `src/features/<slice>/permissions.ts`, whatever it exports. */
function slicePermissions(): Array<Record<string, Permission>> {
  const features = path.join(__dirname, '..', '..', 'src', 'features');
  return readdirSync(features, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => {
      const file = path.join(features, entry.name, 'permissions.ts');
      if (!existsSync(file)) return [];
      // Found on disk, so a slice added tomorrow is in the table without editing this test.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return Object.values(require(file) as Record<string, Record<string, Permission>>);
    });
}

function buildTable(): PermissionTable {
  const permissions = new PermissionTable();
  permissions.add(peoplePermissions);
  for (const declared of slicePermissions()) permissions.add(declared);
  return permissions;
}

function actorWho(person: Person) {
  const member = { id: 'm1', displayName: 'Camille Martin', profile: {} } as MemberRecord;
  const grants = people[person].map((grant) => ({ ...grant, memberId: 'm1', grantedAt: new Date(0) }));
  return actorFrom(member, grants, []);
}

describe('the permission table', () => {
  const permissions = buildTable().list();

  it('has one written row per permission the people core and the slices declare, and no other', () => {
    expect(permissions.map((permission) => permission.name).sort()).toEqual(Object.keys(expected).sort());
  });

  const cases = permissions.flatMap((permission) => {
    const answers = (expected[permission.name] ?? '').split(/\s+/);
    return columns.map((person, column) => ({
      name: permission.name,
      permission,
      person,
      allowed: answers[column],
    }));
  });

  it.each(cases)('$name: $person → $allowed', ({ permission, person, allowed }) => {
    expect(can(actorWho(person), permission, group) ? 'yes' : 'no').toBe(allowed);
  });

  it('refuses with NOT_ALLOWED naming who may, in French', () => {
    const refusal = (() => {
      try {
        ensureAllowed(actorWho('plain member'), peoplePermissions.readStatistics);
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(refusal).toBeInstanceOf(AppError);
    expect((refusal as AppError).code).toBe('NOT_ALLOWED');
    expect((refusal as AppError).params).toEqual({
      role: { messageKey: peoplePermissions.readStatistics.allowedRoles },
    });
  });

  it('refuses a permission declared twice', () => {
    const twice = new PermissionTable();
    twice.add(peoplePermissions);
    expect(() => twice.add(peoplePermissions)).toThrow('Permission people.manageRoles is declared twice');
  });
});
