import { renderCard, type AdaptiveCardJson } from '../../cards/render-card';
import type { Translator } from '../../i18n/translator';
import { calendarDayIn, formatCalendarDay } from '../../i18n/calendar';
import type { Involvement, PathStatus, StepStatus } from './path-progress';

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
