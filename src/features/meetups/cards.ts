import { renderCard, type AdaptiveCardJson } from '../../cards/render-card';
import { addDays, formatCalendarDay } from '../../i18n/calendar';
import type { MessageKey, Translator } from '../../i18n/translator';
import { type MemberRecord } from '../../people';
import type { Answer, MeetupRecord, ParticipantRecord, RoundRecord } from './repository';

/** The people one meets, as the introduction card needs them. */
export interface Counterpart {
  member: MemberRecord;
  groupTitles: string[];
}

/** Names joined the French way: "A", "A et B", "A, B et C". */
export function namesOf(names: readonly string[], t: Translator): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} ${t('meetups.and')} ${names[names.length - 1]}`;
}

/** The people of a meetup other than `memberId`, including those who erased their data. */
export function otherNames(
  meetup: Pick<MeetupRecord, 'memberIds' | 'formerMembers'>,
  memberId: string,
  names: ReadonlyMap<string, string>,
  t: Translator,
): string {
  const known = meetup.memberIds
    .filter((id) => id !== memberId)
    .map((id) => names.get(id) ?? t('meetups.formerMember'));
  return namesOf([...known, ...Array<string>(meetup.formerMembers).fill(t('meetups.formerMember'))], t);
}

/** A Teams deep link that opens a chat with these people (UPN, else Entra object id). */
export function chatLink(people: readonly MemberRecord[]): string {
  const users = people
    .map((member) => member.userPrincipalName ?? member.aadObjectId)
    .filter((user): user is string => Boolean(user));
  if (users.length === 0 || users.length < people.length) return '';
  return `https://teams.microsoft.com/l/chat/0/0?users=${users.map(encodeURIComponent).join(',')}`;
}

const questionKeys: MessageKey[] = [
  'meetups.questions.q1',
  'meetups.questions.q2',
  'meetups.questions.q3',
  'meetups.questions.q4',
  'meetups.questions.q5',
  'meetups.questions.q6',
  'meetups.questions.q7',
  'meetups.questions.q8',
];

/** The same suggestion for everyone in a meetup, varied from one meetup to the next. */
export function firstQuestion(meetupId: string, t: Translator): string {
  const hash = [...meetupId].reduce((sum, character) => (sum * 31 + character.charCodeAt(0)) >>> 0, 7);
  return t(questionKeys[hash % questionKeys.length]);
}

export function renderIntroductionCard(
  meetup: MeetupRecord,
  others: readonly Counterpart[],
  t: Translator,
): AdaptiveCardJson {
  const value = (text: string | undefined) => text?.trim() || t('meetups.notProvided');
  return renderCard(
    'meetups/introduction',
    {
      intro: t('meetups.introduction.intro', {
        names: namesOf(
          others.map(({ member }) => member.displayName),
          t,
        ),
      }),
      people: others.map(({ member, groupTitles }) => ({
        name: member.displayName,
        facts: [
          { title: t('meetups.introduction.organisation'), value: value(member.profile.organisation) },
          { title: t('meetups.introduction.direction'), value: value(member.profile.direction) },
          { title: t('meetups.introduction.site'), value: value(member.profile.site) },
          { title: t('meetups.introduction.trade'), value: value(member.profile.trade) },
          {
            title: t('meetups.introduction.groups'),
            value: groupTitles.length > 0 ? groupTitles.join(', ') : t('meetups.introduction.noGroup'),
          },
        ],
        chatUrl: chatLink([member]),
        chatTitle: t('meetups.introduction.chat', { name: member.displayName }),
      })),
      groupChatUrl: others.length > 1 ? chatLink(others.map(({ member }) => member)) : '',
      question: firstQuestion(meetup.id, t),
    },
    t,
  );
}

export function renderFollowUpCard(
  meetup: MeetupRecord,
  names: string,
  t: Translator,
  answer?: Answer,
): AdaptiveCardJson {
  const notice =
    answer === undefined
      ? ''
      : answer === 'notYet'
        ? t('meetups.followUp.thanksNotYet')
        : t('meetups.followUp.thanks', { answer: t(`meetups.answers.${answer}`) });
  return renderCard(
    'meetups/follow-up',
    { notice, question: t('meetups.followUp.question', { names }), meetupId: meetup.id },
    t,
  );
}

export interface SettingsView {
  participant?: ParticipantRecord;
  today: string;
  history: Array<{ day: string; names: string; answer?: Answer }>;
  notice?: string;
}

function statusOf(view: SettingsView, t: Translator): string {
  const { participant, today } = view;
  if (!participant) return t('meetups.settings.notJoined');
  if (!participant.active) return t('meetups.settings.left');
  const rhythm = t(`meetups.rhythms.${participant.rhythm}`);
  if (participant.pausedUntil && participant.pausedUntil > today) {
    return t('meetups.settings.paused', {
      rhythm,
      date: formatCalendarDay(participant.pausedUntil, t.locale),
    });
  }
  return t('meetups.settings.active', { rhythm });
}

export function renderSettingsCard(view: SettingsView, t: Translator): AdaptiveCardJson {
  const { participant, today } = view;
  const active = participant?.active ?? false;
  const paused = active && participant?.pausedUntil !== undefined && participant.pausedUntil > today;
  return renderCard(
    'meetups/settings',
    {
      notice: view.notice ?? '',
      status: statusOf(view, t),
      active,
      paused,
      rhythm: participant?.rhythm ?? 'fortnightly',
      pausedUntil: paused ? participant?.pausedUntil : '',
      tomorrow: addDays(today, 1),
      history: view.history.map((entry) => ({
        date: formatCalendarDay(entry.day, t.locale),
        line: `${entry.names} · ${t(entry.answer ? `meetups.answers.${entry.answer}` : 'meetups.answers.none')}`,
      })),
    },
    t,
  );
}

/** A title and figures, one per line, with an optional notice above. */
function renderFigures(
  title: string,
  rows: ReadonlyArray<[MessageKey, number]>,
  t: Translator,
  notice = '',
): AdaptiveCardJson {
  const facts = rows.map(([key, value]) => ({ title: t(key), value: String(value) }));
  return renderCard('meetups/figures', { notice, title, facts }, t);
}

export type RoundNotice = 'already' | 'nobody' | undefined;

export function renderRoundCard(
  round: Pick<RoundRecord, 'day' | 'figures'>,
  extra: { unreachable: number; notice: RoundNotice },
  t: Translator,
): AdaptiveCardJson {
  const { figures } = round;
  const rows: Array<[MessageKey, number]> = [
    ['meetups.round.optedIn', figures.optedIn],
    ['meetups.round.paused', figures.paused],
    ['meetups.round.notDue', figures.notDue],
    ['meetups.round.people', figures.people],
    ['meetups.round.meetups', figures.groups],
    ['meetups.round.pairs', figures.groups - figures.trios],
    ['meetups.round.trios', figures.trios],
    ['meetups.round.repeated', figures.repeatedPairs],
    ['meetups.round.crossDirection', figures.crossDirection],
    ['meetups.round.crossSite', figures.crossSite],
    ['meetups.round.newcomers', figures.newcomerWithExperienced],
    ['meetups.round.unreachable', extra.unreachable],
  ];
  const notice = extra.notice ? t(`meetups.round.${extra.notice}`) : '';
  return renderFigures(
    t('meetups.round.title', { date: formatCalendarDay(round.day, t.locale) }),
    rows,
    t,
    notice,
  );
}

export interface OverallFigures {
  optedIn: number;
  formed: number;
  held: number;
  crossDirection: number;
  crossOrganisation: number;
}

export function renderFiguresCard(figures: OverallFigures, t: Translator): AdaptiveCardJson {
  const rows: Array<[MessageKey, number]> = [
    ['meetups.figures.optedIn', figures.optedIn],
    ['meetups.figures.formed', figures.formed],
    ['meetups.figures.held', figures.held],
    ['meetups.figures.crossDirection', figures.crossDirection],
    ['meetups.figures.crossOrganisation', figures.crossOrganisation],
  ];
  return renderFigures(t('meetups.figures.title'), rows, t);
}
