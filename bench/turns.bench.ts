/**
 * The cost of a turn (npm run bench:turns): the iX bot next to a bare botbuilder CloudAdapter echo
 * bot, in the same process, through the same Bot Connector stand-in. For each turn kind and each
 * number of conversations in parallel, rounds alternate bot / echo and the median of five is
 * printed: throughput ratio (bot / echo), p50 and p99 latency, and the process's CPU time per turn
 * of each (client and Connector stand-in included in both, as they share the process). On a loaded
 * machine throughput and latency follow what the scheduler grants; CPU per turn much less so.
 * Prints figures only.
 *
 * BENCH_ROUNDS (5) and BENCH_TURNS (200 turns per round) change the run's length.
 */
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';
import restify from 'restify';
import { executeActivity, messageActivity, tenantId, type ActivityOptions } from '../test/support/activities';
import { startTestBot } from '../test/support/test-bot';
import { pollDriver } from '../test/features/polls/poll-support';

const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const turnsPerRound = Number(process.env.BENCH_TURNS ?? 200);
const parallelism = [10, 50];

interface Endpoint {
  url: string;
  stop(): Promise<void>;
}

/** The reference: a bot that does nothing but answer, on the same SDK and HTTP server. */
async function startEchoBot(): Promise<Endpoint> {
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
  return {
    url: `http://127.0.0.1:${port}/api/messages`,
    stop: async () => {
      server.close();
    },
  };
}

interface Person {
  id: string;
  name: string;
  aadObjectId: string;
}

const people: Person[] = Array.from({ length: Math.max(...parallelism) }, (_, index) => ({
  id: `29:bench-${index}`,
  name: `Personne Banc ${index}`,
  aadObjectId: `aad-bench-${index}`,
}));

/** One turn kind: the activity a person sends on their `count`-th turn. */
interface TurnKind {
  name: string;
  activity(options: ActivityOptions, count: number): Record<string, unknown>;
}

function personal(person: Person, serviceUrl: string): ActivityOptions {
  return {
    serviceUrl,
    from: person,
    conversation: { id: `a:personal-${person.id}`, conversationType: 'personal', tenantId },
  };
}

async function post(url: string, activity: Record<string, unknown>): Promise<number> {
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  await response.arrayBuffer();
  if (response.status >= 300) throw new Error(`HTTP ${response.status} from ${url}`);
  return performance.now() - started;
}

interface RoundResult {
  perSecond: number;
  p50: number;
  p99: number;
  /** Milliseconds of CPU (user + system) the whole process spent per turn during the round. */
  cpuPerTurn: number;
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** `parallel` people each send their turns one after the other, `turnsPerRound` in all. */
async function runRound(
  url: string,
  serviceUrl: string,
  kind: TurnKind,
  parallel: number,
): Promise<RoundResult> {
  const latencies: number[] = [];
  const perPerson = Math.ceil(turnsPerRound / parallel);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    people.slice(0, parallel).map(async (person) => {
      for (let count = 0; count < perPerson; count += 1) {
        latencies.push(await post(url, kind.activity(personal(person, serviceUrl), count)));
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  latencies.sort((a, b) => a - b);
  return {
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    cpuPerTurn: (cpu.user + cpu.system) / 1000 / latencies.length,
  };
}

const message = (text: string): TurnKind => ({
  name: text,
  activity: (options) => messageActivity(text, options),
});

async function main(): Promise<void> {
  const bot = await startTestBot({ monitorCommands: false });
  await bot.app.jobs.stop();
  const echo = await startEchoBot();
  try {
    const serviceUrl = bot.connector.url;
    const driver = pollDriver(bot);
    // Everyone is a known person of Bon accueil with a start date, as in the query budget test.
    for (const person of people) {
      await bot.post(messageActivity('aide', personal(person, serviceUrl)));
      await bot.execute('group.join', { groupSlug: 'bon-accueil' }, personal(person, serviceUrl));
      await bot.execute(
        'onboarding.startDate.save',
        { startDate: '2026-09-01' },
        personal(person, serviceUrl),
      );
    }
    await driver.say('aide', 'julien');
    const pollId = await driver.createPoll('julien', {
      question: 'Atelier en présentiel ou à distance ?',
      options: 'Présentiel\nÀ distance',
    });
    const click = (
      name: string,
      verb: string,
      data: (count: number) => Record<string, unknown>,
    ): TurnKind => ({
      name,
      activity: (options, count) => executeActivity(verb, data(count), options),
    });
    const kinds: Array<{ kind: TurnKind; write: boolean }> = [
      ...['aide', 'groupes', 'fiche gps', 'parcours', 'sondages'].map((text) => ({
        kind: message(text),
        write: false,
      })),
      {
        kind: {
          name: 'join a group (then leave)',
          activity: (options, count) =>
            executeActivity(count % 2 === 0 ? 'group.join' : 'group.leave', { groupSlug: 'trans' }, options),
        },
        write: true,
      },
      {
        kind: click('vote', 'poll.vote', (count) => ({ pollId, choices: count % 2 === 0 ? 'o1' : 'o2' })),
        write: true,
      },
      {
        kind: click('tick a step', 'onboarding.step.toggle', (count) => ({
          stepSlug: 'lire-livret',
          done: count % 2 === 0,
        })),
        write: true,
      },
    ];
    console.log(
      `Turns: iX bot vs bare CloudAdapter echo bot, ${turnsPerRound} turns per round, median of ${rounds} alternating rounds`,
    );
    console.log(
      `${'turn'.padEnd(28)} ${'conv'.padStart(4)}  ${'bot/s'.padStart(7)} ${'echo/s'.padStart(7)} ${'ratio'.padStart(6)}  ${'bot p50'.padStart(8)} ${'bot p99'.padStart(8)}  ${'echo p50'.padStart(8)} ${'echo p99'.padStart(8)}  ${'cpu/turn bot'.padStart(12)} ${'echo'.padStart(7)} ${'ratio'.padStart(6)}`,
    );
    for (const { kind } of kinds) {
      for (const parallel of parallelism) {
        // One unmeasured round each to warm caches and connections.
        await runRound(bot.baseUrl + '/api/messages', serviceUrl, kind, parallel);
        await runRound(echo.url, serviceUrl, kind, parallel);
        const botRounds: RoundResult[] = [];
        const echoRounds: RoundResult[] = [];
        for (let round = 0; round < rounds; round += 1) {
          botRounds.push(await runRound(bot.baseUrl + '/api/messages', serviceUrl, kind, parallel));
          echoRounds.push(await runRound(echo.url, serviceUrl, kind, parallel));
          bot.connector.reset();
        }
        const of = (results: RoundResult[], key: keyof RoundResult) =>
          median(results.map((result) => result[key]));
        const ms = (value: number) => `${value.toFixed(1)} ms`.padStart(8);
        console.log(
          `${kind.name.padEnd(28)} ${String(parallel).padStart(4)}  ${of(botRounds, 'perSecond').toFixed(0).padStart(7)} ${of(echoRounds, 'perSecond').toFixed(0).padStart(7)} ${(of(botRounds, 'perSecond') / of(echoRounds, 'perSecond')).toFixed(2).padStart(6)}  ${ms(of(botRounds, 'p50'))} ${ms(of(botRounds, 'p99'))}  ${ms(of(echoRounds, 'p50'))} ${ms(of(echoRounds, 'p99'))}  ${ms(of(botRounds, 'cpuPerTurn')).padStart(12)} ${ms(of(echoRounds, 'cpuPerTurn')).padStart(7)} ${(of(echoRounds, 'cpuPerTurn') / of(botRounds, 'cpuPerTurn')).toFixed(2).padStart(6)}`,
        );
      }
    }
  } finally {
    await echo.stop();
    await bot.stop();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
