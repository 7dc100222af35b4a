import type { OutgoingMessage } from './turn';

/** A send the Bot Connector refused or that never reached it. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    /** HTTP status from the Bot Connector; undefined for network failures. */
    readonly status: number | undefined,
    /** From the Retry-After header of a 429 (or 503), in milliseconds. */
    readonly retryAfterMs: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DeliveryError';
  }
}

/** A stored conversation reference (JSON): where to reach a person or a channel later. */
export type ConversationReferenceJson = Record<string, unknown>;

/**
 * Proactive messages, outside of a turn (notify a lead, remind a newcomer, post a digest).
 * Implemented by src/platform with the Bot Framework adapter.
 */
export interface Messenger {
  send(reference: ConversationReferenceJson, message: OutgoingMessage): Promise<string | undefined>;
  update(reference: ConversationReferenceJson, activityId: string, message: OutgoingMessage): Promise<void>;
  delete(reference: ConversationReferenceJson, activityId: string): Promise<void>;
  /**
   * Opens (or finds) the 1:1 chat between the bot and a person Teams told us about, e.g. someone
   * added to a team who never wrote to the bot. Returns its reference, to store and reuse.
   */
  openPersonalConversation(target: PersonalConversationTarget): Promise<ConversationReferenceJson>;
  /**
   * Everyone in a team or group chat, read page by page from the paged roster API
   * (`/v3/conversations/{id}/pagedmembers`, following continuation tokens).
   */
  readRoster(target: RosterTarget): Promise<RosterAccount[]>;
}

export interface RosterTarget {
  serviceUrl: string;
  tenantId?: string;
  /** The team id or the group chat id. */
  conversationId: string;
}

/** One person of a roster, as Teams describes them. */
export interface RosterAccount {
  id: string;
  aadObjectId?: string;
  name?: string;
  email?: string;
  userPrincipalName?: string;
  tenantId?: string;
}

export interface PersonalConversationTarget {
  /** The Bot Connector endpoint of the tenant (the `serviceUrl` of any activity from it). */
  serviceUrl: string;
  tenantId?: string;
  /** The person's Teams user id (29:…). */
  userId: string;
}
