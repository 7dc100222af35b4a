import type { Logger } from 'pino';
import { Router } from './bot/router';
import { Outbox } from './delivery/outbox';
import { createOutboxRepository } from './delivery/repository';
import type { Feature } from './bot/feature';
import type { Messenger } from './bot/messenger';
import { systemClock, type Clock } from './clock';
import type { Config } from './config';
import type { Database } from './db/database';
import { AppError } from './errors';
import { allFeatures } from './features';
import { createBotAdapter } from './platform/bot-adapter';
import { createHttpServer, defaultListenHost, type HttpServer } from './platform/http-server';
import { createProactiveMessenger } from './platform/proactive-messenger';
import { registerTabApi } from './platform/tab-api';
import { createTurnHandler } from './platform/teams-turn-handler';
import { outboxPersonalData } from './delivery/personal-data';
import { createPeople } from './people';
import { PersonalDataRegistry } from './privacy/personal-data';
import { DownloadRegistry } from './bot/downloads';
import { registerDownloadRoutes } from './platform/download-routes';
import { createJobLeases } from './scheduling/job-lease';
import { JobScheduler } from './scheduling/job-scheduler';
import { scheduleSlotElection } from './scheduling/schedule-slots';
import { TabContributions } from './tab/contributions';
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
  const jobs = new JobScheduler(
    log.child({ module: 'jobs' }),
    scheduleSlotElection(await createJobLeases(database.connection), clock),
  );
  const adapter = createBotAdapter(config.bot, log);
  const messenger = createProactiveMessenger(adapter, config.bot.appId);
  const personalData = new PersonalDataRegistry();
  const outboxRepository = await createOutboxRepository(database.connection);
  const downloads = new DownloadRegistry();
  const outbox = new Outbox({
    repository: outboxRepository,
    messenger,
    clock,
    log: log.child({ module: 'outbox' }),
    leaseMs: config.outboxLeaseMs,
  });
  const people = await createPeople(database.connection, config.coordinators);
  const tabContributions = new TabContributions();
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
    people,
    tab: tabContributions,
    log: log.child({ feature: feature.name }),
  });
  for (const feature of features) await feature.register(contextOf(feature));
  personalData.add(outboxPersonalData(outboxRepository));
  if (config.database.seedDemoData) {
    for (const feature of features) await feature.seed?.(contextOf(feature));
  }
  const tab = createTabApp({
    router,
    people,
    contributions: tabContributions,
    config,
    clock,
    log,
    signingKeys: dependencies.tabSigningKeys,
  });
  const http = createHttpServer({
    adapter,
    turnHandler: createTurnHandler(router, log, config.tab.allowedTenantIds),
    log,
    isReady: () => database.isReachable(),
    authenticated: Boolean(config.bot.appId),
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
      if (!config.bot.appId) {
        log.warn(
          { host: defaultListenHost(false) },
          'MicrosoftAppId is not set: Bot Framework authentication is off, so the bot listens on loopback only and answers only to serviceUrls on loopback',
        );
      }
      await jobs.start();
      // Deliveries left behind (retries due later, a crashed sender's claims) are picked up by its timer.
      outbox.start();
      return boundPort;
    },
    stop: async () => {
      await http.close();
      await jobs.stop();
      // Before the database closes: the drainer stops claiming and finishes or gives back what it holds.
      await outbox.stop();
    },
  };
}

/**
 * What answers while the database cannot be reached at start (MONGODB_URI down): /healthz 200,
 * /readyz 503, and every turn the French "service momentanément indisponible" message, so Teams
 * users are told instead of timing out. `src/index.ts` replaces it with the app once connected.
 */
export function createUnavailableApp(config: Config, log: Logger): Pick<HttpServer, 'listen' | 'close'> {
  const router = new Router();
  router.use(async () => {
    throw new AppError('UNAVAILABLE', {}, { cause: new Error('the database is not reachable yet') });
  });
  return createHttpServer({
    adapter: createBotAdapter(config.bot, log),
    turnHandler: createTurnHandler(router, log, config.tab.allowedTenantIds),
    log,
    isReady: async () => false,
    authenticated: Boolean(config.bot.appId),
  });
}
