import {
  Channels,
  type CloudAdapter,
  type ConversationParameters,
  type ConversationReference,
} from 'botbuilder';
import { AuthenticationConstants } from 'botframework-connector';
import type { Messenger } from '../bot/messenger';
import { conversationReferenceOf, toActivity } from './activity-mapping';

/** Sends to a stored conversation through the adapter, authenticated as the bot. */
export function createProactiveMessenger(adapter: CloudAdapter, appId: string | undefined): Messenger {
  const within = async (
    reference: Record<string, unknown>,
    work: Parameters<CloudAdapter['continueConversationAsync']>[2],
  ) => adapter.continueConversationAsync(appId ?? '', reference as Partial<ConversationReference>, work);
  return {
    send: async (reference, message) => {
      let id: string | undefined;
      await within(reference, async (context) => {
        id = (await context.sendActivity(toActivity(message)))?.id;
      });
      return id;
    },
    update: async (reference, activityId, message) => {
      await within(reference, async (context) => {
        await context.updateActivity({ ...toActivity(message), id: activityId });
      });
    },
    openPersonalConversation: async ({ serviceUrl, tenantId, userId }) => {
      let reference: Record<string, unknown> | undefined;
      await adapter.createConversationAsync(
        appId ?? '',
        Channels.Msteams,
        serviceUrl,
        AuthenticationConstants.ToChannelFromBotOAuthScope,
        {
          isGroup: false,
          bot: { id: appId ?? '', name: '' },
          members: [{ id: userId, name: '' }],
          tenantId,
          channelData: tenantId ? { tenant: { id: tenantId } } : undefined,
        } as ConversationParameters,
        async (context) => {
          reference = conversationReferenceOf(context.activity);
        },
      );
      if (!reference) throw new Error('The Bot Connector did not open the personal conversation');
      return reference;
    },
    delete: async (reference, activityId) => {
      await within(reference, async (context) => {
        await context.deleteActivity(activityId);
      });
    },
  };
}
