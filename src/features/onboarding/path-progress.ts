import { daysBetween } from '../../i18n/calendar';
import { dueDateOf, isOverdue } from './due-dates';

/** Who takes part in a step besides the newcomer, shown on the path card. */
export const involvements = ['hrReferent', 'lead', 'manager', 'coordination', 'network'] as const;
export type Involvement = (typeof involvements)[number];

/** One step of the integration path, as coordinators edit it. */
export interface PathStep {
  /** Stable id: progress is recorded against it, so editing texts never loses anyone's ticks. */
  slug: string;
  order: number;
  title: string;
  description: string;
  link?: string;
  /** Due "J+N": N calendar days after the start date (0 is the first day). */
  dueDay: number;
  involves: Involvement[];
}

export interface StepProgress {
  stepSlug: string;
  doneAt: Date;
}

export type StepState = 'done' | 'overdue' | 'upcoming' | 'undated';

export interface StepStatus {
  step: PathStep;
  state: StepState;
  /** Undefined while the start date is unknown. */
  dueDate?: string;
  doneAt?: Date;
}

export interface PathStatus {
  steps: StepStatus[];
  doneCount: number;
  total: number;
  /** Rounded down, so 100 % means everything is done. */
  percentage: number;
  overdueCount: number;
  complete: boolean;
}

/**
 * Where a person stands on the current path. Only steps that exist today count: progress on a
 * step a coordinator removed is kept in the database but no longer weighs in the percentage.
 */
export function pathStatus(
  steps: readonly PathStep[],
  progress: readonly StepProgress[],
  startDate: string | undefined,
  today: string,
): PathStatus {
  const doneAt = new Map(progress.map((entry) => [entry.stepSlug, entry.doneAt]));
  const statuses = [...steps]
    .sort((a, b) => a.order - b.order || a.dueDay - b.dueDay)
    .map((step): StepStatus => {
      const dueDate = startDate ? dueDateOf(startDate, step.dueDay) : undefined;
      const done = doneAt.get(step.slug);
      if (done) return { step, state: 'done', dueDate, doneAt: done };
      if (!dueDate) return { step, state: 'undated' };
      return { step, state: isOverdue(dueDate, today) ? 'overdue' : 'upcoming', dueDate };
    });
  const doneCount = statuses.filter((status) => status.state === 'done').length;
  const total = statuses.length;
  return {
    steps: statuses,
    doneCount,
    total,
    percentage: total === 0 ? 0 : Math.floor((doneCount * 100) / total),
    overdueCount: statuses.filter((status) => status.state === 'overdue').length,
    complete: total > 0 && doneCount === total,
  };
}

/** How long after their start date someone still counts as a newcomer, even without ticking anything. */
export const newcomerWindowDays = 180;

/**
 * A newcomer is someone who started less than `newcomerWindowDays` ago (or will start soon), or
 * who ticked at least one step of the path. Long-standing managers who never opened the path are
 * not newcomers, so the 350 managers already in place get no reminders and no referent notices.
 */
export function isNewcomer(startDate: string | undefined, hasProgress: boolean, today: string): boolean {
  const recentStart = startDate !== undefined && daysBetween(startDate, today) <= newcomerWindowDays;
  return recentStart || hasProgress;
}

/** A newcomer whose path is not complete yet: the people reminders and the follow-up are about. */
export function isNewcomerInProgress(
  startDate: string | undefined,
  status: PathStatus,
  hasProgress: boolean,
  today: string,
): boolean {
  return !status.complete && isNewcomer(startDate, hasProgress, today);
}
