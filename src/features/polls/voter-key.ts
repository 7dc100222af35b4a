import { createHmac } from 'node:crypto';
import type { PollRecord } from './repository';

/**
 * The key of a member's ballot in a poll, unique per (poll, key) in the database. Named polls use
 * the member id. Anonymous polls use HMAC-SHA256(config.pollBallotKey, pollId:memberId): the same
 * member always gets the same key (one ballot each), yet without the secret, which never enters
 * the database, a ballot cannot be traced back to anyone. With it, the bot can still test whether
 * a given member voted (for reminders) without storing who did.
 */
export function voterKeyOf(
  poll: Pick<PollRecord, 'id' | 'anonymous'>,
  memberId: string,
  ballotSecret: string,
): string {
  if (!poll.anonymous) return memberId;
  return createHmac('sha256', ballotSecret).update(`${poll.id}:${memberId}`).digest('hex');
}
