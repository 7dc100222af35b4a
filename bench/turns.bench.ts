/**
 * The cost of a turn (npm run bench:turns): the iX bot next to a bare botbuilder CloudAdapter echo
 * bot, each in a process of its own (bench/support/bot-under-measure.ts), both answering through the
 * same Bot Connector stand-in, which runs in this process with the client that measures them, as
 * Teams is not in a deployed bot's process either. For each turn kind and each number of
 * conversations in parallel, rounds alternate bot / echo and the median of five is printed:
 * throughput ratio (bot / echo), p50 and p99 latency, and the CPU time each bot's process spent per
 * turn. Every conversation is a closed loop (a person sends their next turn when the last is
 * answered), so at 50 conversations a turn waits for up to 49 others: its latency is about
 * 50 / throughput. On a loaded machine throughput and latency follow what the scheduler grants; CPU
 * per turn much less so. Prints figures only.
 *
 * BENCH_ROUNDS (5) and BENCH_TURNS (200 turns per round) change the run's length; BENCH_ONLY picks
 * turn kinds; BENCH_PROFILE_DIR=<dir> writes a CPU profile of the iX bot's process;
 * BENCH_DATABASE_URI points the iX bot at another database (a real MongoDB, `npm run db`);
 * BENCH_BASELINE=<another checkout, built or not, with its node_modules> adds that checkout's iX bot
 * as a third process, its rounds alternating with the other two, so a change and the code before it
 * are compared in one run (the machine's speed drifts too much between runs to compare theirs).
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { executeActivity, messageActivity, type ActivityOptions } from '../test/support/activities';
import { ConnectorStandIn } from '../test/support/connector-stand-in';
import { benchPeople, mostConversations, personalOptions } from './support/bench-people';
import { startNodeFlags } from './support/start-flags';
import { median, percentile } from './support/statistics';

const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const turnsPerRound = Number(process.env.BENCH_TURNS ?? 200);
/** Unmeasured rounds of every kind on every process before the first measure. */
const warmUpPasses = 3;
/** BENCH_CONVERSATIONS=10 runs the closed loops at these numbers of conversations only. */
const parallelism = process.env.BENCH_CONVERSATIONS
  ? process.env.BENCH_CONVERSATIONS.split(',').map(Number)
  : [10, mostConversations];
/** Turns per second in all for the paced runs (BENCH_PACED_RATE); 0 skips them. */
const pacedPerSecond = Number(process.env.BENCH_PACED_RATE ?? 200);
/** BENCH_BASELINE: the root of another checkout whose iX bot is measured beside this one. */
const baselineRoot = process.env.BENCH_BASELINE ? path.resolve(process.env.BENCH_BASELINE) : undefined;
/** BENCH_ONLY=vote,parcours runs only the turn kinds whose names start with one of these. */
const only = process.env.BENCH_ONLY?.split(',').map((name) => name.trim());

/** What a bot's process has spent so far (see bot-under-measure.ts). */
interface ProcessUsage {
  /** Microseconds of CPU (user + system), all threads. */
  cpu: number;
  /** Milliseconds its main thread's event loop spent running code, and waiting for events. */
  loopBusy: number;
  loopIdle: number;
}

/** A bot under measure: its endpoint, and what its process has spent, on demand. */
interface BotProcess {
  url: string;
  pollId?: string;
  usage(): Promise<ProcessUsage>;
  stop(): Promise<void>;
}

async function startBotProcess(
  which: 'ix' | 'echo',
  serviceUrl: string,
  root = path.join(__dirname, '..'),
): Promise<BotProcess> {
  const child: ChildProcess = fork(path.join(root, 'bench', 'support', 'bot-under-measure.ts'), [], {
    cwd: root,
    // BENCH_PROFILE_DIR=<dir> writes a CPU profile of the iX bot's process there when it stops.
    // Both bots run with the node flags of `npm start` (its young generation size among them).
    execArgv: [
      ...startNodeFlags(),
      '--import',
      'tsx',
      ...(which === 'ix' && process.env.BENCH_PROFILE_DIR
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
        : []),
    ],
    env: { ...process.env, BENCH_BOT: which, BENCH_SERVICE_URL: serviceUrl, NODE_ENV: 'test' },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await new Promise<{ url: string; pollId?: string }>((resolve, reject) => {
    child.on('message', (message: { ready?: { url: string; pollId?: string } }) => {
      if (message.ready) resolve(message.ready);
    });
    void exited.then(() => reject(new Error(`The ${which} bot exited before it was ready`)));
  });
  return {
    ...ready,
    usage: () =>
      new Promise<ProcessUsage>((resolve) => {
        // A baseline checkout from before the loop measure answers `{ cpu }` alone.
        const answer = (message: { usage?: ProcessUsage; cpu?: number }) => {
          if (message.usage === undefined && message.cpu === undefined) return;
          child.off('message', answer);
          resolve(message.usage ?? { cpu: message.cpu ?? 0, loopBusy: NaN, loopIdle: NaN });
        };
        child.on('message', answer);
        child.send({ usage: true, cpu: true });
      }),
    stop: async () => {
      child.send({ stop: true });
      await exited;
    },
  };
}

/** One turn kind: the activity a person sends on their `count`-th turn. */
interface TurnKind {
  name: string;
  /** `bot`: the bot it goes to (the poll voted on is that bot's). */
  activity(options: ActivityOptions, count: number, bot: BotProcess): Record<string, unknown>;
}

/** Posts one turn; its latency counts from `since` (by default: now). */
async function post(
  url: string,
  activity: Record<string, unknown>,
  since = performance.now(),
): Promise<number> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  await response.arrayBuffer();
  if (response.status >= 300) throw new Error(`HTTP ${response.status} from ${url}`);
  return performance.now() - since;
}

interface RoundResult {
  perSecond: number;
  p50: number;
  p99: number;
  /** Milliseconds of CPU (user + system) the bot's process spent per turn during the round. */
  cpuPerTurn: number;
  /**
   * The share of the round its main thread spent running code rather than waiting for events:
   * near 1, the bot is bound by that one thread's CPU, and throughputs compare as CPU per turn.
   */
  busy: number;
}

function summarize(
  latencies: number[],
  seconds: number,
  before: ProcessUsage,
  after: ProcessUsage,
): RoundResult {
  latencies.sort((a, b) => a - b);
  const busy = after.loopBusy - before.loopBusy;
  return {
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    cpuPerTurn: (after.cpu - before.cpu) / 1000 / latencies.length,
    busy: busy / (busy + after.loopIdle - before.loopIdle),
  };
}

/**
 * Closed loop: `parallel` people each send their next turn as soon as the last is answered,
 * `turnsPerRound` in all. Gives the most turns per second a bot can serve.
 */
async function runRound(
  bot: BotProcess,
  serviceUrl: string,
  kind: TurnKind,
  parallel: number,
): Promise<RoundResult> {
  const latencies: number[] = [];
  const perPerson = Math.ceil(turnsPerRound / parallel);
  const before = await bot.usage();
  const started = performance.now();
  await Promise.all(
    benchPeople.slice(0, parallel).map(async (person) => {
      for (let count = 0; count < perPerson; count += 1) {
        latencies.push(await post(bot.url, kind.activity(personalOptions(person, serviceUrl), count, bot)));
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return summarize(latencies, seconds, before, await bot.usage());
}

/**
 * Open loop: the 50 people take turns at a steady `perSecond` in all, whether or not earlier turns
 * were answered, as people do. Each latency counts from the moment its turn was due, so a bot that
 * falls behind pays for the queue it built.
 */
async function runPacedRound(
  bot: BotProcess,
  serviceUrl: string,
  kind: TurnKind,
  perSecond: number,
): Promise<RoundResult> {
  const latencies: number[] = [];
  const turnsOfPerson = new Array<number>(benchPeople.length).fill(0);
  const turns: Array<Promise<void>> = [];
  const before = await bot.usage();
  const started = performance.now();
  for (let index = 0; index < turnsPerRound; index += 1) {
    const due = started + (index * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const who = index % benchPeople.length;
    const activity = kind.activity(personalOptions(benchPeople[who], serviceUrl), turnsOfPerson[who], bot);
    turnsOfPerson[who] += 1;
    turns.push(post(bot.url, activity, due).then((latency) => void latencies.push(latency)));
  }
  await Promise.all(turns);
  const seconds = (performance.now() - started) / 1000;
  return summarize(latencies, seconds, before, await bot.usage());
}

const message = (text: string): TurnKind => ({
  name: text,
  activity: (options) => messageActivity(text, options),
});

let running: { bot: BotProcess; echo: BotProcess; baseline?: BotProcess; connector: ConnectorStandIn };

interface Compared {
  bot: RoundResult[];
  echo: RoundResult[];
  baseline: RoundResult[];
}

/**
 * One unmeasured round each to warm caches and connections, then rounds alternating bot / echo
 * (/ baseline).
 */
async function alternate(round: (bot: BotProcess) => Promise<RoundResult>): Promise<Compared> {
  const { bot, echo, baseline } = running;
  await round(bot);
  await round(echo);
  if (baseline) await round(baseline);
  const compared: Compared = { bot: [], echo: [], baseline: [] };
  const lineUp: Array<[BotProcess, RoundResult[]]> = [
    [bot, compared.bot],
    [echo, compared.echo],
    ...(baseline ? [[baseline, compared.baseline] as [BotProcess, RoundResult[]]] : []),
  ];
  for (let index = 0; index < rounds; index += 1) {
    // Each round starts with the next one in line, so that no bot always runs in the same place
    // (right after the echo bot, or right after the other iX bot).
    for (let turn = 0; turn < lineUp.length; turn += 1) {
      const [process, results] = lineUp[(index + turn) % lineUp.length];
      results.push(await round(process));
    }
    running.connector.reset();
  }
  return compared;
}

function columnTitles(load: string): string {
  return `${'turn'.padEnd(28)} ${load.padStart(4)}  ${'bot/s'.padStart(7)} ${'echo/s'.padStart(7)} ${'ratio'.padStart(6)}  ${'bot p50'.padStart(8)} ${'bot p99'.padStart(8)}  ${'echo p50'.padStart(8)} ${'echo p99'.padStart(8)}  ${'cpu/turn bot'.padStart(12)} ${'echo'.padStart(7)}  ${'busy bot'.padStart(8)} ${'echo'.padStart(4)}`;
}

/**
 * The medians of the rounds: throughput of each and their ratio, latencies, CPU per turn; with a
 * baseline, a second line for it against the same echo rounds.
 */
function comparisonLine(name: string, load: string, compared: Compared): string {
  const of = (results: RoundResult[], key: keyof RoundResult) => median(results.map((result) => result[key]));
  const ms = (value: number) => `${value.toFixed(1)} ms`.padStart(8);
  const percent = (share: number) => (Number.isNaN(share) ? '–' : `${(share * 100).toFixed(0)}%`);
  const { echo } = compared;
  const line = (label: string, bot: RoundResult[]) =>
    `${label.padEnd(28)} ${load.padStart(4)}  ${of(bot, 'perSecond').toFixed(0).padStart(7)} ${of(echo, 'perSecond').toFixed(0).padStart(7)} ${(of(bot, 'perSecond') / of(echo, 'perSecond')).toFixed(2).padStart(6)}  ${ms(of(bot, 'p50'))} ${ms(of(bot, 'p99'))}  ${ms(of(echo, 'p50'))} ${ms(of(echo, 'p99'))}  ${ms(of(bot, 'cpuPerTurn')).padStart(12)} ${ms(of(echo, 'cpuPerTurn')).padStart(7)}  ${percent(of(bot, 'busy')).padStart(8)} ${percent(of(echo, 'busy')).padStart(4)}`;
  if (compared.baseline.length === 0) return line(name, compared.bot);
  return `${line(name, compared.bot)}\n${line('  baseline', compared.baseline)}`;
}

async function main(): Promise<void> {
  const connector = await new ConnectorStandIn().start();
  const serviceUrl = connector.url;
  const bot = await startBotProcess('ix', serviceUrl);
  const echo = await startBotProcess('echo', serviceUrl);
  const baseline = baselineRoot ? await startBotProcess('ix', serviceUrl, baselineRoot) : undefined;
  running = { bot, echo, baseline, connector };
  try {
    const click = (
      name: string,
      verb: string,
      data: (count: number, bot: BotProcess) => Record<string, unknown>,
    ): TurnKind => ({
      name,
      activity: (options, count, bot) => executeActivity(verb, data(count, bot), options),
    });
    const kinds: TurnKind[] = [
      ...['aide', 'groupes', 'fiche gps', 'parcours', 'sondages'].map(message),
      {
        name: 'join a group (then leave)',
        activity: (options, count) =>
          executeActivity(count % 2 === 0 ? 'group.join' : 'group.leave', { groupSlug: 'trans' }, options),
      },
      click('vote', 'poll.vote', (count, bot) => ({
        pollId: bot.pollId,
        choices: count % 2 === 0 ? 'o1' : 'o2',
      })),
      click('tick a step', 'onboarding.step.toggle', (count) => ({
        stepSlug: 'lire-livret',
        done: count % 2 === 0,
      })),
    ];
    const chosen = kinds.filter((kind) => !only || only.some((name) => kind.name.startsWith(name)));
    console.log(
      `Turns: iX bot vs bare CloudAdapter echo bot, each in its own process, ${turnsPerRound} turns per round, median of ${rounds} alternating rounds`,
    );
    if (baselineRoot) console.log(`Baseline: the iX bot of ${baselineRoot}, in the same rounds`);
    // Every process answers a few rounds of every kind before anything is measured. With one, the
    // first kind measured still found both bots a third slower than the kinds after it (the echo
    // bot's `aide` at 1.7 ms of CPU per turn against 1.0 for its other texts), whichever kind came first.
    for (let pass = 0; pass < warmUpPasses; pass += 1) {
      for (const kind of chosen) {
        for (const warming of [bot, echo, baseline]) {
          if (warming) await runRound(warming, serviceUrl, kind, 10);
        }
        running.connector.reset();
      }
    }
    console.log(`\nClosed loop: each conversation sends its next turn as soon as the last is answered`);
    console.log(columnTitles('conv'));
    for (const kind of chosen) {
      for (const parallel of parallelism) {
        const compared = await alternate((bot) => runRound(bot, serviceUrl, kind, parallel));
        console.log(comparisonLine(kind.name, String(parallel), compared));
      }
    }
    if (pacedPerSecond === 0) return;
    console.log(
      `\nPaced: ${mostConversations} conversations take ${pacedPerSecond} turns per second in all; latency counts from when each turn was due`,
    );
    console.log(columnTitles('/s'));
    for (const kind of chosen) {
      const compared = await alternate((bot) => runPacedRound(bot, serviceUrl, kind, pacedPerSecond));
      console.log(comparisonLine(kind.name, String(pacedPerSecond), compared));
    }
  } finally {
    await echo.stop();
    await baseline?.stop();
    await bot.stop();
    await connector.stop();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
