import type { Logger } from 'pino';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { Database } from '../db/database';
import type { JobScheduler } from '../scheduling/job-scheduler';
import type { Router } from './router';

/** Everything a feature may use to declare itself. */
export interface FeatureContext {
  router: Router;
  jobs: JobScheduler;
  database: Database;
  config: Config;
  clock: Clock;
  log: Logger;
}

/**
 * A vertical slice (src/features/<name>/): its index.ts exports one Feature whose `register`
 * declares the slice's commands, card verbs, Teams events and jobs.
 */
export interface Feature {
  name: string;
  register(context: FeatureContext): void | Promise<void>;
}
