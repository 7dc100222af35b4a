import type { ConversationReferenceJson } from '../../bot/messenger';
import { summarizeReach, type MemberRecord, type People } from '../../people';
import type { AudienceSummary } from './cards';
import type { PollRecord, PollSettings } from './repository';

/** What audiences are read from: the network's people (a group's members, everyone). */
export type AudienceSources = Pick<People, 'peopleIn' | 'groups'>;

export interface PollAudience {
  members: MemberRecord[];
  /** The group's linked channel, if any (never for the whole network). */
  channel?: ConversationReferenceJson;
}

/** Who a poll addresses right now: the group's members, or everyone the bot knows. */
export async function loadAudience(
  people: AudienceSources,
  poll: Pick<PollSettings, 'groupSlug'>,
): Promise<PollAudience> {
  if (!poll.groupSlug) return { members: await people.peopleIn({ kind: 'network' }) };
  const [members, group] = await Promise.all([
    people.peopleIn({ kind: 'group', groupSlug: poll.groupSlug }),
    people.groups.findGroup(poll.groupSlug),
  ]);
  return { members, channel: group?.channelReference };
}

export function summarize(audience: PollAudience): AudienceSummary {
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
  people: Pick<People, 'groups'>,
  poll: Pick<PollRecord, 'groupSlug' | 'targetMemberIds'>,
  memberId: string,
): Promise<boolean> {
  if (!poll.targetMemberIds.includes(memberId)) return false;
  if (!poll.groupSlug) return true;
  return people.groups.isMember(poll.groupSlug, memberId);
}

/** The conversation id of a stored reference (the outbox keys deliveries by it). */
export function conversationIdOf(reference: ConversationReferenceJson): string | undefined {
  const conversation = reference.conversation as { id?: unknown } | undefined;
  return typeof conversation?.id === 'string' ? conversation.id : undefined;
}
