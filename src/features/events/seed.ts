import { addDays, calendarDayIn } from '../../i18n/calendar';
import { instantOfWallTime } from '../../i18n/wall-clock-time';
import { type MembersRepository } from '../../people';
import type { EventAudience, EventKind, EventsRepository } from './repository';

interface DemoEvent {
  kind: EventKind;
  title: string;
  description: string;
  /** Days from the seeding day, and Paris wall times. */
  inDays: number;
  start: string;
  end: string;
  place?: string;
  onlineUrl?: string;
  capacity?: number;
  audience: EventAudience;
  audienceTitle: string;
  /** The fictional organiser's Teams id (members/seed-data.ts). */
  organiser: string;
}

/** Fictional events of the coming weeks, so `agenda` shows something on a fresh database. */
export const demoEvents: DemoEvent[] = [
  {
    kind: 'sharedTime',
    title: 'Temps partagé : les coulisses du centre technique municipal',
    description:
      'Une heure et demie pour découvrir les ateliers du CTM avec celles et ceux qui les font tourner, puis un café ensemble.',
    inDays: 10,
    start: '12:00',
    end: '13:30',
    place: 'Centre technique municipal, 12 rue des Ateliers (adresse fictive)',
    capacity: 25,
    audience: { kind: 'network' },
    audienceTitle: 'Tout le réseau iX',
    organiser: 'ix-user-nadia',
  },
  {
    kind: 'jnr',
    title: 'Journée des nouveaux recrutés',
    description:
      'La Ville, ses sites et ses métiers en une journée, avec la direction générale et les autres nouveaux cadres.',
    inDays: 21,
    start: '09:00',
    end: '16:30',
    place: 'Hôtel de Ville, salle des fêtes',
    capacity: 40,
    audience: { kind: 'newcomers' },
    audienceTitle: "Les nouveaux cadres (parcours d'intégration)",
    organiser: 'ix-user-nadia',
  },
  {
    kind: 'workshop',
    title: 'Atelier Bon accueil : relire le livret d’accueil',
    description: 'On relit ensemble les sections du livret et on note ce qui manque aux nouveaux arrivants.',
    inDays: 7,
    start: '14:00',
    end: '15:30',
    onlineUrl: 'https://teams.microsoft.com/l/meetup-join/ix-demo-atelier-bon-accueil',
    audience: { kind: 'group', groupSlug: 'bon-accueil' },
    audienceTitle: 'Bon accueil, pas d’écueil',
    organiser: 'ix-user-julien',
  },
];

/** Writes the demo events, published as they are (no invitation is sent for seeded data). */
export async function seedDemoEvents(
  events: EventsRepository,
  members: MembersRepository,
  now: Date,
  timeZone: string,
): Promise<void> {
  const today = calendarDayIn(now, timeZone);
  for (const demo of demoEvents) {
    const organiser = await members.findByIdentity({ teamsUserId: demo.organiser });
    const day = addDays(today, demo.inDays);
    const startsAt = instantOfWallTime(day, demo.start, timeZone);
    const endsAt = instantOfWallTime(day, demo.end, timeZone);
    if (!organiser || startsAt.kind !== 'instant' || endsAt.kind !== 'instant') continue;
    const { organiser: _id, inDays: _days, start: _start, end: _end, ...settings } = demo;
    const draft = await events.createDraft(
      {
        ...settings,
        startsAt: startsAt.instant,
        endsAt: endsAt.instant,
        registrationDeadline: startsAt.instant,
      },
      { memberId: organiser.id, name: organiser.displayName },
      now,
    );
    await events.transition(draft.id, 'published', now);
  }
}
