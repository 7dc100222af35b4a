import type { Logger } from 'pino';
import type { OutgoingMessage } from '../../bot/turn';
import type { Outbox } from '../../delivery/outbox';
import { personDelivery } from '../../delivery/person-delivery';
import { isReachable } from '../members/reach';
import type { MemberRecord } from '../members/repository';

export interface PersonalMessage {
  member: MemberRecord;
  /** Unique per message: the outbox sends a key to a person once, whoever enqueues it. */
  messageKey: string;
  message: OutgoingMessage;
}

/**
 * Every message of this slice to a person goes through here: one person-targeted outbox delivery
 * each (the outbox opens the 1:1 chat at send time when none is stored), sent by the background
 * drainer. Each message has its own key, so deliveries are built here rather than through reach's
 * one-key `deliverToPeople`. People the bot cannot reach (blocked, left, no address) are returned.
 */
export async function sendToPeople(
  deps: { outbox: Pick<Outbox, 'enqueue'>; log: Logger },
  batchKey: string,
  messages: readonly PersonalMessage[],
): Promise<{ queued: number; unreachable: MemberRecord[] }> {
  const reachable = messages.filter(({ member }) => isReachable(member));
  const unreachable = messages.filter(({ member }) => !isReachable(member)).map(({ member }) => member);
  if (reachable.length > 0) {
    await deps.outbox.enqueue(
      reachable.map(({ member, messageKey, message }) =>
        personDelivery(member.id, message, { batchKey, messageKey }),
      ),
    );
  }
  if (unreachable.length > 0) {
    deps.log.warn(
      { batchKey, unreachable: unreachable.map((member) => member.id) },
      'meetup message not deliverable',
    );
  }
  return { queued: reachable.length, unreachable };
}
