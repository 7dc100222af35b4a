import type { ConversationReferenceJson } from '../../bot/messenger';
import type { ConversationInfo } from '../../bot/turn';
import { channelConversationId, channelPostReference } from './channel-reference';
import type { InfoFlashDependencies } from './dependencies';

export type SubscriptionOutcome = 'channelOnly' | 'subscribed' | 'alreadySubscribed';

/** Subscribes the channel a coordinator speaks in: digests are then posted there, as new posts. */
export async function subscribeChannel(
  deps: InfoFlashDependencies,
  place: { conversation: ConversationInfo; reference: ConversationReferenceJson },
  subscribedBy: string,
  now: Date,
): Promise<SubscriptionOutcome> {
  if (place.conversation.kind !== 'channel') return 'channelOnly';
  const reference = channelPostReference(place.reference);
  const conversation = reference.conversation as { id: string; name?: string };
  const subscribed = await deps.infoFlash.subscribe({
    conversationId: conversation.id,
    teamId: place.conversation.teamId,
    tenantId: place.conversation.tenantId,
    ...(conversation.name ? { name: conversation.name } : {}),
    reference,
    subscribedBy,
    subscribedAt: now,
  });
  deps.log.info({ conversationId: conversation.id, subscribed }, 'Info Flash channel subscription');
  return subscribed ? 'subscribed' : 'alreadySubscribed';
}

export type UnsubscriptionOutcome = 'channelOnly' | 'unsubscribed' | 'notSubscribed';

export async function unsubscribeChannel(
  deps: InfoFlashDependencies,
  conversation: Pick<ConversationInfo, 'id' | 'kind'>,
  now: Date,
): Promise<UnsubscriptionOutcome> {
  if (conversation.kind !== 'channel') return 'channelOnly';
  const removed = await deps.infoFlash.deactivate(
    channelConversationId(conversation.id),
    'unsubscribed',
    now,
  );
  return removed ? 'unsubscribed' : 'notSubscribed';
}

/** The bot left a team: none of its channels gets digests any more. */
export async function endTeamSubscriptions(
  deps: InfoFlashDependencies,
  teamId: string,
  now: Date,
): Promise<number> {
  const ended = await deps.infoFlash.deactivateTeam(teamId, now);
  deps.log.info({ teamId, ended }, 'Info Flash subscriptions of a team ended');
  return ended;
}
