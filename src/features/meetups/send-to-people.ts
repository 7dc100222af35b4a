import type { Logger } from 'pino';
import type { OutgoingMessage } from '../../bot/turn';
import type { Outbox } from '../../delivery/outbox';
import type { NewDelivery } from '../../delivery/repository';
import type { MemberRecord } from '../members/repository';
import { conversationIdOf } from '../polls/poll-audience';

export interface PersonalMessage {
  member: MemberRecord;
  /** Unique per message: the outbox sends a key to a conversation once, whoever enqueues it. */
  messageKey: string;
  message: OutgoingMessage;
}

/**
 * Every message of this slice to a person goes through here: one outbox delivery to their 1:1
 * chat with the bot, then a drain. People whose 1:1 chat the bot does not know are returned.
 * (The one place to switch to person-targeted deliveries that open the chat on demand.)
 */
export async function sendToPeople(
  deps: { outbox: Outbox; log: Logger },
  batchKey: string,
  messages: readonly PersonalMessage[],
): Promise<{ queued: number; unreachable: MemberRecord[] }> {
  const deliveries: NewDelivery[] = [];
  const unreachable: MemberRecord[] = [];
  for (const { member, messageKey, message } of messages) {
    const reference = member.personalConversation;
    const conversationId = reference && conversationIdOf(reference);
    if (!reference || !conversationId) {
      unreachable.push(member);
      continue;
    }
    deliveries.push({
      batchKey,
      messageKey,
      conversationId,
      reference,
      operation: 'post',
      messages: [message],
    });
  }
  if (deliveries.length > 0) {
    await deps.outbox.enqueue(deliveries);
    await deps.outbox.drain();
  }
  if (unreachable.length > 0) {
    deps.log.warn(
      { batchKey, unreachable: unreachable.map((member) => member.id) },
      'meetup message not deliverable',
    );
  }
  return { queued: deliveries.length, unreachable };
}
