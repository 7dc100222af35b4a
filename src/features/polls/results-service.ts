import { randomUUID } from 'node:crypto';
import type { OutgoingMessage } from '../../bot/turn';
import { AppError } from '../../errors';
import { formatInstant } from '../../i18n/calendar';
import type { Translator } from '../../i18n/translator';
import { can, deliverToPeople, ensureAllowed, isReachable, type Actor } from '../../people';
import type { ResultsView } from './cards';
import { pollPermissions } from './permissions';
import { toCsv } from './poll-csv';
import { resultsOf } from './poll-results';
import type { PollRecord } from './repository';
import { managedPoll, mayManage, pollMessageKeys, requirePoll, type PollDependencies } from './service';

type ResultsSources = Pick<PollDependencies, 'polls' | 'people'>;

/** The lead's view: counts, and for named polls who answered what and who did not. */
export async function resultsViewOf(
  deps: ResultsSources,
  poll: PollRecord,
): Promise<Pick<ResultsView, 'poll' | 'tally' | 'votersByOption' | 'nonRespondents'>> {
  const tally = await deps.polls.tally(poll.id);
  if (poll.anonymous) return { poll, tally };
  const ballots = await deps.polls.namedBallots(poll.id);
  const voterIds = new Set(ballots.map((ballot) => ballot.memberId as string));
  const names = await displayNamesOf(deps, [...new Set([...voterIds, ...poll.targetMemberIds])]);
  const byName = (a: string, b: string) => a.localeCompare(b, 'fr');
  const namesOf = (memberIds: readonly string[]) =>
    memberIds
      .map((memberId) => names.get(memberId))
      .filter((name): name is string => name !== undefined)
      .sort(byName);
  const votersByOption = new Map(
    poll.options.map((option) => [
      option.id,
      namesOf(
        ballots
          .filter((ballot) => ballot.choices.includes(option.id))
          .map((ballot) => ballot.memberId as string),
      ),
    ]),
  );
  const nonRespondents = namesOf(poll.targetMemberIds.filter((memberId) => !voterIds.has(memberId)));
  return { poll, tally, votersByOption, nonRespondents };
}

/** People erased since they voted have no name any more: they are left off the lists. */
async function displayNamesOf(deps: ResultsSources, memberIds: string[]): Promise<Map<string, string>> {
  const members = await deps.people.members.findByIds(memberIds);
  return new Map(members.map((member) => [member.id, member.displayName]));
}

/** The results as this person sees them, with the buttons their roles allow. */
export async function resultsFor(
  deps: ResultsSources,
  actor: Actor,
  poll: PollRecord,
): Promise<Omit<ResultsView, 'notice'>> {
  const manager = mayManage(actor, poll);
  return {
    ...(await resultsViewOf(deps, poll)),
    canRemind: manager,
    canClose: manager,
    canExport: can(actor, pollPermissions.exportPollResults),
  };
}

/** `poll.results`: a lead or coordinator follows the answers of a poll they manage. */
export async function pollResultsFor(
  deps: ResultsSources,
  actor: Actor,
  pollId: string,
): Promise<Omit<ResultsView, 'notice'>> {
  return resultsFor(deps, actor, await managedPoll(deps, actor, pollId));
}

/** The closed poll's results as a CSV file for French Excel (see poll-csv.ts). */
export async function exportResults(
  deps: Pick<PollDependencies, 'polls' | 'people' | 'timeZone'>,
  poll: PollRecord,
  t: Translator,
): Promise<{ name: string; content: string }> {
  const tally = await deps.polls.tally(poll.id);
  const results = resultsOf(poll, tally);
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
    rows.push([], [t('polls.csv.member'), t('polls.csv.answers')], ...(await namedAnswerRows(deps, poll)));
  }
  const day = (poll.closedAt ?? poll.deadline).toISOString().slice(0, 10);
  return { name: `sondage-${poll.groupSlug ?? 'reseau'}-${day}.csv`, content: toCsv(rows) };
}

/** One row per named voter still known: their name and their answers, sorted by name. */
async function namedAnswerRows(deps: ResultsSources, poll: PollRecord): Promise<string[][]> {
  const labels = new Map(poll.options.map((option) => [option.id, option.label]));
  const ballots = await deps.polls.namedBallots(poll.id);
  const names = await displayNamesOf(
    deps,
    ballots.map((ballot) => ballot.memberId as string),
  );
  return ballots
    .map((ballot) => ({
      name: names.get(ballot.memberId as string),
      answer: ballot.choices.map((choice) => labels.get(choice) ?? choice).join(' | '),
    }))
    .filter((row): row is { name: string; answer: string } => row.name !== undefined)
    .sort((a, b) => a.name.localeCompare(b.name, 'fr'))
    .map((row) => [row.name, row.answer]);
}

export type ExportOutcome =
  /** Asked in the coordinator's 1:1 chat: the file is the answer. */
  | { kind: 'here'; message: OutgoingMessage }
  /** Asked elsewhere: the file went to their 1:1 chat. */
  | { kind: 'sentPrivately' }
  /** Asked elsewhere by someone the bot cannot reach in private. */
  | { kind: 'personalOnly' };

/**
 * `poll.export`: a coordinator's CSV of a closed poll. Named results are personal data: they go
 * to the coordinator's 1:1 chat, never to a channel.
 */
export async function exportPollResults(
  deps: Pick<PollDependencies, 'polls' | 'people' | 'timeZone' | 'outbox'>,
  actor: Actor,
  request: { pollId: string; t: Translator; inPersonalChat: boolean },
): Promise<ExportOutcome> {
  const { t } = request;
  ensureAllowed(actor, pollPermissions.exportPollResults);
  const poll = await requirePoll(deps.polls, request.pollId, actor);
  if (poll.status !== 'closed')
    throw new AppError('INVALID_INPUT', { details: { messageKey: 'polls.notClosed' } });
  const file = await exportResults(deps, poll, t);
  const message: OutgoingMessage = {
    text: t('polls.csv.sentNotice', { question: poll.question }),
    files: [{ name: file.name, contentType: 'text/csv', content: file.content }],
  };
  if (request.inPersonalChat) return { kind: 'here', message };
  if (!isReachable(actor.member)) return { kind: 'personalOnly' };
  await deliverToPeople(deps.outbox, [actor.member], () => message, {
    batchKey: pollMessageKeys.card(poll.id),
    messageKey: `${pollMessageKeys.card(poll.id)}:export:${randomUUID()}`,
  });
  return { kind: 'sentPrivately' };
}
