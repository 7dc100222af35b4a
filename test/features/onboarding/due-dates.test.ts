import {
  addDays,
  calendarDayIn,
  daysBetween,
  formatCalendarDay,
  isCalendarDay,
} from '../../../src/i18n/calendar';
import { dueDateOf, isOverdue } from '../../../src/features/onboarding/due-dates';

const paris = 'Europe/Paris';

/** Is a step due J+`dueDay` from `startDate` overdue at this instant, Paris time? */
function overdueAt(startDate: string, dueDay: number, instant: string): boolean {
  return isOverdue(dueDateOf(startDate, dueDay), calendarDayIn(new Date(instant), paris));
}

describe('due dates', () => {
  it.each([
    ['2026-01-31', 30, '2026-03-02'],
    ['2028-01-31', 30, '2028-03-01'],
    ['2026-01-31', 28, '2026-02-28'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-03-02', 0, '2026-03-02'],
    ['2026-03-01', -1, '2026-02-28'],
  ])('counts %s + %i days as %s', (start, days, expected) => {
    expect(addDays(start, days)).toBe(expected);
    expect(daysBetween(start, expected)).toBe(days);
  });

  it('counts calendar days across the daylight-saving changes, not 24-hour periods', () => {
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29');
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30');
    expect(addDays('2026-10-24', 2)).toBe('2026-10-26');
    expect(daysBetween('2026-03-01', '2026-04-01')).toBe(31);
    expect(daysBetween('2026-10-01', '2026-11-01')).toBe(31);
  });

  it.each([
    ['2026-03-28T22:59:00Z', '2026-03-28'],
    ['2026-03-28T23:00:00Z', '2026-03-29'],
    ['2026-03-29T00:30:00Z', '2026-03-29'],
    ['2026-03-29T01:30:00Z', '2026-03-29'],
    ['2026-03-29T21:59:00Z', '2026-03-29'],
    ['2026-03-29T22:00:00Z', '2026-03-30'],
    ['2026-10-24T21:59:00Z', '2026-10-24'],
    ['2026-10-24T22:00:00Z', '2026-10-25'],
    ['2026-10-25T00:30:00Z', '2026-10-25'],
    ['2026-10-25T01:30:00Z', '2026-10-25'],
    ['2026-10-25T22:59:00Z', '2026-10-25'],
    ['2026-10-25T23:00:00Z', '2026-10-26'],
  ])('reads %s as the Paris day %s', (instant, day) => {
    expect(calendarDayIn(new Date(instant), paris)).toBe(day);
  });

  it('makes a J+30 step overdue at the next Paris midnight after a month end', () => {
    // 2026-01-31 + 30 days = 2026-03-02, in winter time (UTC+1).
    expect(overdueAt('2026-01-31', 30, '2026-03-02T22:59:59Z')).toBe(false);
    expect(overdueAt('2026-01-31', 30, '2026-03-02T23:00:00Z')).toBe(true);
    // In a leap year the same step is due on 1 March.
    expect(overdueAt('2028-01-31', 30, '2028-03-01T22:59:59Z')).toBe(false);
    expect(overdueAt('2028-01-31', 30, '2028-03-01T23:00:00Z')).toBe(true);
  });

  it('makes a step due on the spring change day overdue at 22:00 UTC, Paris midnight in summer time', () => {
    // 2026-02-27 + 30 days = 2026-03-29, the last Sunday of March.
    expect(overdueAt('2026-02-27', 30, '2026-03-29T00:30:00Z')).toBe(false);
    expect(overdueAt('2026-02-27', 30, '2026-03-29T01:30:00Z')).toBe(false);
    expect(overdueAt('2026-02-27', 30, '2026-03-29T21:59:59Z')).toBe(false);
    expect(overdueAt('2026-02-27', 30, '2026-03-29T22:00:00Z')).toBe(true);
  });

  it('makes a step due the day before the spring change overdue at 23:00 UTC, Paris midnight in winter time', () => {
    expect(overdueAt('2026-02-26', 30, '2026-03-28T22:59:59Z')).toBe(false);
    expect(overdueAt('2026-02-26', 30, '2026-03-28T23:00:00Z')).toBe(true);
  });

  it('makes a step due on the autumn change day overdue at 23:00 UTC, Paris midnight in winter time', () => {
    // 2026-09-25 + 30 days = 2026-10-25, the last Sunday of October.
    expect(overdueAt('2026-09-25', 30, '2026-10-25T00:30:00Z')).toBe(false);
    expect(overdueAt('2026-09-25', 30, '2026-10-25T22:59:59Z')).toBe(false);
    expect(overdueAt('2026-09-25', 30, '2026-10-25T23:00:00Z')).toBe(true);
    // The day before, still in summer time, ends at 22:00 UTC.
    expect(overdueAt('2026-09-24', 30, '2026-10-24T21:59:59Z')).toBe(false);
    expect(overdueAt('2026-09-24', 30, '2026-10-24T22:00:00Z')).toBe(true);
  });

  it.each([
    ['2026-02-28', true],
    ['2026-02-29', false],
    ['2028-02-29', true],
    ['2026-04-31', false],
    ['2026-13-01', false],
    ['26-03-01', false],
    ['2026-3-1', false],
  ])('tells whether %s is a real day (%s)', (text, real) => {
    expect(isCalendarDay(text)).toBe(real);
  });

  it('formats a day the same whatever the time zone of the server', () => {
    expect(formatCalendarDay('2026-03-29', 'fr')).toBe('29 mars 2026');
    expect(formatCalendarDay('2026-03-29', 'en')).toBe('29 March 2026');
  });
});
