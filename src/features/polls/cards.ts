import { reachLines, type ReachSummary } from '../../people';
import { renderCard, type AdaptiveCardJson } from '../../cards/render-card';
import { createTranslator, defaultLocale, type MessageKey, type Translator } from '../../i18n/translator';
import { networkAudience } from './poll-form';
import { calendarDayIn, formatInstant } from '../../i18n/calendar';
import { isFinal, type PollStatus } from './poll-status';
import { resultsOf, type PollResults } from './poll-results';
import type { BallotRecord, PollRecord, PollSettings, Tally } from './repository';

export interface CardContext {
  t: Translator;
  timeZone: string;
  now: Date;
}

/** Proactive cards for a whole channel speak the network's language: French. */
export const channelTranslator = (): Translator => createTranslator(defaultLocale);

/** The audiences a lead or coordinator may poll, as the form's choices. */
export function audienceChoicesOf(
  options: { groups: ReadonlyArray<{ slug: string; title: string }>; network: boolean },
  t: Translator,
): Array<{ value: string; title: string }> {
  return [
    ...options.groups.map((group) => ({ value: group.slug, title: group.title })),
    ...(options.network ? [{ value: networkAudience, title: t('polls.audience.network') }] : []),
  ];
}

const statusNameKeys: Record<PollStatus, MessageKey> = {
  draft: 'polls.statuses.draft',
  open: 'polls.statuses.open',
  closed: 'polls.statuses.closed',
};

function modeText(poll: Pick<PollSettings, 'multiple' | 'maxChoices'>, t: Translator): string {
  if (!poll.multiple) return t('polls.modes.single');
  return poll.maxChoices ? t('polls.modes.multipleMax', { max: poll.maxChoices }) : t('polls.modes.multiple');
}

function privacyText(poll: Pick<PollSettings, 'anonymous'>, t: Translator): string {
  return t(poll.anonymous ? 'polls.privacyModes.anonymous' : 'polls.privacyModes.named');
}

function participationLine(results: PollResults, t: Translator): string {
  return t('polls.poll.participation', {
    ballots: results.ballots,
    targets: results.targets,
    percent: results.participationPercent,
  });
}

function resultRows(results: PollResults, t: Translator) {
  return results.options.map((option) => ({
    label: option.label,
    bar: option.bar,
    countLine: t('polls.poll.voteCount', { count: option.count, percent: option.percent }),
  }));
}

export function renderFormCard(
  values: {
    groups: Array<{ value: string; title: string }>;
    group: string;
    pollId?: string;
    settings?: PollSettings;
  },
  { t, timeZone, now }: CardContext,
): AdaptiveCardJson {
  const { settings } = values;
  const dayIn = (instant: Date) => calendarDayIn(instant, timeZone);
  const timeIn = (instant: Date) =>
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(instant);
  const week = new Date(now.getTime() + 7 * 24 * 60 * 60 * 1000);
  return renderCard(
    'polls/form',
    {
      pollId: values.pollId ?? '',
      groups: values.groups,
      group: values.group,
      question: settings?.question ?? '',
      options: settings?.options.map((option) => option.label).join('\n') ?? '',
      mode: settings?.multiple ? 'multiple' : 'single',
      maxChoices: settings?.maxChoices ? String(settings.maxChoices) : '',
      visibility: settings?.resultsVisibility ?? 'afterVote',
      anonymous: String(settings?.anonymous ?? false),
      deadlineDate: dayIn(settings?.deadline ?? week),
      deadlineTime: settings ? timeIn(settings.deadline) : '18:00',
      minDate: dayIn(now),
      maxDate: dayIn(new Date(now.getTime() + 90 * 24 * 60 * 60 * 1000)),
      sendPersonal: String(settings?.sendPersonal ?? true),
      sendChannel: String(settings?.sendChannel ?? false),
    },
    t,
  );
}

/** Who the poll will reach, counted at preview time and again when it is sent. */
export interface AudienceSummary {
  members: number;
  /** Who can be reached in private, and why the others cannot. */
  reach: ReachSummary;
  hasChannel: boolean;
}

/** Where the sending of a poll stands, shown on its author's card (refreshed by Teams as they look). */
export interface DeliveryProgress {
  sent: number;
  failed: number;
  waiting: number;
  /** Who sees the card refresh by itself: the author. */
  userIds: string[];
}

export function renderPreviewCard(
  poll: PollRecord,
  audience: AudienceSummary,
  { t, timeZone }: CardContext,
  notice = '',
  progress?: DeliveryProgress,
): AdaptiveCardJson {
  const destinations = [
    t('polls.preview.members', { count: audience.members, audience: poll.audienceTitle }),
    ...(poll.sendPersonal ? reachLines(t, audience.reach) : [t('polls.preview.personalOff')]),
    poll.sendChannel
      ? t(audience.hasChannel ? 'polls.preview.channelOn' : 'polls.preview.channelMissing')
      : t('polls.preview.channelOff'),
  ];
  return renderCard(
    'polls/preview',
    {
      notice,
      pollId: poll.id,
      canSend: poll.status === 'draft',
      question: poll.question,
      options: poll.options.map((option) => ({ label: option.label })),
      facts: [
        { title: t('polls.form.modeLabel'), value: modeText(poll, t) },
        { title: t('polls.form.visibilityLabel'), value: t(`polls.visibility.${poll.resultsVisibility}`) },
        { title: t('polls.fields.anonymous'), value: privacyText(poll, t) },
        { title: t('polls.form.deadlineDateLabel'), value: formatInstant(poll.deadline, t.locale, timeZone) },
      ],
      destinations: destinations.map((text) => ({ text })),
      progress: progress
        ? t('polls.preview.progress', {
            sent: progress.sent,
            failed: progress.failed,
            waiting: progress.waiting,
            total: progress.sent + progress.failed + progress.waiting,
          })
        : '',
    },
    t,
    progress?.userIds ?? [],
  );
}

/** How one person sees the poll card: their own ballot, and results if they may see them. */
export interface VoterView {
  poll: PollRecord;
  /** The person's ballot, when they voted (never known to the card of another person). */
  ballot?: BallotRecord;
  tally: Tally;
  /** Whether this person belongs to the audience (and so sees the vote buttons while open). */
  isInAudience: boolean;
  notice?: { text: string; color: 'Good' | 'Attention' | 'Warning' };
  /** Card in a channel or group chat: a refresh button for people beyond the automatic refresh. */
  shared: boolean;
  /** Teams ids whose clients refresh the card by themselves (≤ 60); empty for no refresh. */
  refreshUserIds: string[];
}

/** The line on top of a voter's card after they acted, or when they are not asked. */
export const voterNotices = {
  tooLate: (t: Translator): VoterView['notice'] => ({ text: t('polls.poll.tooLate'), color: 'Attention' }),
  voted: (changed: boolean, t: Translator): VoterView['notice'] => ({
    text: t(changed ? 'polls.poll.changed' : 'polls.poll.voted'),
    color: 'Good',
  }),
  outsider: (poll: Pick<PollRecord, 'audienceTitle'>, t: Translator): VoterView['notice'] => ({
    text: t('polls.poll.notMemberNotice', { audience: poll.audienceTitle }),
    color: 'Warning',
  }),
};

export function renderVoterCard(view: VoterView, { t, timeZone, now }: CardContext): AdaptiveCardJson {
  const { poll, ballot } = view;
  const final = isFinal(poll, now);
  const canVote = !final && view.isInAudience;
  const showResults = final || (poll.resultsVisibility === 'afterVote' && ballot !== undefined);
  const results = resultsOf(poll, view.tally);
  const labels = new Map(poll.options.map((option) => [option.id, option.label]));
  const answer = ballot?.choices.map((choice) => labels.get(choice) ?? choice).join(', ');
  return renderCard(
    'polls/poll',
    {
      refresh: view.refreshUserIds.length > 0,
      shared: view.shared && !final,
      pollId: poll.id,
      notice: view.notice?.text ?? '',
      noticeColor: view.notice?.color ?? 'Good',
      title: t('polls.poll.title', { audience: poll.audienceTitle }),
      question: poll.question,
      details: [
        modeText(poll, t),
        privacyText(poll, t),
        ...(poll.createdBy.name ? [t('polls.poll.from', { name: poll.createdBy.name })] : []),
      ].join(' · '),
      deadlineLine: final
        ? t('polls.poll.closedOn', {
            date: formatInstant(poll.closedAt ?? poll.deadline, t.locale, timeZone),
          })
        : t('polls.poll.deadline', { date: formatInstant(poll.deadline, t.locale, timeZone) }),
      canVote,
      multiple: poll.multiple,
      selected: ballot?.choices.join(',') ?? '',
      choices: poll.options.map((option) => ({ title: option.label, value: option.id })),
      voteLabel: t(ballot ? 'polls.poll.changeVote' : 'polls.poll.vote'),
      answerLine: answer ? t('polls.poll.yourAnswer', { choices: answer }) : '',
      resultsLater: !showResults && poll.resultsVisibility === 'afterClose',
      showResults,
      results: resultRows(results, t),
      participationLine: participationLine(results, t),
      privacyNote: t(poll.anonymous ? 'polls.poll.anonymousNote' : 'polls.poll.namedNote'),
    },
    t,
    view.refreshUserIds,
  );
}

/** What the lead (or a coordinator) sees: counts, and for named polls who answered what. */
export interface ResultsView {
  poll: PollRecord;
  tally: Tally;
  /** Named polls: names of the voters of each option id. */
  votersByOption?: Map<string, string[]>;
  /** Named polls: who was asked and did not answer. */
  nonRespondents?: string[];
  canRemind: boolean;
  canClose: boolean;
  canExport: boolean;
  notice?: string;
}

export function renderResultsCard(view: ResultsView, { t, timeZone, now }: CardContext): AdaptiveCardJson {
  const { poll } = view;
  const results = resultsOf(poll, view.tally);
  const final = isFinal(poll, now);
  const nonRespondents = view.nonRespondents;
  return renderCard(
    'polls/results',
    {
      notice: view.notice ?? '',
      pollId: poll.id,
      title: t('polls.results.title', { question: poll.question }),
      statusLine: final
        ? t('polls.results.final', {
            date: formatInstant(poll.closedAt ?? poll.deadline, t.locale, timeZone),
          })
        : t('polls.results.live', { date: formatInstant(poll.deadline, t.locale, timeZone) }),
      results: resultRows(results, t).map((row, index) => {
        const names = view.votersByOption?.get(poll.options[index].id) ?? [];
        return {
          ...row,
          voters: names.length > 0 ? t('polls.results.voters', { names: names.join(', ') }) : '',
        };
      }),
      participationLine: participationLine(results, t),
      nonRespondents:
        nonRespondents === undefined
          ? ''
          : nonRespondents.length === 0
            ? t('polls.results.everyoneAnswered')
            : t('polls.results.nonRespondents', {
                count: nonRespondents.length,
                names: nonRespondents.join(', '),
              }),
      anonymous: poll.anonymous,
      canRemind: view.canRemind && !final && !poll.remindedAt,
      canClose: view.canClose && !final,
      canExport: view.canExport && poll.status === 'closed',
    },
    t,
  );
}

export interface ListedPoll {
  poll: PollRecord;
  answered?: boolean;
  tally?: Tally;
}

export function renderListCard(
  lists: { toAnswer: ListedPoll[]; mine: ListedPoll[]; exportable: ListedPoll[] },
  { t, timeZone }: CardContext,
): AdaptiveCardJson {
  const deadlineLine = (poll: PollRecord) =>
    t('polls.list.deadlineLine', {
      audience: poll.audienceTitle,
      date: formatInstant(poll.closedAt ?? poll.deadline, t.locale, timeZone),
    });
  const participation = ({ poll, tally }: ListedPoll) => {
    if (poll.status === 'draft' || !tally) return t('polls.list.notSentYet');
    const results = resultsOf(poll, tally);
    return t('polls.list.participation', {
      ballots: results.ballots,
      targets: results.targets,
      percent: results.participationPercent,
    });
  };
  return renderCard(
    'polls/list',
    {
      toAnswer: lists.toAnswer.map(({ poll, answered }) => ({
        pollId: poll.id,
        question: poll.question,
        line: deadlineLine(poll),
        state: t(answered ? 'polls.list.answered' : 'polls.list.notAnswered'),
      })),
      mine: lists.mine.map((listed) => ({
        pollId: listed.poll.id,
        question: listed.poll.question,
        sent: listed.poll.status !== 'draft',
        line: `${deadlineLine(listed.poll)} · ${t('polls.list.mineLine', {
          status: t(statusNameKeys[listed.poll.status]),
          participation: participation(listed),
        })}`,
      })),
      exportable: lists.exportable.map((listed) => ({
        pollId: listed.poll.id,
        question: listed.poll.question,
        line: `${deadlineLine(listed.poll)} · ${participation(listed)}`,
      })),
    },
    t,
  );
}

/** Open polls to act on, one button each (remind, close). */
export function renderPickCard(
  pick: { title: string; intro: string; verb: string; buttonTitle: string; polls: PollRecord[] },
  { t, timeZone }: CardContext,
): AdaptiveCardJson {
  return renderCard(
    'polls/pick',
    {
      title: pick.title,
      intro: pick.intro,
      verb: pick.verb,
      buttonTitle: pick.buttonTitle,
      polls: pick.polls.map((poll) => ({
        pollId: poll.id,
        question: poll.question,
        line: t('polls.list.deadlineLine', {
          audience: poll.audienceTitle,
          date: formatInstant(poll.deadline, t.locale, timeZone),
        }),
      })),
    },
    t,
  );
}
