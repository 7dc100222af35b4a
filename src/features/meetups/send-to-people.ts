import type { Logger } from 'pino';
import type { OutgoingMessage } from '../../bot/turn';
import type { Outbox } from '../../delivery/outbox';
import { deliverEach, type MemberRecord } from '../../people';

export interface PersonalMessage {
  member: MemberRecord;
  /** Unique per message: the outbox sends a key to a person once, whoever enqueues it. */
  messageKey: string;
  message: OutgoingMessage;
}

/**
 * Every message of this slice to a person goes through here: reach's `deliverEach` (one
 * person-targeted outbox delivery each, the 1:1 chat opened on demand), plus a log line naming the
 * people the bot cannot reach, who are returned.
 */
export async function sendToPeople(
  deps: { outbox: Pick<Outbox, 'enqueue'>; log: Logger },
  batchKey: string,
  messages: readonly PersonalMessage[],
): Promise<{ queued: number; unreachable: MemberRecord[] }> {
  const result = await deliverEach(
    deps.outbox,
    batchKey,
    messages.map(({ member, messageKey, message }) => ({ member, messageKey, message: () => message })),
  );
  if (result.unreachable.length > 0) {
    deps.log.warn(
      { batchKey, unreachable: result.unreachable.map((member) => member.id) },
      'meetup message not deliverable',
    );
  }
  return { queued: result.reachable, unreachable: result.unreachable };
}
