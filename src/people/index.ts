import type { Database } from '../db/database';
import { createActorLoader, type ActorLoader } from './actor-loader';
import { peopleIn, type Audience } from './audiences';
import { createGroupsRepository, type GroupsRepository } from './groups-repository';
import { createMembersRepository, type MembersRepository, type MemberRecord } from './members-repository';
import { PermissionTable, peoplePermissions } from './permissions';

/**
 * The network's people, shared by every slice and built once in `createApp`: who they are (members,
 * groups, roles), who is acting (the actor loader), who an audience holds, and who may do what
 * (the permission table each feature adds its own permissions to).
 */
export interface People {
  members: MembersRepository;
  groups: GroupsRepository;
  loadActor: ActorLoader;
  peopleIn(audience: Audience): Promise<MemberRecord[]>;
  permissions: PermissionTable;
  /** IX_COORDINATORS: Entra object ids that are coordinators whatever the database says. */
  configuredCoordinators: readonly string[];
}

export async function createPeople(
  connection: Database['connection'],
  configuredCoordinators: readonly string[],
): Promise<People> {
  const [members, groups] = await Promise.all([
    createMembersRepository(connection),
    createGroupsRepository(connection),
  ]);
  const permissions = new PermissionTable();
  permissions.add(peoplePermissions);
  return {
    members,
    groups,
    loadActor: createActorLoader(members, configuredCoordinators),
    peopleIn: (audience) => peopleIn({ members, groups, configuredCoordinators }, audience),
    permissions,
    configuredCoordinators,
  };
}

export type { Actor } from './actor';
export { actorFrom, isConfiguredCoordinator } from './actor';
export type { ActorLoader } from './actor-loader';
export { createActorLoader } from './actor-loader';
export type { Audience } from './audiences';
export type { GroupResolution } from './group-resolution';
export { resolveGroup } from './group-resolution';
export type { GroupRecord, GroupsRepository, Membership, Workstream } from './groups-repository';
export { createGroupsRepository } from './groups-repository';
export type {
  MemberRecord,
  MembersRepository,
  Profile,
  RoleGrant,
  RoleName,
  RosterPerson,
  Sighting,
} from './members-repository';
export { createMembersRepository, groupRoles, lastSeenPrecisionMs } from './members-repository';
export { isProfileComplete } from './profile';
export type { Permission } from './permissions';
export {
  PermissionTable,
  allowedRoles,
  can,
  definePermissions,
  ensureAllowed,
  peoplePermissions,
  roles,
} from './permissions';
export type { PersonalMessage, ReachState, ReachSummary } from './reach';
export {
  createPersonDirectory,
  deliverEach,
  deliverToPeople,
  findCoordinators,
  isReachable,
  maxRefreshUserIds,
  reachLines,
  reachOf,
  refreshAudience,
  summarizeReach,
  translatorFor,
} from './reach';
