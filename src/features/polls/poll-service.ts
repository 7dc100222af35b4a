import type { Logger } from 'pino';
import { isReachable, refreshAudience, translatorFor, actorFrom, can } from '../../people';
import { personDelivery } from '../../delivery/person-delivery';
import type { Outbox } from '../../delivery/outbox';
import type { NewDelivery, OutboxRepository } from '../../delivery/repository';
import { createTranslator, defaultLocale, type Translator } from '../../i18n/translator';
import { formatInstant } from '../../i18n/calendar';
import { readChoices, type ChoicesReading } from './ballot-choices';
import { belongsToAudience, conversationIdOf, loadAudience, type AudienceSources } from './poll-audience';
import {
  isFinal,
  renderResultsCard,
  renderVoterCard,
  type CardContext,
  type ResultsView,
} from './poll-cards';
import { toCsv } from './poll-csv';
import { resultsOf } from './poll-results';
import type { BallotRecord, PollRecord, PollsRepository } from './repository';
import { currentBallotKeyId, voterKeyOf } from './voter-key';
import type { BallotKey } from '../../config';
import { pollPermissions } from './permissions';

export interface PollDependencies extends AudienceSources {
  polls: PollsRepository;
  deliveries: OutboxRepository;
  outbox: Outbox;
  /** config.ballotKeys: the secrets of anonymous voter keys, current first. */
  ballotKeys: readonly BallotKey[];
  timeZone: string;
  coordinators: readonly string[];
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

/** Cards for a whole channel: the network's language, French. */
const proactiveTranslator = (): Translator => createTranslator(defaultLocale);

export type SendOutcome =
  | { kind: 'sent'; poll: PollRecord; personal: number; channel: boolean }
  | { kind: 'alreadySent' }
  | { kind: 'nobody' };

/**
 * Sends a draft: one delivery per member's 1:1 chat and one for the group's channel, then
 * draft → open. Deliveries are enqueued first: enqueuing is idempotent (unique per message and
 * conversation), so two clicks at once, or a retry after a crash in between, never send twice.
 */
export async function sendPoll(deps: PollDependencies, poll: PollRecord, now: Date): Promise<SendOutcome> {
  if (poll.status !== 'draft') return { kind: 'alreadySent' };
  const audience = await loadAudience(deps, poll);
  const context: CardContext = { t: proactiveTranslator(), timeZone: deps.timeZone, now };
  const tally = { ballots: 0, counts: new Map<string, number>() };
  const opening = { ...poll, status: 'open' as const, targetCount: audience.members.length };
  const batchKey = pollMessageKeys.card(poll.id);
  const deliveries: NewDelivery[] = [];
  if (poll.sendPersonal) {
    // Everyone reachable in private: the outbox opens the 1:1 chat of those who never wrote.
    for (const member of audience.members.filter(isReachable)) {
      const card = renderVoterCard(
        {
          poll: opening,
          tally,
          isInAudience: true,
          shared: false,
          refreshUserIds: member.teamsUserId ? [member.teamsUserId] : [],
        },
        { ...context, t: translatorFor(member) },
      );
      deliveries.push(personDelivery(member.id, { card }, { batchKey, messageKey: batchKey }));
    }
  }
  const personal = deliveries.length;
  const channelId = audience.channel && conversationIdOf(audience.channel);
  if (poll.sendChannel && audience.channel && channelId) {
    const card = renderVoterCard(
      {
        poll: opening,
        tally,
        isInAudience: true,
        shared: true,
        refreshUserIds: refreshAudience(audience.members),
      },
      context,
    );
    deliveries.push({
      batchKey,
      messageKey: batchKey,
      conversationId: channelId,
      reference: audience.channel,
      operation: 'post',
      messages: [{ card }],
    });
  }
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
  deps.log.info(
    { pollId: poll.id, groupSlug: poll.groupSlug, personal, channel: personal < deliveries.length },
    'poll sent',
  );
  return { kind: 'sent', poll: opened, personal, channel: personal < deliveries.length };
}

export type BallotOutcome =
  | { kind: 'recorded'; ballot: BallotRecord; changed: boolean }
  /** Closed, or past its deadline while the closing job has not run yet: nothing recorded. */
  | { kind: 'closed' }
  | { kind: 'notInAudience' }
  | { kind: 'refused'; problem: Extract<ChoicesReading, { ok: false }>['problem'] };

/**
 * Casts or changes a member's ballot. Membership is checked at the time of voting; the choices
 * are read against the poll, never trusted from the card; the one-ballot rule is the database's.
 */
export async function castBallot(
  deps: Pick<PollDependencies, 'polls' | 'groups' | 'members' | 'ballotKeys'>,
  vote: { poll: PollRecord; memberId: string; choices: string; now: Date },
): Promise<BallotOutcome> {
  const { poll, memberId, now } = vote;
  if (poll.status !== 'open' || isFinal(poll, now)) return { kind: 'closed' };
  if (!(await belongsToAudience(deps, poll, memberId))) return { kind: 'notInAudience' };
  const reading = readChoices(poll, vote.choices);
  if (!reading.ok) return { kind: 'refused', problem: reading.problem };
  const ballot: BallotRecord = {
    pollId: poll.id,
    voterKey: voterKeyOf(poll, memberId, deps.ballotKeys),
    choices: reading.choices,
    // Anonymous ballots hold no trace of the voter beyond the keyed hash.
    ...(poll.anonymous ? {} : { memberId }),
  };
  const { changed } = await deps.polls.recordBallot(ballot);
  return { kind: 'recorded', ballot, changed };
}

/** The lead's view: counts, and for named polls who answered what and who did not. */
export async function resultsViewOf(
  deps: PollDependencies,
  poll: PollRecord,
): Promise<Pick<ResultsView, 'poll' | 'tally' | 'votersByOption' | 'nonRespondents'>> {
  const tally = await deps.polls.tally(poll.id);
  if (poll.anonymous) return { poll, tally };
  const ballots = await deps.polls.namedBallots(poll.id);
  const voterIds = new Set(ballots.map((ballot) => ballot.memberId as string));
  const people = new Map(
    (await deps.members.findByIds([...new Set([...voterIds, ...poll.targetMemberIds])])).map((member) => [
      member.id,
      member.displayName,
    ]),
  );
  const byName = (a: string, b: string) => a.localeCompare(b, 'fr');
  const votersByOption = new Map(
    poll.options.map((option) => [
      option.id,
      ballots
        .filter((ballot) => ballot.choices.includes(option.id))
        .map((ballot) => people.get(ballot.memberId as string))
        .filter((name): name is string => name !== undefined)
        .sort(byName),
    ]),
  );
  const nonRespondents = poll.targetMemberIds
    .filter((memberId) => !voterIds.has(memberId))
    .map((memberId) => people.get(memberId))
    .filter((name): name is string => name !== undefined)
    .sort(byName);
  return { poll, tally, votersByOption, nonRespondents };
}

/**
 * Closes one poll (open → closed, atomically) and, only if this call closed it, queues the final
 * card in place of every poll card sent and the results for the lead. Returns the closed poll, or
 * undefined when it was not open (already closed by the job or the lead).
 */
export async function closePoll(
  deps: PollDependencies,
  pollId: string,
  closedBy: 'deadline' | 'lead',
  now: Date,
): Promise<PollRecord | undefined> {
  const closed = await deps.polls.closePoll(pollId, closedBy, now);
  if (!closed) return undefined;
  const context: CardContext = { t: proactiveTranslator(), timeZone: deps.timeZone, now };
  const view = await resultsViewOf(deps, closed);
  const finalCard = renderVoterCard(
    { poll: closed, tally: view.tally, isInAudience: false, shared: false, refreshUserIds: [] },
    context,
  );
  // The poll cards sent (and reminded) are replaced by the final results where Teams allows.
  const cardKeys = [pollMessageKeys.card(closed.id), pollMessageKeys.reminder(closed.id)];
  const posts = (await deps.deliveries.deliveriesOf(pollMessageKeys.card(closed.id))).filter(
    (delivery) => delivery.operation === 'post' && cardKeys.includes(delivery.messageKey),
  );
  const deliveries: NewDelivery[] = posts.map((post) => ({
    batchKey: pollMessageKeys.card(closed.id),
    messageKey: pollMessageKeys.closed(post.messageKey),
    targetMessageKey: post.messageKey,
    conversationId: post.conversationId,
    reference: post.reference,
    recipientMemberId: post.recipientMemberId,
    operation: 'update',
    messages: [{ card: finalCard }],
  }));
  const lead = closed.createdBy.memberId ? await deps.members.findById(closed.createdBy.memberId) : undefined;
  if (lead && isReachable(lead)) {
    const leadActor = actorFrom(lead, await deps.members.grantsOf(lead.id), deps.coordinators);
    const card = renderResultsCard(
      {
        ...view,
        canRemind: false,
        canClose: false,
        canExport: can(leadActor, pollPermissions.exportPollResults),
        notice: translatorFor(lead)('polls.results.closedNotice', { question: closed.question }),
      },
      { ...context, t: translatorFor(lead) },
    );
    deliveries.push(
      personDelivery(
        lead.id,
        { card },
        { batchKey: pollMessageKeys.card(closed.id), messageKey: pollMessageKeys.results(closed.id) },
      ),
    );
  } else {
    deps.log.warn(
      { pollId: closed.id },
      'poll closed but its lead cannot be reached in private to receive the results',
    );
  }
  await deps.outbox.enqueue(deliveries);
  deps.log.info({ pollId: closed.id, closedBy, ballots: view.tally.ballots }, 'poll closed');
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

export type ReminderOutcome =
  { kind: 'reminded'; count: number } | { kind: 'already'; at: Date } | { kind: 'closed' };

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
  const members = (await loadAudience(deps, poll)).members.filter((member) =>
    poll.targetMemberIds.includes(member.id),
  );
  const keys = new Map(members.map((member) => [voterKeyOf(poll, member.id, deps.ballotKeys), member]));
  const voted = await deps.polls.existingVoterKeys(poll.id, [...keys.keys()]);
  const tally = await deps.polls.tally(poll.id);
  const deliveries: NewDelivery[] = [];
  for (const [key, member] of keys) {
    if (voted.has(key) || !isReachable(member)) continue;
    const t = translatorFor(member);
    const context: CardContext = { t, timeZone: deps.timeZone, now };
    deliveries.push(
      personDelivery(
        member.id,
        {
          text: t('polls.remind.message', {
            question: poll.question,
            date: formatInstant(poll.deadline, t.locale, deps.timeZone),
          }),
          card: renderVoterCard(
            {
              poll,
              tally,
              isInAudience: true,
              shared: false,
              refreshUserIds: member.teamsUserId ? [member.teamsUserId] : [],
            },
            context,
          ),
        },
        { batchKey: pollMessageKeys.card(poll.id), messageKey: pollMessageKeys.reminder(poll.id) },
      ),
    );
  }
  await deps.outbox.enqueue(deliveries);
  deps.log.info({ pollId: poll.id, reminded: deliveries.length }, 'poll reminder sent');
  return { kind: 'reminded', count: deliveries.length };
}

/** The closed poll's results as a CSV file for French Excel (see poll-csv.ts). */
export async function exportResults(
  deps: PollDependencies,
  poll: PollRecord,
  t: Translator,
): Promise<{ name: string; content: string }> {
  const view = await resultsViewOf(deps, poll);
  const results = resultsOf(poll, view.tally);
  const labels = new Map(poll.options.map((option) => [option.id, option.label]));
  const rows: Array<Array<string | number>> = [
    [t('polls.csv.poll'), poll.question],
    [t('polls.csv.audience'), poll.audienceTitle],
    [t('polls.csv.closedAt'), formatInstant(poll.closedAt ?? poll.deadline, t.locale, deps.timeZone)],
    [
      t('polls.csv.mode'),
      `${t(poll.multiple ? 'polls.modes.multiple' : 'polls.modes.single')} · ${t(
        poll.anonymous ? 'polls.privacyModes.anonymous' : 'polls.privacyModes.named',
      )}`,
    ],
    [t('polls.csv.participation'), `${results.ballots}/${results.targets}`, results.participationPercent],
    [],
    [t('polls.csv.option'), t('polls.csv.votes'), t('polls.csv.percent')],
    ...results.options.map((option) => [option.label, option.count, option.percent]),
  ];
  if (!poll.anonymous) {
    const ballots = await deps.polls.namedBallots(poll.id);
    const people = new Map(
      (await deps.members.findByIds(ballots.map((ballot) => ballot.memberId as string))).map((member) => [
        member.id,
        member.displayName,
      ]),
    );
    const answers = ballots
      .map((ballot) => ({
        name: people.get(ballot.memberId as string),
        answer: ballot.choices.map((choice) => labels.get(choice) ?? choice).join(' | '),
      }))
      .filter((row): row is { name: string; answer: string } => row.name !== undefined)
      .sort((a, b) => a.name.localeCompare(b.name, 'fr'));
    rows.push(
      [],
      [t('polls.csv.member'), t('polls.csv.answers')],
      ...answers.map((row) => [row.name, row.answer]),
    );
  }
  const day = (poll.closedAt ?? poll.deadline).toISOString().slice(0, 10);
  return { name: `sondage-${poll.groupSlug ?? 'reseau'}-${day}.csv`, content: toCsv(rows) };
}
