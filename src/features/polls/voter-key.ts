import { createHmac } from 'node:crypto';
import type { BallotKey } from '../../config';
import { AppError } from '../../errors';
import type { PollRecord } from './repository';

/** Polls opened before ballot keys had ids were signed with the bare secret, now id `k0`. */
const legacyKeyId = 'k0';

/**
 * The key of a member's ballot in a poll, unique per (poll, key) in the database. Named polls use
 * the member id. Anonymous polls use HMAC-SHA256(secret, pollId:memberId): the same member always
 * gets the same key (one ballot each), yet without the secret, which never enters the database, a
 * ballot cannot be traced back to anyone. With it, the bot can still test whether a given member
 * voted (for reminders) without storing who did.
 *
 * A poll records the id of the key it was opened with, and its ballots carry that id: rotating
 * `POLL_BALLOT_KEY` (new key first, old ones after) changes nothing for polls already open, so
 * nobody gets a second ballot from the rotation.
 */
export function voterKeyOf(
  poll: Pick<PollRecord, 'id' | 'anonymous' | 'ballotKeyId'>,
  memberId: string,
  ballotKeys: readonly BallotKey[],
): string {
  if (!poll.anonymous) return memberId;
  const keyId = poll.ballotKeyId ?? legacyKeyId;
  const key = ballotKeys.find((candidate) => candidate.id === keyId);
  // The key of an open poll was removed from POLL_BALLOT_KEY: ballots cannot be checked.
  if (!key)
    throw new AppError('UNAVAILABLE', {}, { cause: new Error(`ballot key ${keyId} is not configured`) });
  const digest = createHmac('sha256', key.secret).update(`${poll.id}:${memberId}`).digest('hex');
  return poll.ballotKeyId ? `${keyId}:${digest}` : digest;
}

/** The id a poll opened now records: the first (current) key of POLL_BALLOT_KEY. */
export function currentBallotKeyId(ballotKeys: readonly BallotKey[]): string {
  return ballotKeys[0].id;
}
