import { refreshAudience, type Actor } from '../../people';
import { belongsToAudience, loadAudience } from './audience';
import { readChoices, type ChoicesReading } from './ballot-choices';
import type { VoterView } from './cards';
import { isFinal } from './poll-status';
import type { BallotRecord, PollRecord, Tally } from './repository';
import { requireSentPoll, type PollDependencies } from './service';
import { voterKeyOf } from './voter-key';

type BallotSources = Pick<PollDependencies, 'polls' | 'people' | 'ballotKeys'>;

export type BallotOutcome =
  /** `tally`: the poll's, this ballot included. */
  | { kind: 'recorded'; ballot: BallotRecord; changed: boolean; tally: Tally }
  /** Closed, or past its deadline while the closing job has not run yet: nothing recorded. */
  | { kind: 'closed' }
  | { kind: 'notInAudience' }
  | { kind: 'refused'; problem: Extract<ChoicesReading, { ok: false }>['problem'] };

/**
 * Casts or changes a member's ballot. Membership is checked at the time of voting; the choices
 * are read against the poll, never trusted from the card; the one-ballot rule is the database's.
 */
export async function castBallot(
  deps: BallotSources,
  vote: { poll: PollRecord; memberId: string; choices: string; now: Date },
): Promise<BallotOutcome> {
  const { poll, memberId, now } = vote;
  if (poll.status !== 'open' || isFinal(poll, now)) return { kind: 'closed' };
  if (!(await belongsToAudience(deps.people, poll, memberId))) return { kind: 'notInAudience' };
  const reading = readChoices(poll, vote.choices);
  if (!reading.ok) return { kind: 'refused', problem: reading.problem };
  const ballot: BallotRecord = {
    pollId: poll.id,
    voterKey: voterKeyOf(poll, memberId, deps.ballotKeys),
    choices: reading.choices,
    // Anonymous ballots hold no trace of the voter beyond the keyed hash.
    ...(poll.anonymous ? {} : { memberId }),
  };
  const { changed, tally } = await deps.polls.recordBallot(ballot);
  return { kind: 'recorded', ballot, changed, tally };
}

/** Who looks at the card: their Teams id, and whether the card sits in a channel or group chat. */
export interface Viewer {
  userId: string;
  shared: boolean;
}

/** The poll card as one person sees it; `known` skips reading what the caller already knows. */
export async function voterViewOf(
  deps: BallotSources,
  poll: PollRecord,
  memberId: string,
  viewer: Viewer,
  known: { ballot?: BallotRecord; tally?: Tally; isInAudience?: boolean } = {},
): Promise<Omit<VoterView, 'notice'>> {
  const [ballot, tally, isInAudience] = await Promise.all([
    known.ballot ?? deps.polls.findBallot(poll.id, voterKeyOf(poll, memberId, deps.ballotKeys)),
    known.tally ?? deps.polls.tally(poll.id),
    known.isInAudience ?? belongsToAudience(deps.people, poll, memberId),
  ]);
  // In a shared conversation, Teams refreshes the card by itself for (some of) the audience.
  const refreshUserIds = viewer.shared
    ? refreshAudience((await loadAudience(deps.people, poll)).members, viewer.userId)
    : [viewer.userId];
  return { poll, ballot, tally, isInAudience, shared: viewer.shared, refreshUserIds };
}

export type VoteOutcome =
  | { kind: 'recorded'; changed: boolean; view: Omit<VoterView, 'notice'> }
  | { kind: 'closed'; view: Omit<VoterView, 'notice'> }
  | { kind: 'notInAudience'; audienceTitle: string }
  | Extract<BallotOutcome, { kind: 'refused' }>;

/** `poll.vote`: the ballot cast from a poll card, and the card the voter sees next. */
export async function voteOnPoll(
  deps: BallotSources,
  request: { actor: Actor; pollId: string; choices: string; viewer: Viewer; now: Date },
): Promise<VoteOutcome> {
  const memberId = request.actor.member.id;
  const poll = await requireSentPoll(deps.polls, request.pollId);
  const outcome = await castBallot(deps, { poll, memberId, choices: request.choices, now: request.now });
  switch (outcome.kind) {
    case 'closed':
      return { kind: 'closed', view: await voterViewOf(deps, poll, memberId, request.viewer) };
    case 'notInAudience':
      return { kind: 'notInAudience', audienceTitle: poll.audienceTitle };
    case 'refused':
      return outcome;
    case 'recorded': {
      // A ballot was just recorded, with the tally: its author belongs to the audience.
      const known = { ballot: outcome.ballot, tally: outcome.tally, isInAudience: true };
      const view = await voterViewOf(deps, poll, memberId, request.viewer, known);
      return { kind: 'recorded', changed: outcome.changed, view };
    }
  }
}

/**
 * `poll.show` / `poll.refresh`: the card for this person. `outsider` when they are not asked
 * while the poll still runs (they see it, without the vote buttons).
 */
export async function pollAsSeenBy(
  deps: BallotSources,
  actor: Actor,
  request: { pollId: string; viewer: Viewer; now: Date },
): Promise<{ view: Omit<VoterView, 'notice'>; outsider: boolean }> {
  const poll = await requireSentPoll(deps.polls, request.pollId);
  const isInAudience = await belongsToAudience(deps.people, poll, actor.member.id);
  const view = await voterViewOf(deps, poll, actor.member.id, request.viewer, { isInAudience });
  return { view, outsider: !isInAudience && !isFinal(poll, request.now) };
}
