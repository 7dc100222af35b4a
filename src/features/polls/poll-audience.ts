import type { ConversationReferenceJson } from '../../bot/messenger';
import {
  type GroupsRepository,
  summarizeReach,
  type MemberRecord,
  type MembersRepository,
} from '../../people';
import type { AudienceSummary } from './poll-cards';
import type { PollRecord, PollSettings } from './repository';

export interface AudienceSources {
  groups: GroupsRepository;
  members: MembersRepository;
}

export interface Audience {
  members: MemberRecord[];
  /** The group's linked channel, if any (never for the whole network). */
  channel?: ConversationReferenceJson;
}

/** Who a poll addresses right now: the group's members, or everyone the bot knows. */
export async function loadAudience(
  sources: AudienceSources,
  poll: Pick<PollSettings, 'groupSlug'>,
): Promise<Audience> {
  if (!poll.groupSlug) return { members: await sources.members.listAll() };
  const [memberships, group] = await Promise.all([
    sources.groups.membersOf(poll.groupSlug),
    sources.groups.findGroup(poll.groupSlug),
  ]);
  const members = await sources.members.findByIds(memberships.map((membership) => membership.memberId));
  return { members, channel: group?.channelReference };
}

export function summarize(audience: Audience): AudienceSummary {
  return {
    members: audience.members.length,
    reach: summarizeReach(audience.members),
    hasChannel: audience.channel !== undefined,
  };
}

/**
 * The audience is fixed when the poll is sent (`targetMemberIds`): people who join the group
 * afterwards cannot vote, so a lead cannot pack a running poll by adding members. A member who
 * has since left the group is no longer asked either.
 */
export async function belongsToAudience(
  sources: AudienceSources,
  poll: Pick<PollRecord, 'groupSlug' | 'targetMemberIds'>,
  memberId: string,
): Promise<boolean> {
  if (!poll.targetMemberIds.includes(memberId)) return false;
  if (!poll.groupSlug) return true;
  return sources.groups.isMember(poll.groupSlug, memberId);
}

/** The conversation id of a stored reference (the outbox keys deliveries by it). */
export function conversationIdOf(reference: ConversationReferenceJson): string | undefined {
  const conversation = reference.conversation as { id?: unknown } | undefined;
  return typeof conversation?.id === 'string' ? conversation.id : undefined;
}
