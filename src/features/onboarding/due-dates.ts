import { addDays } from '../../i18n/calendar';

/**
 * Due dates of the integration path are calendar days ("J+30"), not instants: a step due on a day
 * stays on time until that day ends in the network's time zone (config.timezone, Europe/Paris).
 */

/** The day a step is due: J+N counted from the start date (J+0 is the first day). */
export function dueDateOf(startDate: string, dueDay: number): string {
  return addDays(startDate, dueDay);
}

/** A step is overdue from 00:00 (network time) of the day after its due day. */
export function isOverdue(dueDate: string, today: string): boolean {
  return today > dueDate;
}
