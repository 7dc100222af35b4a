import path from 'node:path';
import type { Logger } from 'pino';
import type { Router } from '../bot/router';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { People } from '../people';
import { projectRoot } from '../project-paths';
import type { TabContributions } from './contributions';
import { createTabDashboard } from './dashboard';
import { createTabNavigation } from './navigation';
import { createOpenIdKeySource } from './openid-keys';
import { createSsoVerifier, type SigningKeySource } from './sso-token';
import { createTabTurns } from './tab-turns';

/** Where the page lives and where `npm run build` writes its browser bundle. */
export const tabStaticDirectory = path.join(projectRoot, 'public', 'tab');
export const tabBundleDirectory = path.join(projectRoot, 'dist', 'public', 'tab');

/**
 * Everything the Mon iX tab needs, built from the app's own router, people and configuration, and
 * from what the features contributed (their sections and dashboard figures).
 */
export function createTabApp(dependencies: {
  router: Router;
  people: People;
  contributions: TabContributions;
  config: Config;
  clock: Clock;
  log: Logger;
  signingKeys?: SigningKeySource;
}) {
  const { router, people, contributions, config, clock } = dependencies;
  const log = dependencies.log.child({ module: 'tab' });
  return {
    turns: createTabTurns({ router, members: people.members, contributions, log }),
    dashboard: createTabDashboard({ people, contributions, clock }),
    navigation: createTabNavigation({ members: people.members, contributions }),
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
