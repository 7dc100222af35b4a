import type { Feature } from '../../bot/feature';
import { seedOnce } from '../../db/seed-once';
import { createJobLeases } from '../../scheduling/job-lease';
import type { EventsSlice } from './access';
import { answerActions, creationActions, managementActions } from './card-actions';
import { agendaCommand, createEventCommand } from './commands';
import { reminderJobName, runReminders } from './jobs';
import { eventsPersonalData } from './personal-data';
import { eventPermissions } from './permissions';
import { createEventsRepository } from './repository';
import { seedDemoEvents } from './seed';
import { calendarFileOf, type EventDependencies } from './service';
import { contributeEventsToTab } from './tab';

/** "Temps partagés": the network's calendar, registrations with waiting lists, reminders, attendance. */
export const eventsFeature: Feature = {
  name: 'events',

  async register({
    router,
    database,
    config,
    clock,
    outbox,
    jobs,
    personalData,
    downloads,
    people,
    log,
    tab,
  }) {
    const [events, leases] = await Promise.all([
      createEventsRepository(database.connection),
      createJobLeases(database.connection),
    ]);
    const { members, groups } = people;
    people.permissions.add(eventPermissions);
    contributeEventsToTab(tab, events);
    // The link calendar applications fetch: the public host in production, this machine otherwise.
    const baseUrl = config.tab.publicHost
      ? `https://${config.tab.publicHost}`
      : `http://localhost:${config.port}`;
    const deps: EventDependencies = {
      events,
      groups,
      members,
      outbox,
      timeZone: config.timezone,
      calendarUrl: (token) => `${baseUrl}/files/calendar/${token}.ics`,
      log,
    };
    const slice: EventsSlice = {
      deps,
      loadActor: people.loadActor,
      clock,
      router,
    };

    router.command(agendaCommand(slice));
    router.command(createEventCommand(slice));
    for (const action of [...creationActions(slice), ...answerActions(slice), ...managementActions(slice)]) {
      router.cardAction(action);
    }
    jobs.add({
      name: reminderJobName,
      schedule: config.schedules.eventReminders,
      timezone: config.timezone,
      run: async () => {
        await runReminders({ ...deps, leases, clock });
      },
    });
    downloads.add({
      kind: 'calendar',
      extension: 'ics',
      contentType: 'text/calendar; charset=utf-8',
      resolve: (token) => calendarFileOf(deps, token),
    });
    personalData.add(eventsPersonalData(deps, clock));
  },

  async seed({ database, clock, config, people }) {
    const events = await createEventsRepository(database.connection);
    await seedOnce(database.connection, 'events', () =>
      seedDemoEvents(events, people.members, clock.now(), config.timezone),
    );
  },
};

declare module '../../bot/router' {
  interface DomainEvents {
    /** People were recorded as present at an event: who, at which kind (`jnr`: the newcomers' day). */
    'calendar:attended': { eventId: string; kind: string; memberIds: string[]; at: Date };
  }
}
