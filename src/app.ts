import type { Logger } from 'pino';
import { Router } from './bot/router';
import { Outbox } from './delivery/outbox';
import { createOutboxRepository } from './delivery/repository';
import type { Feature } from './bot/feature';
import type { Messenger } from './bot/messenger';
import { systemClock, type Clock } from './clock';
import type { Config } from './config';
import type { Database } from './db/database';
import { allFeatures } from './features';
import { createBotAdapter } from './platform/bot-adapter';
import { createHttpServer, type HttpServer } from './platform/http-server';
import { createProactiveMessenger } from './platform/proactive-messenger';
import { registerTabApi } from './platform/tab-api';
import { createTurnHandler } from './platform/teams-turn-handler';
import { PersonalDataRegistry } from './privacy/personal-data';
import { DownloadRegistry } from './bot/downloads';
import { registerDownloadRoutes } from './platform/download-routes';
import { JobScheduler } from './scheduling/job-scheduler';
import { createTabApp } from './tab/tab-app';
import type { SigningKeySource } from './tab/sso-token';

export interface AppDependencies {
  config: Config;
  log: Logger;
  database: Database;
  clock?: Clock;
  features?: Feature[];
  /** Keys that sign Teams SSO tokens for the tab; default: the tenant's OpenID configuration. */
  tabSigningKeys?: SigningKeySource;
}

export interface App {
  http: HttpServer;
  router: Router;
  jobs: JobScheduler;
  messenger: Messenger;
  outbox: Outbox;
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
  const adapter = createBotAdapter(config.bot, log);
  const messenger = createProactiveMessenger(adapter, config.bot.appId);
  const personalData = new PersonalDataRegistry();
  const downloads = new DownloadRegistry();
  const outbox = new Outbox({
    repository: await createOutboxRepository(database.connection),
    messenger,
    clock,
    log: log.child({ module: 'outbox' }),
  });
  // Deliveries left behind (retries due later, a crashed sender's claims) are picked up here.
  jobs.add({
    name: 'outbox.drain',
    schedule: '* * * * *',
    timezone: config.timezone,
    run: async () => {
      await outbox.drain();
    },
  });
  const features = dependencies.features ?? allFeatures;
  const contextOf = (feature: Feature) => ({
    router,
    jobs,
    database,
    config,
    clock,
    messenger,
    outbox,
    personalData,
    downloads,
    log: log.child({ feature: feature.name }),
  });
  for (const feature of features) await feature.register(contextOf(feature));
  if (config.database.seedDemoData) {
    for (const feature of features) await feature.seed?.(contextOf(feature));
  }
  const tab = await createTabApp({
    router,
    database,
    config,
    clock,
    log,
    signingKeys: dependencies.tabSigningKeys,
  });
  const http = createHttpServer({
    adapter,
    turnHandler: createTurnHandler(router, log),
    log,
    isReady: () => database.isReachable(),
    routes: (server) => {
      registerTabApi(server, tab);
      registerDownloadRoutes(server, downloads, log.child({ module: 'downloads' }));
    },
  });
  return {
    http,
    router,
    jobs,
    messenger,
    outbox,
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
