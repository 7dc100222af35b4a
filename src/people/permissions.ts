import { AppError } from '../errors';
import type { MessageKey } from '../i18n/translator';
import type { Actor } from './actor';

/**
 * One privileged action: who may do it (checked on the server against the stored roles of the
 * person who clicked, never against what a card carries) and how a refusal names them.
 */
export interface Permission {
  /** `<slice>.<action>`, e.g. `polls.pollGroup`: unique across the bot. */
  readonly name: string;
  readonly allows: (actor: Actor, groupSlug: string) => boolean;
  /** Locale key naming who may do it, for the French refusal message. */
  readonly allowedRoles: MessageKey;
}

type PermissionRules<Names extends string> = Record<
  Names,
  { allows: (actor: Actor, groupSlug: string) => boolean; allowedRoles: MessageKey }
>;

/** A slice declares its permissions where it uses them; `slice` prefixes their names. */
export function definePermissions<Names extends string>(
  slice: string,
  rules: PermissionRules<Names>,
): Record<Names, Permission> {
  return Object.fromEntries(
    Object.entries<PermissionRules<Names>[Names]>(rules).map(([action, rule]) => [
      action,
      { name: `${slice}.${action}`, ...rule },
    ]),
  ) as Record<Names, Permission>;
}

/** The roles the rules are written with, so each slice's table reads as a sentence. */
export const roles = {
  coordinator: (actor: Actor) => actor.isCoordinator,
  steering: (actor: Actor) => actor.isSteering,
  leadOf: (actor: Actor, groupSlug: string) => actor.leadOf.has(groupSlug),
  hrReferentOf: (actor: Actor, groupSlug: string) => actor.hrReferentOf.has(groupSlug),
} as const;

/** Role names for refusals, shared by the slices' tables. */
export const allowedRoles = {
  coordinators: 'members.roleNames.coordinatorsOnly',
  coordinatorsAndSteering: 'members.roleNames.coordinatorsAndSteering',
  leadsAndCoordinators: 'members.roleNames.leadsAndCoordinators',
  referentsAndCoordinators: 'members.roleNames.referentsAndCoordinators',
  leadsReferentsAndCoordinators: 'members.roleNames.leadsReferentsAndCoordinators',
  groupTeamAndSteering: 'members.roleNames.groupTeamAndSteering',
} as const satisfies Record<string, MessageKey>;

export function can(actor: Actor, permission: Permission, groupSlug = ''): boolean {
  return permission.allows(actor, groupSlug);
}

/** Throws NOT_ALLOWED (a French refusal saying who may) unless the actor holds the permission. */
export function ensureAllowed(actor: Actor, permission: Permission, groupSlug = ''): void {
  if (!can(actor, permission, groupSlug)) {
    throw new AppError('NOT_ALLOWED', { role: { messageKey: permission.allowedRoles } });
  }
}

/** Every permission the features contributed: what the bot's roles may do, in one place to read. */
export class PermissionTable {
  private readonly byName = new Map<string, Permission>();

  add(permissions: Record<string, Permission>): void {
    for (const permission of Object.values(permissions)) {
      if (this.byName.has(permission.name))
        throw new Error(`Permission ${permission.name} is declared twice`);
      this.byName.set(permission.name, permission);
    }
  }

  list(): Permission[] {
    return [...this.byName.values()];
  }
}

/** What belongs to the network itself rather than to one feature. */
export const peoplePermissions = definePermissions('people', {
  manageRoles: { allows: roles.coordinator, allowedRoles: allowedRoles.coordinators },
  manageOrganisations: { allows: roles.coordinator, allowedRoles: allowedRoles.coordinators },
  readStatistics: {
    allows: (actor) => roles.coordinator(actor) || roles.steering(actor),
    allowedRoles: allowedRoles.coordinatorsAndSteering,
  },
});
