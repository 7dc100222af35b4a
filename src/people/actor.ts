import type { MemberRecord, RoleGrant } from './members-repository';

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
