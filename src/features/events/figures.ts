import type { FeatureFigures } from '../../tab/dashboard-figures';
import { type MemberRecord } from '../../people';
import type { EventsRepository } from './repository';

/** The events part of the coordinators' dashboard (its contract lives with the tab's figures). */
export type EventFigures = FeatureFigures['events'];

/**
 * The coordinators' figures about events held. An event counts for attendance once someone marked
 * who came (the organiser, or a person's "J'y étais"): before that, nobody is a no-show.
 */
export async function eventFigures(
  events: EventsRepository,
  people: readonly MemberRecord[],
  now: Date,
): Promise<EventFigures> {
  const { held, registrations } = await events.heldEventsWithRegistrations(now);
  const taken = new Set(
    registrations.filter((registration) => registration.attended !== undefined).map((r) => r.eventId),
  );
  const organisationOf = new Map(people.map((member) => [member.id, member.profile.organisation?.trim()]));
  const rows = new Map<string, { registrations: number; attended: number; noShows: number }>();
  let attended = 0;
  let noShows = 0;
  for (const registration of registrations) {
    const label = organisationOf.get(registration.memberId) || 'Non renseigné';
    const row = rows.get(label) ?? { registrations: 0, attended: 0, noShows: 0 };
    row.registrations += 1;
    if (taken.has(registration.eventId)) {
      if (registration.attended) row.attended += 1;
      else row.noShows += 1;
    }
    rows.set(label, row);
  }
  for (const row of rows.values()) {
    attended += row.attended;
    noShows += row.noShows;
  }
  return {
    held: held.length,
    registrations: registrations.length,
    attended,
    noShows,
    attendanceRate: attended + noShows === 0 ? 0 : Math.round((attended / (attended + noShows)) * 100),
    byOrganisation: [...rows]
      .map(([label, row]) => ({ label, ...row }))
      .sort((a, b) => b.registrations - a.registrations || a.label.localeCompare(b.label, 'fr')),
  };
}
