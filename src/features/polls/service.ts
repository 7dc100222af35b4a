import type { Logger } from 'pino';
import type { Router } from '../../bot/router';
import type { Clock } from '../../clock';
import type { BallotKey } from '../../config';
import type { Outbox } from '../../delivery/outbox';
import type { OutboxRepository } from '../../delivery/repository';
import { AppError } from '../../errors';
import { can, ensureAllowed, type Actor, type GroupRecord, type People } from '../../people';
import type { ListedPoll } from './cards';
import { pollPermissions } from './permissions';
import { isFinal } from './poll-status';
import type { PollRecord, PollsRepository } from './repository';
import { voterKeyOf } from './voter-key';

/** What the polls services work with; built once in the slice's `register`. */
export interface PollDependencies {
  polls: PollsRepository;
  people: People;
  /** The outbox's records: how far a poll's sending went, which cards to edit when it closes. */
  deliveries: OutboxRepository;
  /** Every proactive card goes through it (queued here, sent in the background). */
  outbox: Pick<Outbox, 'enqueue'>;
  /** config.ballotKeys: the secrets of anonymous voter keys, current first. */
  ballotKeys: readonly BallotKey[];
  timeZone: string;
  clock: Clock;
  /** Where the slice tells the others what happened (`poll:closed`). */
  events: Pick<Router, 'publish'>;
  log: Logger;
}

/** The outbox keys of a poll: its card, a post's final edit, the lead's results, the reminder. */
export const pollMessageKeys = {
  card: (pollId: string) => `poll:${pollId}`,
  /** The edit of a post when the poll closes: `poll:<id>:closed` for the poll card itself. */
  closed: (postKey: string) => `${postKey}:closed`,
  results: (pollId: string) => `poll:${pollId}:results`,
  reminder: (pollId: string) => `poll:${pollId}:reminder`,
};

export const unknownPoll = () => new AppError('NOT_FOUND', { what: { messageKey: 'polls.unknownPoll' } });

/** Drafts are their author's alone; sent polls are found by anyone holding their card. */
export async function requirePoll(
  polls: PollsRepository,
  pollId: string,
  actor?: Actor,
): Promise<PollRecord> {
  const poll = await polls.findPoll(pollId);
  if (!poll) throw unknownPoll();
  if (poll.status === 'draft' && poll.createdBy.memberId !== actor?.member.id) throw unknownPoll();
  return poll;
}

/** A poll its audience sees: never a draft, not even to its author. */
export async function requireSentPoll(polls: PollsRepository, pollId: string): Promise<PollRecord> {
  const poll = await requirePoll(polls, pollId);
  if (poll.status === 'draft') throw unknownPoll();
  return poll;
}

/** Leads poll their group; the whole network is for coordinators. Checked on every action. */
export function ensureMayPoll(actor: Actor, groupSlug: string | undefined): void {
  if (groupSlug === undefined) ensureAllowed(actor, pollPermissions.pollNetwork);
  else ensureAllowed(actor, pollPermissions.pollGroup, groupSlug);
}

/** Whether this person may remind, close or follow the poll: its group's leads, coordinators. */
export function mayManage(actor: Actor, poll: Pick<PollRecord, 'groupSlug'>): boolean {
  return poll.groupSlug
    ? can(actor, pollPermissions.pollGroup, poll.groupSlug)
    : can(actor, pollPermissions.pollNetwork);
}

/** The poll a lead or coordinator acts on: found, visible to them, theirs to manage. */
export async function managedPoll(
  deps: Pick<PollDependencies, 'polls'>,
  actor: Actor,
  pollId: string,
): Promise<PollRecord> {
  const poll = await requirePoll(deps.polls, pollId, actor);
  ensureMayPoll(actor, poll.groupSlug);
  return poll;
}

/** Whom this person may poll: the groups they lead (every group for coordinators), the network. */
export interface PollableAudiences {
  groups: GroupRecord[];
  network: boolean;
}

export async function pollableAudiences(
  people: Pick<People, 'groups'>,
  actor: Actor,
): Promise<PollableAudiences> {
  return {
    groups: (await people.groups.listGroups()).filter((group) =>
      can(actor, pollPermissions.pollGroup, group.slug),
    ),
    network: can(actor, pollPermissions.pollNetwork),
  };
}

/** The polls of `sondages`: open ones to answer, one's own, and for coordinators the closed ones. */
export interface PollLists {
  toAnswer: ListedPoll[];
  mine: ListedPoll[];
  exportable: ListedPoll[];
}

export async function pollListsOf(
  deps: Pick<PollDependencies, 'polls' | 'people' | 'ballotKeys'>,
  actor: Actor,
  options: { now: Date; length: number },
): Promise<PollLists> {
  const { polls } = deps;
  const memberships = await deps.people.groups.groupsOf(actor.member.id);
  const open = (
    await polls.findOpenPollsFor(
      memberships.map((membership) => membership.groupSlug),
      true,
    )
  ).filter((poll) => !isFinal(poll, options.now));
  const answered = new Set(
    (
      await polls.findBallots(
        open.map((poll) => ({
          pollId: poll.id,
          voterKey: voterKeyOf(poll, actor.member.id, deps.ballotKeys),
        })),
      )
    ).map((ballot) => ballot.pollId),
  );
  const created = await polls.findPollsCreatedBy(actor.member.id, options.length);
  const closed = can(actor, pollPermissions.exportPollResults)
    ? await polls.findRecentlyClosed(options.length)
    : [];
  // The tallies of both lists in one round trip, whatever their length.
  const tallies = await polls.tallies([...new Set([...created, ...closed].map((poll) => poll.id))]);
  const withTally = (poll: PollRecord) => ({ poll, tally: tallies.get(poll.id) });
  return {
    toAnswer: open.map((poll) => ({ poll, answered: answered.has(poll.id) })),
    mine: created.map(withTally),
    exportable: closed.map(withTally),
  };
}

/**
 * The open polls this person may remind (those not reminded yet) or close: their groups' polls,
 * every poll for coordinators. Members who lead nothing are told the action is for leads.
 */
export async function pollsToManage(
  deps: Pick<PollDependencies, 'polls' | 'people'>,
  actor: Actor,
  purpose: 'remind' | 'close',
  now: Date,
): Promise<PollRecord[]> {
  if (!actor.isCoordinator && actor.leadOf.size === 0) ensureAllowed(actor, pollPermissions.pollGroup, '');
  const open = actor.isCoordinator
    ? await deps.polls.findOpenPollsFor(
        (await deps.people.groups.listGroups()).map((group) => group.slug),
        true,
      )
    : await deps.polls.findOpenPollsFor([...actor.leadOf], false);
  return open.filter((poll) => !isFinal(poll, now) && (purpose === 'close' || !poll.remindedAt));
}
