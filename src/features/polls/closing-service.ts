import { personDelivery } from '../../delivery/person-delivery';
import type { NewDelivery } from '../../delivery/repository';
import { actorFrom, can, isReachable, translatorFor, type Actor } from '../../people';
import {
  channelTranslator,
  renderResultsCard,
  renderVoterCard,
  type CardContext,
  type ResultsView,
} from './cards';
import { pollPermissions } from './permissions';
import type { PollRecord } from './repository';
import { resultsFor, resultsViewOf } from './results-service';
import { managedPoll, pollMessageKeys, type PollDependencies } from './service';

export type ClosedBy = 'deadline' | 'lead';

type LeadResults = Pick<ResultsView, 'poll' | 'tally' | 'votersByOption' | 'nonRespondents'>;

/** The poll cards sent (and reminded) become the final results, where Teams allows editing. */
async function finalCardEdits(deps: PollDependencies, view: LeadResults, now: Date): Promise<NewDelivery[]> {
  const closed = view.poll;
  const context: CardContext = { t: channelTranslator(), timeZone: deps.timeZone, now };
  const finalCard = renderVoterCard(
    { poll: closed, tally: view.tally, isInAudience: false, shared: false, refreshUserIds: [] },
    context,
  );
  const cardKeys = [pollMessageKeys.card(closed.id), pollMessageKeys.reminder(closed.id)];
  const posts = (await deps.deliveries.deliveriesOf(pollMessageKeys.card(closed.id))).filter(
    (delivery) => delivery.operation === 'post' && cardKeys.includes(delivery.messageKey),
  );
  return posts.map((post) => ({
    batchKey: pollMessageKeys.card(closed.id),
    messageKey: pollMessageKeys.closed(post.messageKey),
    targetMessageKey: post.messageKey,
    conversationId: post.conversationId,
    reference: post.reference,
    recipientMemberId: post.recipientMemberId,
    operation: 'update',
    messages: [{ card: finalCard }],
  }));
}

/** The results for the poll's author, in their 1:1 chat; none when they cannot be reached there. */
async function resultsForLead(deps: PollDependencies, view: LeadResults, now: Date): Promise<NewDelivery[]> {
  const closed = view.poll;
  const { members, configuredCoordinators } = deps.people;
  const lead = closed.createdBy.memberId ? await members.findById(closed.createdBy.memberId) : undefined;
  if (!lead || !isReachable(lead)) {
    deps.log.warn(
      { pollId: closed.id },
      'poll closed but its lead cannot be reached in private to receive the results',
    );
    return [];
  }
  const leadActor = actorFrom(lead, await members.grantsOf(lead.id), configuredCoordinators);
  const t = translatorFor(lead);
  const card = renderResultsCard(
    {
      ...view,
      canRemind: false,
      canClose: false,
      canExport: can(leadActor, pollPermissions.exportPollResults),
      notice: t('polls.results.closedNotice', { question: closed.question }),
    },
    { t, timeZone: deps.timeZone, now },
  );
  return [
    personDelivery(
      lead.id,
      { card },
      { batchKey: pollMessageKeys.card(closed.id), messageKey: pollMessageKeys.results(closed.id) },
    ),
  ];
}

/**
 * The one way a poll closes (open → closed, atomically), at its deadline or on its lead's word.
 * Only the call that closed it queues the final card in place of every poll card sent and the
 * results for the lead, then tells the other slices (`poll:closed`). Returns the closed poll, or
 * undefined when it was not open (already closed by the job or the lead).
 */
export async function closePoll(
  deps: PollDependencies,
  pollId: string,
  closedBy: ClosedBy,
  now: Date,
): Promise<PollRecord | undefined> {
  const closed = await deps.polls.closePoll(pollId, closedBy, now);
  if (!closed) return undefined;
  const view = await resultsViewOf(deps, closed);
  const deliveries = [...(await finalCardEdits(deps, view, now)), ...(await resultsForLead(deps, view, now))];
  await deps.outbox.enqueue(deliveries);
  deps.log.info({ pollId: closed.id, closedBy, ballots: view.tally.ballots }, 'poll closed');
  await deps.events.publish('poll:closed', {
    pollId: closed.id,
    groupSlug: closed.groupSlug,
    closedBy,
    at: closed.closedAt ?? now,
  });
  return closed;
}

/**
 * The body of the `polls.close` job (every minute): closes every poll whose deadline has passed
 * and sends what closing queued. Safe to run twice at once: each poll closes once.
 */
export async function closeDuePolls(deps: PollDependencies, now: Date): Promise<PollRecord[]> {
  const closed: PollRecord[] = [];
  for (const poll of await deps.polls.findDuePolls(now)) {
    const result = await closePoll(deps, poll.id, 'deadline', now);
    if (result) closed.push(result);
  }
  return closed;
}

/** `poll.close`: the lead closes early, and sees the results; `closed` is false if it already was. */
export async function closeFor(
  deps: PollDependencies,
  actor: Actor,
  pollId: string,
  now: Date,
): Promise<{ closed: boolean; results: Omit<ResultsView, 'notice'> }> {
  const poll = await managedPoll(deps, actor, pollId);
  const closed = await closePoll(deps, poll.id, 'lead', now);
  const current = closed ?? (await deps.polls.findPoll(poll.id)) ?? poll;
  return { closed: closed !== undefined, results: await resultsFor(deps, actor, current) };
}
