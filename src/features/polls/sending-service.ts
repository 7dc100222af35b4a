import { personDelivery } from '../../delivery/person-delivery';
import type { NewDelivery } from '../../delivery/repository';
import { AppError } from '../../errors';
import { formatInstant } from '../../i18n/calendar';
import { isReachable, refreshAudience, translatorFor, type Actor, type MemberRecord } from '../../people';
import { conversationIdOf, loadAudience, summarize, type PollAudience } from './audience';
import {
  channelTranslator,
  renderVoterCard,
  type AudienceSummary,
  type CardContext,
  type ResultsView,
} from './cards';
import type { PollRecord, Tally } from './repository';
import { resultsFor } from './results-service';
import { managedPoll, pollMessageKeys, requirePoll, type PollDependencies } from './service';
import { currentBallotKeyId, voterKeyOf } from './voter-key';

export type SendOutcome =
  | { kind: 'sent'; poll: PollRecord; personal: number; channel: boolean }
  | { kind: 'alreadySent' }
  | { kind: 'nobody' };

const noBallots = (): Tally => ({ ballots: 0, counts: new Map<string, number>() });

/** The poll card in each reachable member's 1:1 chat: the outbox opens the chats of those who never wrote. */
function personalCards(poll: PollRecord, members: MemberRecord[], context: CardContext): NewDelivery[] {
  const batchKey = pollMessageKeys.card(poll.id);
  return members.filter(isReachable).map((member) => {
    const card = renderVoterCard(
      {
        poll,
        tally: noBallots(),
        isInAudience: true,
        shared: false,
        refreshUserIds: member.teamsUserId ? [member.teamsUserId] : [],
      },
      { ...context, t: translatorFor(member) },
    );
    return personDelivery(member.id, { card }, { batchKey, messageKey: batchKey });
  });
}

/** The poll card posted in the group's linked channel, if it has one. */
function channelCard(poll: PollRecord, audience: PollAudience, context: CardContext): NewDelivery[] {
  const channelId = audience.channel && conversationIdOf(audience.channel);
  if (!audience.channel || !channelId) return [];
  const card = renderVoterCard(
    {
      poll,
      tally: noBallots(),
      isInAudience: true,
      shared: true,
      refreshUserIds: refreshAudience(audience.members),
    },
    context,
  );
  const batchKey = pollMessageKeys.card(poll.id);
  return [
    {
      batchKey,
      messageKey: batchKey,
      conversationId: channelId,
      reference: audience.channel,
      operation: 'post',
      messages: [{ card }],
    },
  ];
}

/**
 * Sends a draft: one delivery per member's 1:1 chat and one for the group's channel, then
 * draft → open. Deliveries are enqueued first: enqueuing is idempotent (unique per message and
 * conversation), so two clicks at once, or a retry after a crash in between, never send twice.
 */
export async function sendPoll(deps: PollDependencies, poll: PollRecord, now: Date): Promise<SendOutcome> {
  if (poll.status !== 'draft') return { kind: 'alreadySent' };
  const audience = await loadAudience(deps.people, poll);
  const context: CardContext = { t: channelTranslator(), timeZone: deps.timeZone, now };
  const opening = { ...poll, status: 'open' as const, targetCount: audience.members.length };
  const personal = poll.sendPersonal ? personalCards(opening, audience.members, context) : [];
  const deliveries = [...personal, ...(poll.sendChannel ? channelCard(opening, audience, context) : [])];
  if (deliveries.length === 0) return { kind: 'nobody' };
  await deps.outbox.enqueue(deliveries);
  const opened = await deps.polls.openPoll(
    poll.id,
    {
      targetMemberIds: audience.members.map((member) => member.id),
      ...(poll.anonymous ? { ballotKeyId: currentBallotKeyId(deps.ballotKeys) } : {}),
    },
    now,
  );
  if (!opened) return { kind: 'alreadySent' };
  const channel = personal.length < deliveries.length;
  deps.log.info(
    { pollId: poll.id, groupSlug: poll.groupSlug, personal: personal.length, channel },
    'poll sent',
  );
  return { kind: 'sent', poll: opened, personal: personal.length, channel };
}

/** Where the sending of a poll's cards stands, once it left its draft. */
export interface SendingProgress {
  sent: number;
  failed: number;
  waiting: number;
}

export async function progressOf(
  deps: Pick<PollDependencies, 'deliveries'>,
  poll: PollRecord,
): Promise<SendingProgress | undefined> {
  if (poll.status === 'draft') return undefined;
  const states = await deps.deliveries.countMessageStates(pollMessageKeys.card(poll.id));
  return { sent: states.sent, failed: states.failed, waiting: states.pending + states.sending };
}

/** A poll as its author follows its sending: whom it addresses, how far the cards went. */
export interface SendingView {
  poll: PollRecord;
  audience: AudienceSummary;
  progress?: SendingProgress;
}

/** `poll.send`: the author sends their draft (a second click finds it already sent). */
export async function sendDraft(
  deps: PollDependencies,
  actor: Actor,
  pollId: string,
  now: Date,
): Promise<SendingView & ({ kind: 'sent'; personal: number; channel: boolean } | { kind: 'alreadySent' })> {
  const poll = await managedPoll(deps, actor, pollId);
  if (poll.status === 'draft' && poll.deadline.getTime() <= now.getTime()) {
    throw new AppError('INVALID_INPUT', { details: { messageKey: 'polls.problems.deadlinePast' } });
  }
  const outcome = await sendPoll(deps, poll, now);
  const audience = summarize(await loadAudience(deps.people, poll));
  if (outcome.kind === 'nobody') {
    throw new AppError('INVALID_INPUT', { details: { messageKey: 'polls.preview.nobodyToReach' } });
  }
  if (outcome.kind === 'alreadySent') {
    const current = await requirePoll(deps.polls, poll.id, actor);
    return { kind: 'alreadySent', poll: current, audience, progress: await progressOf(deps, current) };
  }
  return { ...outcome, audience, progress: await progressOf(deps, outcome.poll) };
}

/** `poll.progress`: Teams refreshes the author's card as they look at it. */
export async function sendingViewOf(
  deps: Pick<PollDependencies, 'polls' | 'people' | 'deliveries'>,
  actor: Actor,
  pollId: string,
): Promise<SendingView> {
  const poll = await managedPoll(deps, actor, pollId);
  const audience = summarize(await loadAudience(deps.people, poll));
  return { poll, audience, progress: await progressOf(deps, poll) };
}

export type ReminderOutcome =
  { kind: 'reminded'; count: number } | { kind: 'already'; at: Date } | { kind: 'closed' };

function reminderTo(member: MemberRecord, poll: PollRecord, tally: Tally, timeZone: string, now: Date) {
  const t = translatorFor(member);
  const card = renderVoterCard(
    {
      poll,
      tally,
      isInAudience: true,
      shared: false,
      refreshUserIds: member.teamsUserId ? [member.teamsUserId] : [],
    },
    { t, timeZone, now },
  );
  const text = t('polls.remind.message', {
    question: poll.question,
    date: formatInstant(poll.deadline, t.locale, timeZone),
  });
  return personDelivery(
    member.id,
    { text, card },
    { batchKey: pollMessageKeys.card(poll.id), messageKey: pollMessageKeys.reminder(poll.id) },
  );
}

/**
 * Reminds the audience members who have not voted, once per poll. Anonymous ballots do not say
 * who voted: each member's keyed hash is recomputed and looked up instead.
 */
export async function remindNonVoters(
  deps: PollDependencies,
  poll: PollRecord,
  now: Date,
): Promise<ReminderOutcome> {
  if (poll.status !== 'open' || poll.deadline.getTime() <= now.getTime()) return { kind: 'closed' };
  if (!(await deps.polls.markReminded(poll.id, now))) {
    const current = await deps.polls.findPoll(poll.id);
    if (current?.remindedAt) return { kind: 'already', at: current.remindedAt };
    return { kind: 'closed' };
  }
  // Only those who may vote: asked when the poll was sent and still in the group (belongsToAudience).
  const members = (await loadAudience(deps.people, poll)).members.filter((member) =>
    poll.targetMemberIds.includes(member.id),
  );
  const keys = new Map(members.map((member) => [voterKeyOf(poll, member.id, deps.ballotKeys), member]));
  const voted = await deps.polls.existingVoterKeys(poll.id, [...keys.keys()]);
  const tally = await deps.polls.tally(poll.id);
  const deliveries = [...keys]
    .filter(([key, member]) => !voted.has(key) && isReachable(member))
    .map(([, member]) => reminderTo(member, poll, tally, deps.timeZone, now));
  await deps.outbox.enqueue(deliveries);
  deps.log.info({ pollId: poll.id, reminded: deliveries.length }, 'poll reminder sent');
  return { kind: 'reminded', count: deliveries.length };
}

/** `poll.remind`: the lead reminds the non-voters, and sees the results with what happened. */
export async function remindFor(
  deps: PollDependencies,
  actor: Actor,
  pollId: string,
  now: Date,
): Promise<{ outcome: ReminderOutcome; results: Omit<ResultsView, 'notice'> }> {
  const poll = await managedPoll(deps, actor, pollId);
  const outcome = await remindNonVoters(deps, poll, now);
  const current = (await deps.polls.findPoll(poll.id)) ?? poll;
  return { outcome, results: await resultsFor(deps, actor, current) };
}
