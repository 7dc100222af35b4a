import { ActivityTypes, StatusCodes, TeamsInfo, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { dispatch, type Incoming } from '../bot/dispatch';
import { AppError } from '../errors';
import type { Router } from '../bot/router';
import type { Turn } from '../bot/turn';
import { adaptiveCardContentType, type AdaptiveCardJson } from '../cards/render-card';
import { createTranslator, pickLocale } from '../i18n/translator';
import {
  cardAttachment,
  conversationOf,
  conversationReferenceOf,
  personOf,
  toActivity,
  toIncoming,
} from './activity-mapping';
import { isTenantAllowed } from './tenant-gate';

/**
 * The bridge from a botbuilder TurnContext to our router: builds the small Turn handlers see,
 * dispatches, and answers Universal Action invokes with the card (or message) they produced.
 */
export function createTurnHandler(
  router: Router,
  log: Logger,
  allowedTenantIds: readonly string[] = [],
): (context: TurnContext) => Promise<void> {
  return async (context) => {
    const { activity } = context;
    const incoming = toIncoming(activity);
    const isInvoke = activity.type === ActivityTypes.Invoke;
    const t = createTranslator(pickLocale(activity.locale));
    const tenantId = conversationOf(activity).tenantId;
    if (!isTenantAllowed(allowedTenantIds, tenantId)) {
      log.warn({ tenantId, activityType: activity.type }, 'activity from a tenant not allowed refused');
      await refuseForeignTenant(context, incoming, new AppError('FOREIGN_TENANT').describe(t));
      return;
    }
    if (!incoming) {
      // An invoke we do not handle is the sender's mistake (4xx), not our failure (5xx).
      if (isInvoke) await answerInvoke(context, StatusCodes.BAD_REQUEST, undefined);
      return;
    }
    const turnLog = log.child({
      activityId: activity.id,
      conversationId: activity.conversation.id,
      ...(incoming.kind === 'cardAction' ? { verb: incoming.verb } : {}),
      ...(incoming.kind === 'event' ? { event: incoming.name } : {}),
    });
    let replacementCard: AdaptiveCardJson | undefined;
    const send: Turn['send'] = async (message) => (await context.sendActivity(toActivity(message)))?.id;
    const turn: Turn<unknown> = {
      user: personOf(activity),
      botId: activity.recipient?.id,
      conversation: conversationOf(activity),
      locale: t.locale,
      t,
      text: incoming.kind === 'message' ? incoming.text : '',
      data: undefined,
      log: turnLog,
      conversationReference: conversationReferenceOf(activity),
      send,
      sendText: (key, params) => send({ text: t(key, params) }),
      updateCard: async (card) => {
        if (isInvoke) {
          replacementCard = card;
        } else if (activity.replyToId) {
          await context.updateActivity({
            id: activity.replyToId,
            type: ActivityTypes.Message,
            attachments: [cardAttachment(card)],
          });
        } else {
          await send({ card });
        }
      },
      fetchProfile: async () => {
        try {
          const account = await TeamsInfo.getMember(context, activity.from.id);
          return {
            email: account.email,
            userPrincipalName: account.userPrincipalName,
            givenName: account.givenName,
            surname: account.surname,
            tenantId: account.tenantId,
          };
        } catch (error) {
          // Outside Teams (or when the roster is not reachable) the profile simply stays unknown.
          turnLog.debug({ err: error }, 'Teams member lookup failed');
          return undefined;
        }
      },
    };
    const outcome = await dispatch(router, incoming, turn);
    if (isInvoke) {
      await answerInvoke(context, StatusCodes.OK, invokeBody(replacementCard, outcome.errorText));
    } else if (outcome.errorText && incoming.kind === 'cardAction') {
      await send({ text: outcome.errorText });
    }
  };
}

/**
 * Universal Actions response: the refreshed card, or a short message Teams shows on the card.
 * https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/universal-action-model
 */
function invokeBody(
  card: AdaptiveCardJson | undefined,
  errorText: string | undefined,
): Record<string, unknown> {
  if (errorText !== undefined) {
    return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: errorText };
  }
  if (card) return { statusCode: 200, type: adaptiveCardContentType, value: card };
  return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: '' };
}

/** One polite answer to what a person typed or clicked; membership events get none. */
async function refuseForeignTenant(
  context: TurnContext,
  incoming: Incoming | undefined,
  text: string,
): Promise<void> {
  if (context.activity.type === ActivityTypes.Invoke) {
    await answerInvoke(context, StatusCodes.OK, invokeBody(undefined, text));
  } else if (incoming?.kind === 'message' || incoming?.kind === 'cardAction') {
    await context.sendActivity(toActivity({ text }));
  }
}

async function answerInvoke(context: TurnContext, status: number, body: unknown): Promise<void> {
  await context.sendActivity({ type: 'invokeResponse', value: { status, body } });
}
