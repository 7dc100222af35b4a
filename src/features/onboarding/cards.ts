import { renderCard, type AdaptiveCardJson } from '../../cards/render-card';
import { calendarDayIn, formatCalendarDay } from '../../i18n/calendar';
import type { MessageKey, Translator } from '../../i18n/translator';
import { renderSectionEditCard } from './booklet-cards';
import type { ContentChoice } from './content-service';
import { sortNewcomers, type FollowUpSort, type NewcomerOnPath } from './newcomers';
import {
  involvements,
  type Involvement,
  type PathStatus,
  type PathStep,
  type StepStatus,
} from './path-progress';
import type { BookletSection } from './repository';
import type { PathView, StepToggle } from './service';

// The path.

export interface PathCardView {
  status: PathStatus;
  startDate: string;
  remindersPaused: boolean;
  /** Names of the HR referents who welcome newcomers, shown on the steps they take part in. */
  referentNames: string[];
  timeZone: string;
  notice?: string;
}

function involvementText(t: Translator, involves: Involvement[], referentNames: string[]): string {
  if (involves.length === 0) return '';
  const people = involves.map((involvement) => {
    const role = t(`onboarding.involves.${involvement}`);
    return involvement === 'hrReferent' && referentNames.length > 0
      ? `${role} (${referentNames.join(', ')})`
      : role;
  });
  return t('onboarding.path.with', { people: people.join(', ') });
}

function stateOf(t: Translator, status: StepStatus, timeZone: string): { text: string; color: string } {
  const day = status.step.dueDay;
  switch (status.state) {
    case 'done':
      return {
        text: t('onboarding.path.doneOn', {
          date: formatCalendarDay(calendarDayIn(status.doneAt as Date, timeZone), t.locale),
        }),
        color: 'Good',
      };
    case 'overdue':
      return {
        text: t('onboarding.path.overdue', {
          date: formatCalendarDay(status.dueDate as string, t.locale),
          day,
        }),
        color: 'Attention',
      };
    case 'upcoming':
      return {
        text: t('onboarding.path.dueOn', {
          date: formatCalendarDay(status.dueDate as string, t.locale),
          day,
        }),
        color: 'Default',
      };
    case 'undated':
      return { text: t('onboarding.path.dueDay', { day }), color: 'Default' };
  }
}

/** The newcomer's path: progress bar, then every step with its state and a Fait / Annuler button. */
export function renderPathCard(t: Translator, view: PathCardView): AdaptiveCardJson {
  const { status } = view;
  return renderCard(
    'onboarding/path',
    {
      notice: view.notice ?? '',
      startLine: t('onboarding.path.startedOn', { date: formatCalendarDay(view.startDate, t.locale) }),
      progressLine: t('onboarding.path.progress', {
        done: status.doneCount,
        total: status.total,
        percentage: status.percentage,
      }),
      doneWeight: status.percentage,
      leftWeight: 100 - status.percentage,
      complete: status.complete,
      paused: view.remindersPaused,
      steps: status.steps.map((entry) => {
        const state = stateOf(t, entry, view.timeZone);
        return {
          slug: entry.step.slug,
          title: entry.step.title,
          description: entry.step.description,
          link: entry.step.link ?? '',
          people: involvementText(t, entry.step.involves, view.referentNames),
          stateText: state.text,
          stateColor: state.color,
          isDone: entry.state === 'done',
        };
      }),
    },
    t,
  );
}

/** Asked when the profile has no start date: the path's due dates are counted from it. */
export function renderStartDateCard(t: Translator, today: string): AdaptiveCardJson {
  return renderCard('onboarding/start-date', { today }, t);
}

/** The daily reminder: the overdue steps, and a button that turns the card into the path. */
export function renderReminderCard(t: Translator, overdue: StepStatus[]): AdaptiveCardJson {
  return renderCard(
    'onboarding/reminder',
    {
      intro: t('onboarding.reminder.intro', { count: overdue.length }),
      steps: overdue.map((entry) => ({
        title: entry.step.title,
        due: t('onboarding.reminder.due', { date: formatCalendarDay(entry.dueDate as string, t.locale) }),
      })),
    },
    t,
  );
}

/** The path card, or the start date question while the start date is unknown. */
export function renderPathView(t: Translator, path: PathView, notice = ''): AdaptiveCardJson {
  return path.kind === 'startDateNeeded'
    ? renderStartDateCard(t, path.today)
    : renderPathCard(t, { ...path.view, notice });
}

/** What the path card says after a Fait / Annuler click (a stale click says so). */
export function stepToggleNotice(t: Translator, toggle: StepToggle): string {
  const key: MessageKey = toggle.done
    ? toggle.changed
      ? 'onboarding.path.stepDone'
      : 'onboarding.path.stepAlreadyDone'
    : toggle.changed
      ? 'onboarding.path.stepUndone'
      : 'onboarding.path.stepAlreadyUndone';
  return t(key, { step: toggle.step.title });
}

const slugAndTitle = ({ slug, title }: { slug: string; title: string }) => ({ slug, title });

/** The step's form when what was typed named one, otherwise "which step?". */
export function renderStepChoice(
  t: Translator,
  choice: ContentChoice<PathStep>,
  notice = '',
): AdaptiveCardJson {
  if (choice.kind === 'one') return renderStepEditCard(t, choice.item, notice);
  const question = t('onboarding.stepEdit.choose');
  return renderChooseCard(t, question, 'onboarding.step.edit', choice.candidates.map(slugAndTitle), notice);
}

/** The section's form when what was typed named one, otherwise "which section?". */
export function renderSectionChoice(t: Translator, choice: ContentChoice<BookletSection>): AdaptiveCardJson {
  if (choice.kind === 'one') return renderSectionEditCard(t, choice.item);
  const question = t('onboarding.bookletEdit.choose');
  return renderChooseCard(t, question, 'booklet.section.edit', choice.candidates.map(slugAndTitle));
}

// The follow-up of the newcomers.

/** How many rows the follow-up card lists; newcomers are a few dozen a year. */
const maxRows = 40;

export function renderFollowUpCard(
  t: Translator,
  newcomers: readonly NewcomerOnPath[],
  sort: FollowUpSort,
): AdaptiveCardJson {
  const sorted = sortNewcomers(newcomers, sort);
  return renderCard(
    'onboarding/follow-up',
    {
      summary:
        sorted.length === 0
          ? t('onboarding.followUp.empty')
          : t('onboarding.followUp.intro', { count: sorted.length }),
      rows: sorted.slice(0, maxRows).map(({ member, status }) => ({
        name: member.displayName,
        started: member.profile.startDate
          ? t('onboarding.followUp.startedOn', {
              date: formatCalendarDay(member.profile.startDate, t.locale),
            })
          : t('onboarding.followUp.noStartDate'),
        progress: t('onboarding.followUp.progress', {
          percentage: status.percentage,
          overdue: status.overdueCount,
        }),
        color: status.overdueCount > 0 ? 'Attention' : 'Default',
      })),
      more: sorted.length > maxRows ? t('onboarding.followUp.more', { count: sorted.length - maxRows }) : '',
    },
    t,
  );
}

// Editing the path and the booklet.

export function renderStepEditCard(t: Translator, step: PathStep, notice = ''): AdaptiveCardJson {
  return renderCard(
    'onboarding/step-edit',
    {
      notice,
      slug: step.slug,
      title: step.title,
      description: step.description,
      link: step.link ?? '',
      dueDay: step.dueDay,
      involves: step.involves.join(','),
      involvementChoices: involvements.map((value) => ({ value, title: t(`onboarding.involves.${value}`) })),
    },
    t,
  );
}

/** "Which step / section?" with one button per candidate. */
export function renderChooseCard(
  t: Translator,
  question: string,
  verb: string,
  choices: ReadonlyArray<{ slug: string; title: string }>,
  notice = '',
): AdaptiveCardJson {
  return renderCard('onboarding/choose', { notice, question, verb, choices }, t);
}
