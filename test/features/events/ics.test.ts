import ICAL from 'ical.js';
import { renderCalendarFile, type CalendarEntry } from '../../../src/features/events/ics';

const entry = (changes: Partial<CalendarEntry> = {}): CalendarEntry => ({
  uid: 'ix-event-0123456789abcdef01234567@ix.orleans.fr',
  sequence: 0,
  title: 'Temps partagé : visite du CTM',
  description: 'Une visite, puis un café.',
  location: 'Centre technique municipal',
  startsAt: new Date('2026-03-29T08:00:00Z'),
  endsAt: new Date('2026-03-29T10:00:00Z'),
  stamp: new Date('2026-03-01T09:00:00Z'),
  organiserName: 'Nadia Benali',
  cancelled: false,
  ...changes,
});

/** Parses a file with ical.js, its own VTIMEZONE registered as a calendar application does. */
function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const zone = new ICAL.Timezone(calendar.getFirstSubcomponent('vtimezone')!);
  ICAL.TimezoneService.register(zone);
  const vevent = calendar.getFirstSubcomponent('vevent')!;
  return { calendar, vevent, event: new ICAL.Event(vevent) };
}

describe('calendar files', () => {
  afterEach(() => ICAL.TimezoneService.reset());

  it.each([
    ['the spring-forward Sunday, after the change', '2026-03-29T08:00:00Z', '2026-03-29T10:00:00Z', '10:00'],
    ['the spring-forward Sunday, across the change', '2026-03-29T00:30:00Z', '2026-03-29T01:30:00Z', '01:30'],
    ['the fall-back Sunday, after the change', '2026-10-25T09:00:00Z', '2026-10-25T11:00:00Z', '10:00'],
    ['the fall-back Sunday, across the change', '2026-10-24T23:30:00Z', '2026-10-25T02:30:00Z', '01:30'],
    ['a winter day', '2026-12-10T11:00:00Z', '2026-12-10T12:30:00Z', '12:00'],
  ])('keeps the instants right on %s', (_case, start, end, parisStart) => {
    const text = renderCalendarFile(entry({ startsAt: new Date(start), endsAt: new Date(end) }));
    const { event, vevent } = parse(text);

    expect(event.startDate.toJSDate().toISOString()).toBe(new Date(start).toISOString());
    expect(event.endDate.toJSDate().toISOString()).toBe(new Date(end).toISOString());
    expect(event.startDate.zone?.tzid).toBe('Europe/Paris');
    expect(vevent.getFirstProperty('dtstart')!.toICALString()).toContain(`T${parisStart.replace(':', '')}00`);
  });

  it('publishes with a stable UID and the sequence it is given', () => {
    const first = parse(renderCalendarFile(entry({ sequence: 0 })));
    const changed = parse(renderCalendarFile(entry({ sequence: 3, title: 'Nouveau titre' })));

    expect(first.calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(changed.event.uid).toBe(first.event.uid);
    expect(changed.event.sequence).toBe(3);
    expect(changed.event.summary).toBe('Nouveau titre');
  });

  it('says METHOD:CANCEL and STATUS:CANCELLED for a cancelled event', () => {
    const { calendar, vevent } = parse(renderCalendarFile(entry({ cancelled: true, sequence: 2 })));

    expect(calendar.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(vevent.getFirstPropertyValue('status')).toBe('CANCELLED');
  });

  it('folds long lines at 75 octets without breaking accents, and escapes commas and semicolons', () => {
    const description = `Journée d’échanges ; ateliers, visites, déjeuner. ${'Ça commence à l’Hôtel de Ville. '.repeat(8)}\nDeuxième ligne.`;
    const text = renderCalendarFile(entry({ description, title: 'Réunion, atelier ; café' }));

    expect(text.endsWith('\r\n')).toBe(true);
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    const { event } = parse(text);
    expect(event.description).toBe(description);
    expect(event.summary).toBe('Réunion, atelier ; café');
  });
});
