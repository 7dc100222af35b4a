import { wallTimeAt } from '../../i18n/wall-clock-time';

/**
 * The iCalendar file (RFC 5545) of one event, for Outlook and every calendar application.
 * Times are written as Paris wall time with the zone's VTIMEZONE, so the entry stays right when a
 * reader applies its own daylight-saving rules; the UID never changes, SEQUENCE grows with each
 * change, and a cancelled event is sent as METHOD:CANCEL so calendars remove it.
 */

export interface CalendarEntry {
  uid: string;
  sequence: number;
  title: string;
  description: string;
  location?: string;
  url?: string;
  startsAt: Date;
  endsAt: Date;
  /** When the event last changed (DTSTAMP). */
  stamp: Date;
  organiserName?: string;
  cancelled: boolean;
}

/** Paris since 1996: CEST from the last Sunday of March 02:00, CET from the last Sunday of October 03:00. */
const parisTimeZone = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/Paris',
  'X-LIC-LOCATION:Europe/Paris',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19700329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19701025T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
];

/** 20260329T100000: the wall time the clocks of Paris show at `instant`. */
function parisWallTime(instant: Date): string {
  return utcTime(new Date(wallTimeAt(instant.getTime(), 'Europe/Paris'))).slice(0, -1);
}

/** 20260329T080000Z */
function utcTime(instant: Date): string {
  return instant
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** TEXT values escape backslashes, semicolons, commas and line breaks (RFC 5545 §3.3.11). */
function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/**
 * Lines longer than 75 octets are folded with CRLF and a space (§3.1), never inside a UTF-8
 * character: "Journée" must survive the fold.
 */
function fold(line: string): string {
  const pieces: string[] = [];
  let current = '';
  let octets = 0;
  for (const character of line) {
    const size = Buffer.byteLength(character);
    const limit = pieces.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      pieces.push(current);
      current = '';
      octets = 0;
    }
    current += character;
    octets += size;
  }
  pieces.push(current);
  return pieces.join('\r\n ');
}

export function renderCalendarFile(entry: CalendarEntry): string {
  const paris = (name: string, instant: Date) => `${name};TZID=Europe/Paris:${parisWallTime(instant)}`;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Ville d’Orléans//iX Teams bot//FR',
    'CALSCALE:GREGORIAN',
    `METHOD:${entry.cancelled ? 'CANCEL' : 'PUBLISH'}`,
    ...parisTimeZone,
    'BEGIN:VEVENT',
    `UID:${entry.uid}`,
    `SEQUENCE:${entry.sequence}`,
    `DTSTAMP:${utcTime(entry.stamp)}`,
    paris('DTSTART', entry.startsAt),
    paris('DTEND', entry.endsAt),
    `SUMMARY:${escapeText(entry.title)}`,
    ...(entry.description ? [`DESCRIPTION:${escapeText(entry.description)}`] : []),
    ...(entry.location ? [`LOCATION:${escapeText(entry.location)}`] : []),
    ...(entry.url ? [`URL:${entry.url}`] : []),
    // A parameter value is quoted, not escaped; the address is a placeholder (the bot has no mailbox).
    ...(entry.organiserName
      ? [`ORGANIZER;CN="${entry.organiserName.replace(/["\r\n]/g, '')}":mailto:noreply@ix.invalid`]
      : []),
    `STATUS:${entry.cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    'TRANSP:OPAQUE',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(fold).join('\r\n')}\r\n`;
}
