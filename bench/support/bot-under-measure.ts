/**
 * One bot of `npm run bench:turns`, in a process of its own, as a deployed bot runs: Teams (here the
 * bench's client and its Bot Connector stand-in) is another process, so the bot's latency is not
 * shared with the client that measures it. Started by the bench with an IPC channel; `BENCH_BOT`
 * says which bot: `ix` (the whole bot, seeded in-memory embedded database on a thread of its own, as `npm start` runs it) or
 * `echo` (a bare botbuilder CloudAdapter that only answers, on the same HTTP server).
 *
 * Messages: the child sends `{ ready: { url, pollId? } }`; the bench asks `{ usage: true }` (answered
 * `{ usage: { cpu: microseconds of user + system CPU, loopBusy, loopIdle: milliseconds of the main
 * thread's event loop running code and waiting } }`) and `{ stop: true }`.
 */
import type { AddressInfo } from 'node:net';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';
import restify from 'restify';
import { messageActivity } from '../../test/support/activities';
import { startTestBot } from '../../test/support/test-bot';
import { pollDriver } from '../../test/features/polls/poll-support';
import { benchPeople, personalOptions } from './bench-people';

interface Running {
  url: string;
  pollId?: string;
  stop(): Promise<void>;
}

/** The reference: a bot that does nothing but answer, on the same SDK and HTTP server. */
async function startEchoBot(): Promise<Running> {
  const authentication = new ConfigurationBotFrameworkAuthentication(
    {} as ConfigurationBotFrameworkAuthenticationOptions,
  );
  const adapter = new CloudAdapter(authentication);
  const server = restify.createServer({ name: 'echo', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ mapParams: false }));
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, async (context) => {
      if (context.activity.type === 'invoke') {
        const body = { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'ok' };
        await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body } });
        return;
      }
      await context.sendActivity(`echo: ${context.activity.text}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/api/messages`, stop: async () => server.close() };
}

/**
 * The iX bot, with every bench person known (they talked to the bot, joined Bon accueil, gave a
 * start date) and a poll sent by Julien. The people talk through the bench's stand-in
 * (`serviceUrl`), so their stored 1:1 chat does not change when the measured turns start.
 */
async function startIxBot(serviceUrl: string): Promise<Running> {
  // BENCH_DATABASE_URI: a database of its own (a real MongoDB, or `npm run db` in another process).
  const bot = await startTestBot({
    monitorCommands: false,
    // As `npm start` runs it: the embedded engine on a thread of its own.
    engineOnOwnThread: true,
    databaseUri: process.env.BENCH_DATABASE_URI || undefined,
  });
  await bot.app.jobs.stop();
  for (const person of benchPeople) {
    const options = personalOptions(person, serviceUrl);
    await bot.post(messageActivity('aide', options));
    await bot.execute('group.join', { groupSlug: 'bon-accueil' }, options);
    await bot.execute('onboarding.startDate.save', { startDate: '2026-09-01' }, options);
  }
  const driver = pollDriver(bot);
  await driver.say('aide', 'julien');
  const pollId = await driver.createPoll('julien', {
    question: 'Atelier en présentiel ou à distance ?',
    options: 'Présentiel\nÀ distance',
  });
  await bot.outboxIdle();
  return { url: `${bot.baseUrl}/api/messages`, pollId, stop: () => bot.stop() };
}

async function main(): Promise<void> {
  const serviceUrl = process.env.BENCH_SERVICE_URL ?? '';
  const running = process.env.BENCH_BOT === 'echo' ? await startEchoBot() : await startIxBot(serviceUrl);
  process.on('message', (message: { usage?: boolean; stop?: boolean }) => {
    if (message.usage) {
      const { user, system } = process.cpuUsage();
      const loop = performance.eventLoopUtilization();
      process.send?.({ usage: { cpu: user + system, loopBusy: loop.active, loopIdle: loop.idle } });
    }
    if (message.stop) void running.stop().then(() => process.exit(0));
  });
  process.send?.({ ready: { url: running.url, pollId: running.pollId } });
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
