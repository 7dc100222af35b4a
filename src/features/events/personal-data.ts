import type { PersonalDataSource } from '../../privacy/personal-data';
import type { Clock } from '../../clock';
import { answerEvent, type EventDependencies } from './service';

/**
 * A person's event data: the events they organised and their registrations. Erasing first gives
 * their places back (the first person waiting is promoted and told), then forgets them.
 */
export function eventsPersonalData(deps: EventDependencies, clock: Clock): PersonalDataSource {
  return {
    name: 'events',
    titleKey: 'events.privacySection',
    async export(memberId) {
      const { organised, registrations } = await deps.events.exportMember(memberId);
      const titles = new Map(
        (await deps.events.findEventsByIds(registrations.map((registration) => registration.eventId))).map(
          (event) => [event.id, event],
        ),
      );
      return {
        organised: organised.map((event) => ({
          title: event.title,
          startsAt: event.startsAt.toISOString(),
          status: event.status,
        })),
        registrations: registrations.map((registration) => ({
          event: titles.get(registration.eventId)?.title,
          startsAt: titles.get(registration.eventId)?.startsAt.toISOString(),
          answer: registration.state,
          answeredAt: registration.answeredAt.toISOString(),
          ...(registration.attended === undefined ? {} : { attended: registration.attended }),
        })),
      };
    },
    async erase(memberId) {
      const now = clock.now();
      const registrations = await deps.events.registrationsOfMember(memberId);
      const events = await deps.events.findEventsByIds(
        registrations.map((registration) => registration.eventId),
      );
      for (const event of events) {
        const registration = registrations.find((candidate) => candidate.eventId === event.id);
        if (registration?.state === 'confirmed' || registration?.state === 'waiting') {
          await answerEvent(deps, { event, memberId, answer: 'declined', now });
        }
      }
      const { erased, keptAnonymous } = await deps.events.eraseMember(memberId, now);
      return keptAnonymous > 0 ? { erased, keptReasonKey: 'events.privacyKept' } : { erased };
    },
  };
}
