import path from 'node:path';
import type { Logger } from 'pino';
import type { Router } from '../bot/router';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { Database } from '../db/database';
import { createPollsRepository } from '../features/polls/repository';
import { createInfoFlashRepository } from '../features/info-flash/repository';
import { createEventsRepository } from '../features/events/repository';
import { createMeetupsRepository } from '../features/meetups/repository';
import { createOutboxRepository } from '../delivery/repository';
import { createGroupsRepository, createMembersRepository } from '../people';
import { createOnboardingRepository } from '../features/onboarding/repository';
import { projectRoot } from '../project-paths';
import { createTabDashboard } from './dashboard';
import { createOpenIdKeySource } from './openid-keys';
import { createSsoVerifier, type SigningKeySource } from './sso-token';
import { createTabTurns } from './tab-turns';

/** Where the page lives and where `npm run build` writes its browser bundle. */
export const tabStaticDirectory = path.join(projectRoot, 'public', 'tab');
export const tabBundleDirectory = path.join(projectRoot, 'dist', 'public', 'tab');

/** Everything the Mon iX tab needs, built from the app's own router, database and configuration. */
export async function createTabApp(dependencies: {
  router: Router;
  database: Database;
  config: Config;
  clock: Clock;
  log: Logger;
  signingKeys?: SigningKeySource;
}) {
  const { router, database, config, clock } = dependencies;
  const log = dependencies.log.child({ module: 'tab' });
  const [members, groups, onboarding, outbox, polls, infoFlash, events, meetups] = await Promise.all([
    createMembersRepository(database.connection),
    createGroupsRepository(database.connection),
    createOnboardingRepository(database.connection),
    createOutboxRepository(database.connection),
    createPollsRepository(database.connection),
    createInfoFlashRepository(database.connection),
    createEventsRepository(database.connection),
    createMeetupsRepository(database.connection),
  ]);
  return {
    turns: createTabTurns({ router, members, log }),
    dashboard: createTabDashboard({
      members,
      groups,
      onboarding,
      outbox,
      polls,
      countChannels: async () => (await infoFlash.activeChannels()).length,
      events,
      meetups,
      coordinators: config.coordinators,
      clock,
      timezone: config.timezone,
    }),
    verifySsoToken: createSsoVerifier({
      audiences: config.tab.ssoAudiences,
      allowedTenantIds: config.tab.allowedTenantIds,
      keys: dependencies.signingKeys ?? createOpenIdKeySource(),
      now: () => Math.floor(clock.now().getTime() / 1000),
    }),
    devPersonas: config.tab.devPersonas && config.environment !== 'production',
    staticDirectory: tabStaticDirectory,
    bundleDirectory: tabBundleDirectory,
    log,
  };
}
