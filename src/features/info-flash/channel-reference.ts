import type { ConversationReferenceJson } from '../../bot/messenger';

/**
 * Teams names a thread inside a channel `<channel id>;messageid=<root post id>`: an action
 * clicked on a card in a channel arrives with that id. The channel itself is the part before.
 */
export function channelConversationId(conversationId: string): string {
  return conversationId.split(';messageid=')[0];
}

/**
 * The reference to store for a channel subscription, so that digests are new posts in the channel
 * and not replies. botbuilder applies a stored reference to every outgoing activity: its
 * `activityId` becomes `replyToId`, and a `replyToId` makes the adapter call replyToActivity
 * (POST …/activities/<id>, an answer in that message's thread) instead of sendToConversation
 * (POST …/activities, a new post). A thread's conversation id would also land the post in the
 * thread, so both are removed.
 */
export function channelPostReference(reference: ConversationReferenceJson): ConversationReferenceJson {
  const { activityId: _replyTarget, ...rest } = reference;
  const conversation = (rest.conversation ?? {}) as Record<string, unknown>;
  return {
    ...rest,
    conversation: { ...conversation, id: channelConversationId(String(conversation.id ?? '')) },
  };
}
