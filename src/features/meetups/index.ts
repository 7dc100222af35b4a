import type { Feature } from '../../bot/feature';
import { createJobLeases } from '../../scheduling/job-lease';
import { createGroupsRepository, createActorLoader, createMembersRepository } from '../../people';
import { answerFollowUp, settingsActions } from './card-actions';
import { runRoundNow, showFigures, showSettings, type MeetupsHandlerContext } from './commands';
import { meetupJobs } from './jobs';
import { meetupsPersonalData } from './personal-data';
import { createMeetupsRepository } from './repository';
import { contributeMeetupsToTab } from './tab';

/**
 * "Rencontres": opt-in meetups between managers of different services, never the same pair
 * twice (see pairing.ts), announced and followed up in each person's 1:1 chat.
 */
export const meetupsFeature: Feature = {
  name: 'meetups',

  async register({ router, jobs, database, config, clock, outbox, personalData, log, tab }) {
    const [meetups, members, groups, leases] = await Promise.all([
      createMeetupsRepository(database.connection),
      createMembersRepository(database.connection),
      createGroupsRepository(database.connection),
      createJobLeases(database.connection),
    ]);
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
      loadActor: createActorLoader(members, config.coordinators),
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
