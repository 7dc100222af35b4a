import type { Logger } from 'pino';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { Database } from '../db/database';
import type { Outbox } from '../delivery/outbox';
import type { PersonalDataRegistry } from '../privacy/personal-data';
import type { People } from '../people';
import type { JobScheduler } from '../scheduling/job-scheduler';
import type { TabContributions } from '../tab/contributions';
import type { DownloadRegistry } from './downloads';
import type { Messenger } from './messenger';
import type { Router } from './router';

/** Everything a feature may use to declare itself. */
export interface FeatureContext {
  router: Router;
  jobs: JobScheduler;
  database: Database;
  config: Config;
  clock: Clock;
  log: Logger;
  /** The network's people, built once: members, groups, the actor loader, audiences, permissions. */
  people: People;
  messenger: Messenger;
  /** Sends to many conversations go through the outbox (paced, retried, crash-safe). */
  outbox: Outbox;
  personalData: PersonalDataRegistry;
  /** Files served behind a secret link (GET /files/<kind>/<token>.<ext>). */
  downloads: DownloadRegistry;
  /** The Mon iX tab: the feature's sections (`tab.view`) and dashboard figures (`tab.figures`). */
  tab: TabContributions;
}

/**
 * A vertical slice (src/features/<name>/): its index.ts exports one Feature whose `register`
 * declares the slice's commands, card verbs, Teams events and jobs.
 */
export interface Feature {
  name: string;
  register(context: FeatureContext): void | Promise<void>;
  /**
   * Seeds the slice's demo data (SEED_DEMO_DATA). Runs after every feature registered, in feature
   * order, and must be idempotent: it runs at every start.
   */
  seed?(context: FeatureContext): Promise<void>;
}
