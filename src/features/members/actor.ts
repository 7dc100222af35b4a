import { AppError } from '../../errors';
import type { MemberRecord, RoleGrant } from './repository';

/** The person who acted, with the roles the database (and IX_COORDINATORS) give them. */
export interface Actor {
  member: MemberRecord;
  isCoordinator: boolean;
  isSteering: boolean;
  leadOf: ReadonlySet<string>;
  hrReferentOf: ReadonlySet<string>;
}

export function actorFrom(
  member: MemberRecord,
  grants: RoleGrant[],
  configuredCoordinators: readonly string[],
): Actor {
  const groupsWith = (role: RoleGrant['role']) =>
    new Set(
      grants
        .filter((grant) => grant.role === role && grant.groupSlug)
        .map((grant) => grant.groupSlug as string),
    );
  return {
    member,
    isCoordinator:
      grants.some((grant) => grant.role === 'coordinator') ||
      isConfiguredCoordinator(member, configuredCoordinators),
    isSteering: grants.some((grant) => grant.role === 'steering'),
    leadOf: groupsWith('lead'),
    hrReferentOf: groupsWith('hrReferent'),
  };
}

/**
 * IX_COORDINATORS holds Entra object ids, matched only against the verified object id (Bot
 * Framework auth or the SSO `oid`): emails and UPNs come from the roster or `preferred_username`.
 */
export function isConfiguredCoordinator(
  member: Pick<MemberRecord, 'aadObjectId'>,
  configuredCoordinators: readonly string[],
): boolean {
  return Boolean(member.aadObjectId) && configuredCoordinators.includes(member.aadObjectId!.toLowerCase());
}

/**
 * Who may do what, as a table: every privileged action is checked here, on the server, against
 * the stored roles of the person who clicked, never against what a card carries.
 */
export const permissions = {
  manageRoles: (actor: Actor) => actor.isCoordinator,
  manageOrganisations: (actor: Actor) => actor.isCoordinator,
  editMissionSheet: (actor: Actor, groupSlug: string) => actor.isCoordinator || actor.leadOf.has(groupSlug),
  readDraftMissionSheet: (actor: Actor, groupSlug: string) =>
    actor.isCoordinator ||
    actor.isSteering ||
    actor.leadOf.has(groupSlug) ||
    actor.hrReferentOf.has(groupSlug),
  listGroupMembers: (actor: Actor, groupSlug: string) =>
    actor.isCoordinator || actor.leadOf.has(groupSlug) || actor.hrReferentOf.has(groupSlug),
  pollGroup: (actor: Actor, groupSlug: string) => actor.isCoordinator || actor.leadOf.has(groupSlug),
  pollNetwork: (actor: Actor) => actor.isCoordinator,
  exportPollResults: (actor: Actor) => actor.isCoordinator,
  readStatistics: (actor: Actor) => actor.isCoordinator || actor.isSteering,
  manageOnboardingContent: (actor: Actor) => actor.isCoordinator,
  followNewcomers: (actor: Actor, groupSlug: string) =>
    actor.isCoordinator || actor.hrReferentOf.has(groupSlug),
  manageInfoFlash: (actor: Actor) => actor.isCoordinator,
  organiseGroupEvent: (actor: Actor, groupSlug: string) => actor.isCoordinator || actor.leadOf.has(groupSlug),
  organiseNetworkEvent: (actor: Actor) => actor.isCoordinator,
  runMeetups: (actor: Actor) => actor.isCoordinator,
} as const;

export type Permission = keyof typeof permissions;

/** Locale key naming who may do it, for the refusal message. */
const allowedRoleText = {
  manageRoles: 'members.roleNames.coordinatorsOnly',
  manageOrganisations: 'members.roleNames.coordinatorsOnly',
  editMissionSheet: 'members.roleNames.leadsAndCoordinators',
  readDraftMissionSheet: 'members.roleNames.groupTeamAndSteering',
  listGroupMembers: 'members.roleNames.leadsReferentsAndCoordinators',
  pollGroup: 'members.roleNames.leadsAndCoordinators',
  pollNetwork: 'members.roleNames.coordinatorsOnly',
  exportPollResults: 'members.roleNames.coordinatorsOnly',
  readStatistics: 'members.roleNames.coordinatorsAndSteering',
  manageOnboardingContent: 'members.roleNames.coordinatorsOnly',
  followNewcomers: 'members.roleNames.referentsAndCoordinators',
  manageInfoFlash: 'members.roleNames.coordinatorsOnly',
  organiseGroupEvent: 'members.roleNames.leadsAndCoordinators',
  organiseNetworkEvent: 'members.roleNames.coordinatorsOnly',
  runMeetups: 'members.roleNames.coordinatorsOnly',
} as const satisfies Record<Permission, string>;

export function can(actor: Actor, permission: Permission, groupSlug = ''): boolean {
  return permissions[permission](actor, groupSlug);
}

/** Throws NOT_ALLOWED (a French refusal saying who may) unless the actor holds the permission. */
export function ensureAllowed(actor: Actor, permission: Permission, groupSlug = ''): void {
  if (!can(actor, permission, groupSlug)) {
    throw new AppError('NOT_ALLOWED', { role: { messageKey: allowedRoleText[permission] } });
  }
}
