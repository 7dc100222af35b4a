import type { Feature } from '../../bot/feature';
import { createOutboxRepository } from '../../delivery/repository';
import { pollCardActions } from './card-actions';
import { pollCommands } from './commands';
import { pollJobs } from './jobs';
import { pollPermissions } from './permissions';
import { pollsPersonalData } from './personal-data';
import { createPollsRepository } from './repository';
import type { PollDependencies } from './service';
import { contributePollsToTab } from './tab';

/** Polls: a lead asks their group (a coordinator the network), members vote, results at the deadline. */
export const pollsFeature: Feature = {
  name: 'polls',

  async register({ router, people, database, config, clock, outbox, jobs, personalData, log, tab }) {
    const [polls, deliveries] = await Promise.all([
      createPollsRepository(database.connection),
      createOutboxRepository(database.connection),
    ]);
    const deps: PollDependencies = {
      polls,
      people,
      deliveries,
      outbox,
      ballotKeys: config.ballotKeys,
      timeZone: config.timezone,
      clock,
      events: router,
      log,
    };
    people.permissions.add(pollPermissions);
    contributePollsToTab(tab, polls);
    for (const command of pollCommands(deps)) router.command(command);
    for (const action of pollCardActions(deps)) router.cardAction(action);
    for (const job of pollJobs(deps, config)) jobs.add(job);
    personalData.add(pollsPersonalData(polls));
  },
};

declare module '../../bot/router' {
  interface DomainEvents {
    /** A poll closed, at its deadline or on its lead's word; `groupSlug` absent for a network poll. */
    'poll:closed': { pollId: string; groupSlug?: string; closedBy: 'deadline' | 'lead'; at: Date };
  }
}
