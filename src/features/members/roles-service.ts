import { AppError } from '../../errors';
import { foldAccents } from '../../text';
import {
  ensureAllowed,
  groupRoles,
  peoplePermissions,
  type Actor,
  type GroupRecord,
  type MemberRecord,
  type RoleGrant,
  type RoleName,
} from '../../people';
import type { MembersDependencies } from './service';

/** The roles coordinators administer, in the order cards list them. */
export const roleNames: RoleName[] = ['lead', 'hrReferent', 'coordinator', 'steering'];

/** How many people the "which person?" card offers at most. */
const maxChoices = 10;

/** Who holds one role (in one group, for group roles). */
export interface RoleHolders {
  role: RoleName;
  groupTitle?: string;
  names: string[];
}

/** A person's grants, with the groups a group role may be granted in. */
export interface PersonRoles {
  member: MemberRecord;
  grants: RoleGrant[];
  groups: GroupRecord[];
}

export type RoleSearch =
  | { kind: 'overview'; holders: RoleHolders[] }
  | { kind: 'person'; person: PersonRoles }
  | { kind: 'choose'; people: MemberRecord[] }
  | { kind: 'noPerson' };

type RolesDependencies = Pick<MembersDependencies, 'members' | 'groups'>;

/** Every role held, role by role and group by group; roles nobody holds are left out. */
async function roleHolders(deps: RolesDependencies, everyone: MemberRecord[]): Promise<RoleHolders[]> {
  const allGroups = await deps.groups.listGroups();
  const holders: RoleHolders[] = [];
  for (const role of roleNames) {
    const scopes = groupRoles.includes(role) ? allGroups.map((group) => group.slug) : [undefined];
    for (const groupSlug of scopes) {
      const grants = await deps.members.grantsFor(role, groupSlug);
      if (grants.length === 0) continue;
      const names = everyone
        .filter((member) => grants.some((grant) => grant.memberId === member.id))
        .map((member) => member.displayName);
      const group = allGroups.find((candidate) => candidate.slug === groupSlug);
      holders.push({ role, groupTitle: group?.title, names });
    }
  }
  return holders;
}

export async function personRolesOf(deps: RolesDependencies, member: MemberRecord): Promise<PersonRoles> {
  const [grants, groups] = await Promise.all([deps.members.grantsOf(member.id), deps.groups.listGroups()]);
  return { member, grants, groups };
}

/**
 * `roles [name]`: without a name, who holds what; with one, the person found by name (accents and
 * case ignored), or the people to choose from. Coordinators only.
 */
export async function searchRoles(deps: RolesDependencies, actor: Actor, query: string): Promise<RoleSearch> {
  ensureAllowed(actor, peoplePermissions.manageRoles);
  const everyone = await deps.members.listAll();
  if (!query.trim()) return { kind: 'overview', holders: await roleHolders(deps, everyone) };
  const needle = foldAccents(query.trim());
  const matches = everyone.filter((member) => foldAccents(member.displayName).includes(needle));
  if (matches.length === 0) return { kind: 'noPerson' };
  if (matches.length === 1) return { kind: 'person', person: await personRolesOf(deps, matches[0]) };
  return { kind: 'choose', people: matches.slice(0, maxChoices) };
}

async function targetMember(deps: RolesDependencies, memberId: string): Promise<MemberRecord> {
  const member = await deps.members.findById(memberId);
  if (!member) throw new AppError('NOT_FOUND', { what: { messageKey: 'members.roleAdmin.unknownMember' } });
  return member;
}

/** One person's roles, for a coordinator. */
export async function showPersonRoles(deps: RolesDependencies, actor: Actor, memberId: string) {
  ensureAllowed(actor, peoplePermissions.manageRoles);
  return personRolesOf(deps, await targetMember(deps, memberId));
}

/** A group role names an existing group; a network role names none. */
async function checkedGroupSlug(
  deps: RolesDependencies,
  role: RoleName,
  groupSlug: string | undefined,
): Promise<string | undefined> {
  const slug = groupSlug || undefined;
  if (!groupRoles.includes(role)) {
    if (slug)
      throw new AppError('INVALID_INPUT', { details: { messageKey: 'members.roleAdmin.groupNotAllowed' } });
    return undefined;
  }
  if (!slug)
    throw new AppError('INVALID_INPUT', { details: { messageKey: 'members.roleAdmin.groupRequired' } });
  if (!(await deps.groups.findGroup(slug)))
    throw new AppError('INVALID_INPUT', { details: { messageKey: 'members.roleAdmin.unknownGroup' } });
  return slug;
}

export interface RoleChange {
  actor: Actor;
  memberId: string;
  role: RoleName;
  groupSlug?: string;
}

/** Grants a role (coordinators only). A lead or HR referent of a group belongs to it. */
export async function grantRole(
  deps: MembersDependencies,
  change: RoleChange & { now: Date },
): Promise<{ granted: boolean; person: PersonRoles }> {
  const { actor, role, now } = change;
  ensureAllowed(actor, peoplePermissions.manageRoles);
  const member = await targetMember(deps, change.memberId);
  const groupSlug = await checkedGroupSlug(deps, role, change.groupSlug);
  const granted = await deps.members.grantRole({
    memberId: member.id,
    role,
    groupSlug,
    grantedBy: actor.member.id,
    now,
  });
  if (groupSlug && (await deps.groups.join(groupSlug, member.id, now))) {
    await deps.publish('group:joined', { groupSlug, memberId: member.id, at: now });
  }
  deps.log.info({ memberId: member.id, role, groupSlug, by: actor.member.id, granted }, 'role granted');
  return { granted, person: await personRolesOf(deps, member) };
}

/** Revokes a role (coordinators only); revoking a role the person does not hold changes nothing. */
export async function revokeRole(deps: MembersDependencies, change: RoleChange): Promise<PersonRoles> {
  ensureAllowed(change.actor, peoplePermissions.manageRoles);
  const member = await targetMember(deps, change.memberId);
  await deps.members.revokeRole(member.id, change.role, change.groupSlug || undefined);
  deps.log.info({ memberId: member.id, role: change.role, by: change.actor.member.id }, 'role revoked');
  return personRolesOf(deps, member);
}
