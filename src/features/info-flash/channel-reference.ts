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
 * and not replies in the thread of the message that subscribed it. What decides is the
 * conversation id: Teams threads a post by `;messageid=` in it, so that part is removed. The
 * `activityId` is removed too: CloudAdapter's continueConversationAsync ignores it (the
 * continuation activity gets a fresh id, and sends reply to that unknown id, which Teams treats as
 * a new post), but the older BotFrameworkAdapter.continueConversation turned it into `replyToId`,
 * answering in that message's thread; a stored reference should not depend on which is used.
 */
export function channelPostReference(reference: ConversationReferenceJson): ConversationReferenceJson {
  const { activityId: _replyTarget, ...rest } = reference;
  const conversation = (rest.conversation ?? {}) as Record<string, unknown>;
  return {
    ...rest,
    conversation: { ...conversation, id: channelConversationId(String(conversation.id ?? '')) },
  };
}
