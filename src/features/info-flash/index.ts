import type { Feature } from '../../bot/feature';
import { infoFlashCardActions } from './card-actions';
import { infoFlashCommands } from './commands';
import { createInfoFlashDependencies } from './dependencies';
import { infoFlashJobs } from './jobs';
import { infoFlashPermissions } from './permissions';
import { infoFlashPersonalData } from './personal-data';
import { infoFlashTeamsEvents } from './teams-events';
import { contributeInfoFlashToTab } from './tab';

/**
 * Info Flash: members propose news, coordinators review it, and a weekly digest is posted to the
 * subscribed channels (read marks, corrections and withdrawal included).
 */
export const infoFlashFeature: Feature = {
  name: 'infoFlash',

  async register({ router, people, database, outbox, jobs, clock, config, personalData, log, tab }) {
    const deps = await createInfoFlashDependencies({
      database,
      outbox,
      clock,
      log,
      timeZone: config.timezone,
      people,
    });
    people.permissions.add(infoFlashPermissions);
    contributeInfoFlashToTab(tab, outbox, deps.infoFlash);
    for (const command of infoFlashCommands(deps)) router.command(command);
    for (const action of infoFlashCardActions(deps)) router.cardAction(action);
    for (const { name, handler } of infoFlashTeamsEvents(deps)) router.event(name, handler);
    for (const job of infoFlashJobs(deps, config)) jobs.add(job);
    personalData.add(infoFlashPersonalData(deps.infoFlash));
  },
};
