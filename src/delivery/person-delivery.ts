import type { ConversationReferenceJson, PersonalConversationTarget } from '../bot/messenger';
import type { OutgoingMessage } from '../bot/turn';
import type { NewDelivery } from './repository';

/** Why a person cannot be reached 1:1: the app is blocked or uninstalled (403), or they are gone (404). */
export type UnreachableReason = 'blocked' | 'notFound';

/** How the outbox reaches a person at send time. */
export interface PersonAddress {
  /** Their stored 1:1 chat with the bot, if there is one. */
  reference?: ConversationReferenceJson;
  /** What opening that chat needs (Teams id, tenant, Bot Connector address); absent: it cannot be opened. */
  target?: PersonalConversationTarget;
}

/**
 * The people side of the outbox, implemented by the members slice: where a person is, remembering
 * the 1:1 chat opened for them, and marking them unreachable when Teams refuses.
 */
export interface PersonDirectory {
  addressOf(memberId: string): Promise<PersonAddress | undefined>;
  rememberConversation(memberId: string, reference: ConversationReferenceJson): Promise<void>;
  markUnreachable(
    memberId: string,
    failure: { reason: UnreachableReason; status?: number; error: string },
    now: Date,
  ): Promise<void>;
}

/** The outbox key of a person's deliveries: one per message and person, whatever chat they end up in. */
export const personConversationId = (memberId: string) => `person:${memberId}`;

export function unreachableReasonOf(status: number | undefined): UnreachableReason | undefined {
  if (status === 403) return 'blocked';
  if (status === 404) return 'notFound';
  return undefined;
}

/**
 * One post to one person: the outbox opens their 1:1 chat at send time when none is stored yet.
 * `reference`, when given, is only a hint: the person's current chat is looked up at send time.
 */
export function personDelivery(
  memberId: string,
  message: OutgoingMessage | OutgoingMessage[],
  keys: { batchKey: string; messageKey: string },
): NewDelivery {
  return {
    ...keys,
    conversationId: personConversationId(memberId),
    recipientMemberId: memberId,
    operation: 'post',
    messages: Array.isArray(message) ? message : [message],
  };
}
