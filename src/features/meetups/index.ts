import type { Feature } from '../../bot/feature';
import { createJobLeases } from '../../scheduling/job-lease';
import { answerFollowUp, settingsActions } from './card-actions';
import { runRoundNow, showFigures, showSettings, type MeetupsHandlerContext } from './commands';
import { meetupJobs } from './jobs';
import { meetupsPersonalData } from './personal-data';
import { meetupPermissions } from './permissions';
import { createMeetupsRepository } from './repository';
import { contributeMeetupsToTab } from './tab';

/**
 * "Rencontres": opt-in meetups between managers of different services, never the same pair
 * twice (see pairing.ts), announced and followed up in each person's 1:1 chat.
 */
export const meetupsFeature: Feature = {
  name: 'meetups',

  async register({ router, jobs, database, config, clock, outbox, personalData, people, log, tab }) {
    const [meetups, leases] = await Promise.all([
      createMeetupsRepository(database.connection),
      createJobLeases(database.connection),
    ]);
    const { members, groups } = people;
    people.permissions.add(meetupPermissions);
    contributeMeetupsToTab(tab, meetups);
    const deps = {
      meetups,
      members,
      groups,
      outbox,
      leases,
      instanceId: outbox.workerId,
      timeZone: config.timezone,
      log,
    };
    const context: MeetupsHandlerContext = {
      deps,
      loadActor: people.loadActor,
      clock,
    };

    router.command(showSettings(context));
    router.command(runRoundNow(context));
    router.command(showFigures(context));
    for (const action of settingsActions(context)) router.cardAction(action);
    router.cardAction(answerFollowUp(context, (data) => router.publish('meetup:held', data)));
    for (const job of meetupJobs(deps, config, clock)) jobs.add(job);
    personalData.add(meetupsPersonalData(meetups, members));
  },
};

declare module '../../bot/router' {
  interface DomainEvents {
    /** The people of a meetup (its pair or trio) said they met. */
    'meetup:held': { memberIds: string[] };
  }
}
