import type { OutgoingMessage } from './turn';

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
}
