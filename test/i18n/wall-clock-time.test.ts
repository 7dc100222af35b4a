import { instantOfWallTime } from '../../src/i18n/wall-clock-time';

const paris = 'Europe/Paris';
const instant = (day: string, time: string, zone = paris) => {
  const result = instantOfWallTime(day, time, zone);
  return result.kind === 'instant' ? result.instant.toISOString() : result.kind;
};

describe('wall-clock time in the network zone', () => {
  it('reads winter time as UTC+1 and summer time as UTC+2', () => {
    expect(instant('2026-01-15', '18:00')).toBe('2026-01-15T17:00:00.000Z');
    expect(instant('2026-07-14', '18:00')).toBe('2026-07-14T16:00:00.000Z');
  });

  it('handles the spring-forward day: before, inside and after the skipped hour', () => {
    // Sunday 29 March 2026: at 02:00 Paris clocks jump to 03:00.
    expect(instant('2026-03-29', '01:59')).toBe('2026-03-29T00:59:00.000Z');
    expect(instant('2026-03-29', '02:00')).toBe('nonexistent');
    expect(instant('2026-03-29', '02:30')).toBe('nonexistent');
    expect(instant('2026-03-29', '03:00')).toBe('2026-03-29T01:00:00.000Z');
    expect(instant('2026-03-29', '12:00')).toBe('2026-03-29T10:00:00.000Z');
  });

  it('takes the first of the two 02:30 on the fall-back day', () => {
    // Sunday 25 October 2026: at 03:00 Paris clocks go back to 02:00.
    expect(instant('2026-10-25', '01:30')).toBe('2026-10-24T23:30:00.000Z');
    expect(instant('2026-10-25', '02:30')).toBe('2026-10-25T00:30:00.000Z');
    expect(instant('2026-10-25', '03:00')).toBe('2026-10-25T02:00:00.000Z');
    expect(instant('2026-10-25', '23:59')).toBe('2026-10-25T22:59:00.000Z');
  });

  it('works around midnight and the turn of the year', () => {
    expect(instant('2026-12-31', '23:30')).toBe('2026-12-31T22:30:00.000Z');
    expect(instant('2027-01-01', '00:00')).toBe('2026-12-31T23:00:00.000Z');
  });

  it('follows the configured zone, not the server one', () => {
    expect(instant('2026-07-14', '18:00', 'America/New_York')).toBe('2026-07-14T22:00:00.000Z');
    expect(instant('2026-07-14', '18:00', 'UTC')).toBe('2026-07-14T18:00:00.000Z');
  });

  it('refuses days and times that do not exist on any calendar', () => {
    expect(instant('2026-02-30', '10:00')).toBe('invalid');
    expect(instant('2026-13-01', '10:00')).toBe('invalid');
    expect(instant('2026-03-10', '24:00')).toBe('invalid');
    expect(instant('10/03/2026', '10:00')).toBe('invalid');
    expect(instant('2026-03-10', '10h')).toBe('invalid');
  });

  it('accepts the seconds some clients add to Input.Time', () => {
    expect(instant('2026-01-15', '18:00:00')).toBe('2026-01-15T17:00:00.000Z');
  });
});
