import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Router } from '../../bot/router';
import type { Outbox } from '../../delivery/outbox';
import { AppError } from '../../errors';
import type { MessageKey, MessageParams } from '../../i18n/translator';
import {
  deliverToPeople,
  ensureAllowed,
  findCoordinators,
  refreshAudience,
  resolveGroup,
  type Actor,
  type GroupRecord,
  type GroupsRepository,
  type MemberRecord,
  type MembersRepository,
  type Membership,
} from '../../people';
import { groupPermissions } from './permissions';

/** What the groups rules need: the people's repositories, the outbox for notices, the event bus. */
export interface GroupsDependencies {
  members: MembersRepository;
  groups: GroupsRepository;
  outbox: Pick<Outbox, 'enqueue'>;
  /** Publishes `group:joined` and `group:left` to the slices that listen. */
  publish: Router['publish'];
  /** IX_COORDINATORS: told when a group loses its last lead. */
  configuredCoordinators: readonly string[];
  log: Logger;
}

export async function requireGroup(
  deps: Pick<GroupsDependencies, 'groups'>,
  slug: string,
): Promise<GroupRecord> {
  const group = await deps.groups.findGroup(slug);
  if (!group) throw new AppError('NOT_FOUND', { what: { messageKey: 'groups.unknownGroup' } });
  return group;
}

/** The group's leads but one (the person acting, who needs no notice of their own move). */
async function leadsOf(deps: GroupsDependencies, groupSlug: string, except: string): Promise<MemberRecord[]> {
  const grants = await deps.members.grantsFor('lead', groupSlug);
  return (await deps.members.findByIds(grants.map((grant) => grant.memberId))).filter(
    (member) => member.id !== except,
  );
}

/** Each notice is its own message: a join, a leave and a join again are three notices. */
async function tell(
  deps: GroupsDependencies,
  people: MemberRecord[],
  key: MessageKey,
  params: MessageParams,
) {
  await deliverToPeople(deps.outbox, people, (t) => ({ text: t(key, params) }), {
    batchKey: `groups:${key}`,
    messageKey: `groups:${key}:${randomUUID()}`,
  });
}

export type JoinOutcome = { kind: 'joined' | 'alreadyMember'; group: GroupRecord };

/** Joins a group; on a real join the group's leads are told and `group:joined` is published. */
export async function joinGroup(
  deps: GroupsDependencies,
  request: { actor: Actor; groupSlug: string; now: Date },
): Promise<JoinOutcome> {
  const { actor, now } = request;
  const group = await requireGroup(deps, request.groupSlug);
  const joined = await deps.groups.join(group.slug, actor.member.id, now);
  if (!joined) return { kind: 'alreadyMember', group };
  deps.log.info({ groupSlug: group.slug, memberId: actor.member.id }, 'member joined group');
  await tell(deps, await leadsOf(deps, group.slug, actor.member.id), 'groups.leadNotifiedJoin', {
    name: actor.member.displayName,
    group: group.title,
  });
  await deps.publish('group:joined', { groupSlug: group.slug, memberId: actor.member.id, at: now });
  return { kind: 'joined', group };
}

export type LeaveOutcome =
  /** The person is the group's only lead: nothing changed until they confirm. */
  { kind: 'confirmSoleLead'; group: GroupRecord } | { kind: 'left' | 'notMember'; group: GroupRecord };

/**
 * Leaves a group. A lead loses their lead role there; the other leads are told; a sole lead must
 * confirm first, and once they have left the coordinators are told the group has no lead.
 */
export async function leaveGroup(
  deps: GroupsDependencies,
  request: { actor: Actor; groupSlug: string; confirmSoleLead: boolean; now: Date },
): Promise<LeaveOutcome> {
  const { actor, now } = request;
  const memberId = actor.member.id;
  const group = await requireGroup(deps, request.groupSlug);
  const isLead = actor.leadOf.has(group.slug);
  const otherLeads = isLead ? await leadsOf(deps, group.slug, memberId) : [];
  const soleLead = isLead && otherLeads.length === 0;
  if (soleLead && !request.confirmSoleLead) return { kind: 'confirmSoleLead', group };

  const left = await deps.groups.leave(group.slug, memberId);
  if (isLead) await deps.members.revokeRole(memberId, 'lead', group.slug);
  const params = { name: actor.member.displayName, group: group.title };
  if (left) {
    deps.log.info({ groupSlug: group.slug, memberId, wasLead: isLead }, 'member left group');
    const leads = otherLeads.length > 0 ? otherLeads : await leadsOf(deps, group.slug, memberId);
    await tell(deps, leads, 'groups.leadNotifiedLeave', params);
  }
  if (soleLead) {
    const coordinators = await findCoordinators(deps.members, deps.configuredCoordinators);
    await tell(deps, coordinators, 'groups.coordinatorsNotifiedNoLead', params);
  }
  if (left) await deps.publish('group:left', { groupSlug: group.slug, memberId, at: now });
  return { kind: left ? 'left' : 'notMember', group };
}

/** One line of the groups card. */
export interface GroupLine {
  slug: string;
  title: string;
  theme: string;
  memberCount: number;
  leadNames: string[];
  isMember: boolean;
}

export interface GroupsBoard {
  groups: GroupLine[];
  /** For a card shared in a channel: who gets their own refreshed view (empty in 1:1). */
  refreshUserIds: string[];
}

/** Every group with its member count, its leads and whether the viewer belongs to it. */
export async function groupsBoard(
  deps: Pick<GroupsDependencies, 'groups' | 'members'>,
  viewer: { memberId: string; teamsUserId: string; shared: boolean },
): Promise<GroupsBoard> {
  const { groups, members } = deps;
  // Groups, lead grants and names come from the shared caches: the summary is the one round trip.
  const [allGroups, { counts, mine }, leadGrants] = await Promise.all([
    groups.listGroups(),
    groups.membershipSummary(viewer.memberId),
    members.grantsFor('lead'),
  ]);
  const leadGrantsByGroup = (await members.grantsForGroups(allGroups.map((group) => group.slug))).filter(
    (grant) => grant.role === 'lead',
  );
  const leadIds = [...new Set([...leadGrants, ...leadGrantsByGroup].map((grant) => grant.memberId))];
  const leadNames = new Map(
    (await members.findByIds(leadIds)).map((member) => [member.id, member.displayName]),
  );
  return {
    refreshUserIds: viewer.shared ? refreshAudience(await members.listAll(), viewer.teamsUserId) : [],
    groups: allGroups.map((group) => ({
      slug: group.slug,
      title: group.title,
      theme: group.theme,
      memberCount: counts.get(group.slug) ?? 0,
      leadNames: leadGrantsByGroup
        .filter((grant) => grant.groupSlug === group.slug)
        .map((grant) => leadNames.get(grant.memberId))
        .filter((name): name is string => Boolean(name)),
      isMember: mine.has(group.slug),
    })),
  };
}

export type MembersListChoice =
  { kind: 'found'; group: GroupRecord } | { kind: 'choose'; candidates: GroupRecord[] };

/**
 * Which group `membres du groupe <name>` is about. Without a name, a lead or referent of a single
 * group gets that group; others choose among their own groups, or all of them.
 */
export async function groupForMembersList(
  deps: Pick<GroupsDependencies, 'groups'>,
  actor: Actor,
  query: string,
): Promise<MembersListChoice> {
  const allGroups = await deps.groups.listGroups();
  const ownGroups = allGroups.filter(
    (group) => actor.leadOf.has(group.slug) || actor.hrReferentOf.has(group.slug),
  );
  if (query.trim()) {
    const resolution = resolveGroup(query, allGroups);
    if (resolution.kind === 'found') return resolution;
    return {
      kind: 'choose',
      candidates: resolution.kind === 'ambiguous' ? resolution.candidates : allGroups,
    };
  }
  if (ownGroups.length === 1) return { kind: 'found', group: ownGroups[0] };
  return { kind: 'choose', candidates: ownGroups.length > 0 ? ownGroups : allGroups };
}

export interface GroupMemberRow {
  member: MemberRecord;
  membership: Membership;
}

/** A group's members, by name: for its leads, its HR referents and coordinators only. */
export async function membersOfGroup(
  deps: Pick<GroupsDependencies, 'groups' | 'members'>,
  actor: Actor,
  groupSlug: string,
): Promise<{ group: GroupRecord; rows: GroupMemberRow[] }> {
  const group = await requireGroup(deps, groupSlug);
  ensureAllowed(actor, groupPermissions.listGroupMembers, group.slug);
  const memberships = await deps.groups.membersOf(group.slug);
  const people = new Map(
    (await deps.members.findByIds(memberships.map((m) => m.memberId))).map((m) => [m.id, m]),
  );
  const rows = memberships
    .flatMap((membership) => {
      const member = people.get(membership.memberId);
      return member ? [{ member, membership }] : [];
    })
    .sort((a, b) => a.member.displayName.localeCompare(b.member.displayName, 'fr'));
  return { group, rows };
}
