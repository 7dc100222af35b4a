import {
  Channels,
  TeamsInfo,
  type CloudAdapter,
  type ConversationParameters,
  type ConversationReference,
  type TurnContext,
} from 'botbuilder';
import { AuthenticationConstants } from 'botframework-connector';
import type { Messenger, RosterAccount } from '../bot/messenger';
import { DeliveryError } from '../bot/messenger';
import { conversationReferenceOf, toActivity } from './activity-mapping';

/** The Bot Connector's HTTP status and Retry-After, in our own error type. */
function toDeliveryError(error: unknown): DeliveryError {
  const failure = error as {
    statusCode?: number;
    message?: string;
    response?: { headers?: { get?: (name: string) => string | undefined } };
  };
  const retryAfter = failure.response?.headers?.get?.('retry-after');
  const seconds = retryAfter === undefined ? Number.NaN : Number(retryAfter);
  const retryAfterMs = Number.isFinite(seconds)
    ? seconds * 1000
    : retryAfter
      ? Math.max(0, Date.parse(retryAfter) - Date.now())
      : undefined;
  return new DeliveryError(failure.message ?? String(error), failure.statusCode, retryAfterMs, {
    cause: error,
  });
}

/**
 * The connector client's HTTP pipeline retries 429s and 5xx by itself, out of our sight. Proactive
 * sends go through our outbox, which paces and retries them (honouring Retry-After), so the hidden
 * retry policy is removed from the client used for them. `noRetryPolicy` is ignored by the SDK.
 */
function withoutHiddenRetries(connectorClient: unknown): void {
  const pipeline = (
    connectorClient as { client?: { pipeline?: { removePolicy(options: { name: string }): unknown } } }
  )?.client?.pipeline;
  pipeline?.removePolicy({ name: 'defaultRetryPolicy' });
}

/** Teams serves at most 500 people per roster page. */
const rosterPageSize = 500;

/** Sends to a stored conversation through the adapter, authenticated as the bot. */
export function createProactiveMessenger(adapter: CloudAdapter, appId: string | undefined): Messenger {
  /**
   * Runs `work` in the stored conversation. The adapter would hand a failure to onTurnError and
   * resolve as if all went well; we carry it out instead, so callers see (and retry) failed sends.
   */
  const within = async (
    reference: Record<string, unknown>,
    work: (context: TurnContext) => Promise<void>,
  ) => {
    let failure: unknown;
    await adapter.continueConversationAsync(
      appId ?? '',
      reference as Partial<ConversationReference>,
      async (context) => {
        try {
          withoutHiddenRetries(context.turnState.get(adapter.ConnectorClientKey));
          await work(context);
        } catch (error) {
          failure = error;
        }
      },
    );
    if (failure !== undefined) throw toDeliveryError(failure);
  };
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
      try {
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
      } catch (error) {
        // 403: the app is blocked for the person; 404: they left the tenant. The outbox decides.
        throw toDeliveryError(error);
      }
      if (!reference) throw new Error('The Bot Connector did not open the personal conversation');
      return reference;
    },
    readRoster: async ({ serviceUrl, tenantId, conversationId }) => {
      const people: RosterAccount[] = [];
      const reference = {
        channelId: Channels.Msteams,
        serviceUrl,
        conversation: { id: conversationId, tenantId, isGroup: true },
      };
      await within(reference, async (context) => {
        let continuationToken: string | undefined;
        do {
          const page = await TeamsInfo.getPagedMembers(context, rosterPageSize, continuationToken);
          for (const account of page.members ?? []) {
            people.push({
              id: account.id,
              aadObjectId: account.aadObjectId,
              name: account.name,
              email: account.email,
              userPrincipalName: account.userPrincipalName,
              tenantId: account.tenantId,
            });
          }
          continuationToken = page.continuationToken || undefined;
        } while (continuationToken);
      });
      return people;
    },
    delete: async (reference, activityId) => {
      await within(reference, async (context) => {
        await context.deleteActivity(activityId);
      });
    },
  };
}
