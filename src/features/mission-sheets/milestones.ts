import { isCalendarDay } from '../../i18n/calendar';
import { sheetLimits, type Milestone } from './sheet-content';

/** What is wrong with the calendar typed in the form; `line` counts the lines of the input from 1. */
export type MilestoneProblem =
  | { kind: 'format'; line: number }
  | { kind: 'date'; line: number; date: string }
  | { kind: 'titleTooLong'; line: number }
  | { kind: 'tooMany'; count: number };

/** "2026-03-15 Titre", also "2026-03-15 : Titre" or the French "15/03/2026 Titre". */
const isoLine = /^(\d{4}-\d{1,2}-\d{1,2})\s*[-–—:]?\s+(.*)$/;
const frenchLine = /^(\d{1,2})\/(\d{1,2})\/(\d{4})\s*[-–—:]?\s+(.*)$/;

const pad = (value: string) => value.padStart(2, '0');

function readLine(line: string): { date: string; title: string } | undefined {
  const iso = isoLine.exec(line);
  if (iso) {
    const [year, month, day] = iso[1].split('-');
    return { date: `${year}-${pad(month)}-${pad(day)}`, title: iso[2].trim() };
  }
  const french = frenchLine.exec(line);
  if (french) return { date: `${french[3]}-${pad(french[2])}-${pad(french[1])}`, title: french[4].trim() };
  return undefined;
}

/**
 * Reads the calendar typed one milestone per line ("AAAA-MM-JJ Titre"). Blank lines are skipped;
 * milestones come back sorted by date, as the card shows them.
 */
export function parseMilestoneLines(text: string): { milestones: Milestone[]; problems: MilestoneProblem[] } {
  const milestones: Milestone[] = [];
  const problems: MilestoneProblem[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    const number = index + 1;
    const read = readLine(line);
    if (!read || read.title === '') problems.push({ kind: 'format', line: number });
    else if (!isCalendarDay(read.date)) problems.push({ kind: 'date', line: number, date: read.date });
    else if (read.title.length > sheetLimits.milestoneTitle)
      problems.push({ kind: 'titleTooLong', line: number });
    else milestones.push(read);
  });
  const count = milestones.length + problems.length;
  if (count > sheetLimits.milestones) problems.unshift({ kind: 'tooMany', count });
  return { milestones: sortByDate(milestones), problems };
}

/** The calendar as the edit form shows it, one "AAAA-MM-JJ Titre" per line. */
export function formatMilestoneLines(milestones: readonly Milestone[]): string {
  return milestones.map((milestone) => `${milestone.date} ${milestone.title}`).join('\n');
}

export function sortByDate(milestones: readonly Milestone[]): Milestone[] {
  // Stable: milestones of the same day keep the order they were typed in.
  return [...milestones].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** A milestone is past once its day is over in Paris; today's milestone is still ahead. */
export function isPastMilestone(milestone: Milestone, today: string): boolean {
  return milestone.date < today;
}
