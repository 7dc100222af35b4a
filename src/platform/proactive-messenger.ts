import type { CloudAdapter, ConversationReference } from 'botbuilder';
import type { Messenger } from '../bot/messenger';
import { toActivity } from './activity-mapping';

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
    delete: async (reference, activityId) => {
      await within(reference, async (context) => {
        await context.deleteActivity(activityId);
      });
    },
  };
}
