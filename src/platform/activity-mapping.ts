import { CardFactory, MessageFactory, TurnContext, type Activity, type Attachment } from 'botbuilder';
import { stripMentions } from '../bot/command-text';
import type { Incoming } from '../bot/dispatch';
import type { ConversationInfo, ConversationKind, OutgoingMessage, Person } from '../bot/turn';

/** Translates a Teams activity into what our router understands; undefined when we ignore it. */
export function toIncoming(activity: Activity): Incoming | undefined {
  const botId = activity.recipient?.id;
  switch (activity.type) {
    case 'message': {
      const submitted = activity.value as Record<string, unknown> | undefined;
      // Action.Submit posts its data as the value of a message; our cards put the route in `verb`.
      if (submitted && typeof submitted === 'object' && typeof submitted.verb === 'string') {
        const { verb, ...data } = submitted;
        return { kind: 'cardAction', verb, data };
      }
      return { kind: 'message', text: stripMentions(activity.text ?? '') };
    }
    case 'invoke': {
      if (activity.name !== 'adaptiveCard/action') return undefined;
      const action = (activity.value as { action?: { verb?: unknown; data?: unknown } } | undefined)?.action;
      return {
        kind: 'cardAction',
        verb: typeof action?.verb === 'string' ? action.verb : '',
        data: action?.data ?? {},
      };
    }
    case 'conversationUpdate': {
      const added = activity.membersAdded ?? [];
      const removed = activity.membersRemoved ?? [];
      if (added.some((member) => member.id === botId)) return { kind: 'event', name: 'bot:added', data: {} };
      if (removed.some((member) => member.id === botId))
        return { kind: 'event', name: 'bot:removed', data: {} };
      const people = (list: typeof added) =>
        list.map((member) => ({ id: member.id, aadObjectId: member.aadObjectId, name: member.name }));
      if (added.length > 0) return { kind: 'event', name: 'member:added', data: { members: people(added) } };
      if (removed.length > 0)
        return { kind: 'event', name: 'member:removed', data: { members: people(removed) } };
      return undefined;
    }
    case 'installationUpdate': {
      if (activity.conversation?.conversationType !== 'personal') return undefined;
      const action = String(activity.action ?? '');
      if (action.startsWith('add')) return { kind: 'event', name: 'personal:installed', data: {} };
      if (action.startsWith('remove')) return { kind: 'event', name: 'personal:uninstalled', data: {} };
      return undefined;
    }
    default:
      return undefined;
  }
}

export function personOf(activity: Activity): Person {
  return { id: activity.from.id, aadObjectId: activity.from.aadObjectId, name: activity.from.name ?? '' };
}

export function conversationOf(activity: Activity): ConversationInfo {
  const channelData = (activity.channelData ?? {}) as {
    tenant?: { id?: string };
    team?: { id?: string };
    channel?: { id?: string };
  };
  const type = activity.conversation.conversationType;
  const kind: ConversationKind =
    type === 'channel' ? 'channel' : type === 'groupChat' ? 'groupChat' : 'personal';
  return {
    id: activity.conversation.id,
    kind,
    tenantId: activity.conversation.tenantId ?? channelData.tenant?.id,
    teamId: channelData.team?.id,
    channelId: channelData.channel?.id,
  };
}

export function conversationReferenceOf(activity: Activity): Record<string, unknown> {
  return JSON.parse(JSON.stringify(TurnContext.getConversationReference(activity))) as Record<
    string,
    unknown
  >;
}

export function cardAttachment(card: Record<string, unknown>): Attachment {
  return CardFactory.adaptiveCard(card);
}

export function toActivity(message: OutgoingMessage): Partial<Activity> {
  const files: Attachment[] = (message.files ?? []).map((file) => ({
    name: file.name,
    contentType: file.contentType,
    // Inline content as a data URL: no file storage needed for small exports.
    contentUrl: `data:${file.contentType};base64,${Buffer.from(file.content, 'utf8').toString('base64')}`,
  }));
  if ('card' in message) {
    const activity = MessageFactory.attachment(cardAttachment(message.card));
    activity.attachments = [...(activity.attachments ?? []), ...files];
    if ('text' in message) activity.text = message.text;
    return activity;
  }
  const activity = MessageFactory.text(message.text);
  activity.textFormat = 'markdown';
  if (files.length > 0) activity.attachments = files;
  return activity;
}
