/**
 * People type deadlines as wall-clock time in the network's zone ("le 29 mars à 18:00", Paris
 * time); the database stores instants. The conversion uses Intl only: the zone's offset at an
 * instant is read back from how Intl formats that instant there.
 */

export type WallTimeResult =
  | { kind: 'instant'; instant: Date }
  /** The wall time is skipped when clocks go forward (e.g. 02:30 on the last Sunday of March in Paris). */
  | { kind: 'nonexistent' }
  | { kind: 'invalid' };

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall time shown in `timeZone` at `instant`, as if it were UTC (milliseconds). */
export function wallTimeAt(instant: number, timeZone: string): number {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(instant)
      .map((part) => [part.type, Number(part.value)]),
  );
  return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
}

/** How far ahead of UTC the zone's clocks are at `instant`, in milliseconds (+1 h in Paris in winter). */
function offsetAt(instant: number, timeZone: string): number {
  const whole = Math.floor(instant / 1000) * 1000;
  return wallTimeAt(whole, timeZone) - whole;
}

const dayPattern = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Input.Time sends HH:mm; some clients add seconds. */
const timePattern = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;
const twelveHours = 12 * 60 * 60 * 1000;

/**
 * The instant at which the clocks of `timeZone` show `day` (YYYY-MM-DD) at `time` (HH:mm).
 * When clocks go back the wall time happens twice: the first one is taken (the earlier deadline).
 */
export function instantOfWallTime(day: string, time: string, timeZone: string): WallTimeResult {
  const dayMatch = dayPattern.exec(day);
  const timeMatch = timePattern.exec(time);
  if (!dayMatch || !timeMatch) return { kind: 'invalid' };
  const [year, month, date] = dayMatch.slice(1).map(Number);
  const [hour, minute] = [Number(timeMatch[1]), Number(timeMatch[2])];
  const wall = Date.UTC(year, month - 1, date, hour, minute);
  const check = new Date(wall);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== date) {
    return { kind: 'invalid' };
  }
  // Offsets change at most once around a given wall time: those in force 12 hours either side
  // are the only candidates, and a candidate is right when the zone shows the wall time then.
  const offsets = new Set([offsetAt(wall - twelveHours, timeZone), offsetAt(wall + twelveHours, timeZone)]);
  const candidates = [...offsets]
    .map((offset) => wall - offset)
    .filter((instant) => wallTimeAt(instant, timeZone) === wall)
    .sort((a, b) => a - b);
  if (candidates.length === 0) return { kind: 'nonexistent' };
  return { kind: 'instant', instant: new Date(candidates[0]) };
}
