import type { Logger } from 'pino';
import { Router } from './bot/router';
import type { Feature } from './bot/feature';
import { systemClock, type Clock } from './clock';
import type { Config } from './config';
import type { Database } from './db/database';
import { allFeatures } from './features';
import { createBotAdapter } from './platform/bot-adapter';
import { createHttpServer, type HttpServer } from './platform/http-server';
import { createTurnHandler } from './platform/teams-turn-handler';
import { JobScheduler } from './scheduling/job-scheduler';

export interface AppDependencies {
  config: Config;
  log: Logger;
  database: Database;
  clock?: Clock;
  features?: Feature[];
}

export interface App {
  http: HttpServer;
  router: Router;
  jobs: JobScheduler;
  /** Listens and starts the scheduled jobs; resolves with the port actually bound. */
  start(port?: number): Promise<number>;
  /** Stops accepting, lets turns in flight finish, stops the jobs. The caller closes the database. */
  stop(): Promise<void>;
}

/** Wires the bot without listening, so tests can build it, drive it, and choose their port. */
export async function createApp(dependencies: AppDependencies): Promise<App> {
  const { config, log, database } = dependencies;
  const clock = dependencies.clock ?? systemClock;
  const router = new Router();
  const jobs = new JobScheduler(log.child({ module: 'jobs' }));
  for (const feature of dependencies.features ?? allFeatures) {
    await feature.register({
      router,
      jobs,
      database,
      config,
      clock,
      log: log.child({ feature: feature.name }),
    });
  }
  const adapter = createBotAdapter(config.bot, log);
  const http = createHttpServer({
    adapter,
    turnHandler: createTurnHandler(router, log),
    log,
    isReady: () => database.isReachable(),
  });
  return {
    http,
    router,
    jobs,
    start: async (port = config.port) => {
      const boundPort = await http.listen(port);
      await jobs.start();
      return boundPort;
    },
    stop: async () => {
      await http.close();
      await jobs.stop();
    },
  };
}
