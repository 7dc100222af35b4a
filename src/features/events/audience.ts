import type { ConversationReferenceJson } from '../../bot/messenger';
import { daysBetween } from '../../i18n/calendar';
import { type GroupsRepository, type MemberRecord, type MembersRepository } from '../../people';
import type { EventAudience } from './repository';

export interface AudienceSources {
  groups: GroupsRepository;
  members: MembersRepository;
}

/**
 * Newcomers, for an invitation: managers who started in the last six months (the span of the
 * integration path, whose last steps fall at three months, with room for late starters).
 */
export const newcomerDays = 180;

function isNewcomer(member: MemberRecord, today: string): boolean {
  const start = member.profile.startDate;
  if (!start) return false;
  const days = daysBetween(start, today);
  return days >= -30 && days <= newcomerDays;
}

const sameName = (a: string | undefined, b: string) =>
  a !== undefined && a.trim().localeCompare(b.trim(), 'fr', { sensitivity: 'base' }) === 0;

/** Whether a person belongs to the audience now (answers are open to the audience at answer time). */
export function isInAudience(
  audience: EventAudience,
  member: MemberRecord,
  groupSlugs: ReadonlySet<string>,
  today: string,
): boolean {
  switch (audience.kind) {
    case 'network':
      return true;
    case 'group':
      return groupSlugs.has(audience.groupSlug);
    case 'newcomers':
      return isNewcomer(member, today);
    case 'organisation':
      return sameName(member.profile.organisation, audience.organisation);
  }
}

export interface Audience {
  members: MemberRecord[];
  /** The group's linked channel, for a group's event. */
  channel?: ConversationReferenceJson;
}

/** Everyone an event addresses right now. */
export async function loadAudience(
  sources: AudienceSources,
  audience: EventAudience,
  today: string,
): Promise<Audience> {
  if (audience.kind === 'group') {
    const [memberships, group] = await Promise.all([
      sources.groups.membersOf(audience.groupSlug),
      sources.groups.findGroup(audience.groupSlug),
    ]);
    const members = await sources.members.findByIds(memberships.map((membership) => membership.memberId));
    return { members, channel: group?.channelReference };
  }
  const everyone = await sources.members.listAll();
  return { members: everyone.filter((member) => isInAudience(audience, member, new Set(), today)) };
}
