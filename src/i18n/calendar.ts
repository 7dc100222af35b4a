import type { Locale } from './translator';

/**
 * Calendar days and instants as people read them. A calendar day (a due date, a milestone) is a
 * `YYYY-MM-DD` string with no time zone; an instant is a Date shown in the network's time zone
 * (config.timezone, Europe/Paris). Days are counted in UTC, where no day is 23 or 25 hours long,
 * so month ends, leap years and daylight-saving changes need no special case.
 */

const millisecondsPerDay = 24 * 60 * 60 * 1000;
const dateLocales: Record<Locale, string> = { fr: 'fr-FR', en: 'en-GB' };

/** Building an Intl.DateTimeFormat costs far more than formatting with it: each is built once. */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** `use` names the options (with what varies in them, e.g. the time zone), so no key is computed from them. */
function formatter(
  use: string,
  locale: string,
  options: () => Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  const key = `${use}|${locale}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale, options());
    formatters.set(key, found);
  }
  return found;
}

/** The calendar day an instant falls on in `timeZone`, e.g. 2026-03-28T23:30Z → 2026-03-29 in Paris. */
export function calendarDayIn(instant: Date, timeZone: string): string {
  // The en-CA locale formats as YYYY-MM-DD.
  return formatter(`day-in:${timeZone}`, 'en-CA', () => ({
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  })).format(instant);
}

/** True for an existing day written YYYY-MM-DD (2026-02-29 is not one, 2028-02-29 is). */
export function isCalendarDay(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function toUtcMidnight(day: string): number {
  const [year, month, date] = day.split('-').map(Number);
  return Date.UTC(year, month - 1, date);
}

/** `day` plus `count` calendar days (negative counts go back): 2026-01-31 + 30 → 2026-03-02. */
export function addDays(day: string, count: number): string {
  return new Date(toUtcMidnight(day) + count * millisecondsPerDay).toISOString().slice(0, 10);
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtcMidnight(to) - toUtcMidnight(from)) / millisecondsPerDay);
}

/**
 * Texts already formatted, by what they format: cards show the same few due dates and deadlines
 * again and again. The bound only guards against a surprise.
 */
const formatted = new Map<string, string>();

function rememberedFormat(key: string, format: () => string): string {
  const known = formatted.get(key);
  if (known !== undefined) return known;
  const text = format();
  if (formatted.size >= 10_000) formatted.clear();
  formatted.set(key, text);
  return text;
}

/** "2 mars 2026" / "2 March 2026": a calendar day has no time zone, so it is formatted as UTC. */
export function formatCalendarDay(day: string, locale: Locale): string {
  return rememberedFormat(`day|${locale}|${day}`, () =>
    formatter('calendar-day', dateLocales[locale], () => ({
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    })).format(toUtcMidnight(day)),
  );
}

/** "12 mars 2026 à 14:05", in the network's time zone. */
export function formatInstant(instant: Date, locale: Locale, timeZone: string): string {
  return rememberedFormat(`instant|${timeZone}|${locale}|${instant.getTime()}`, () =>
    formatter(`instant:${timeZone}`, dateLocales[locale], () => ({
      dateStyle: 'long',
      timeStyle: 'short',
      timeZone,
    })).format(instant),
  );
}

/** "14:05": the time of day an instant shows in `timeZone`, 24-hour, as Input.Time expects it. */
export function timeOfDayIn(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(instant);
}
