/**
 * Startup cost (npm run bench:startup): the built bot (`dist/src/index.js`, with the node flags of
 * `npm start`) started as a separate process on a fresh data directory, so the demo data is seeded,
 * BENCH_STARTS (3) times. For each start: the time from spawn to the "listening" line and the CPU the
 * process spent until then, its resident memory (VmRSS) at that line, 2 s and 10 s later, after a
 * first `aide` and `groupes`, and after a load of BENCH_TURNS (400) `aide`/`groupes` turns by 10
 * people in parallel, with that load's throughput and CPU per turn. Medians are printed last.
 *
 * Before/after: BENCH_NODE_ARGS replaces the node flags of `npm start` (BENCH_NODE_ARGS= for none),
 * BENCH_ROOT points at another built checkout. Reads /proc, so Linux only. Prints figures only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { messageActivity, tenantId, type ActivityOptions } from '../test/support/activities';
import { ConnectorStandIn } from '../test/support/connector-stand-in';
import { startNodeFlags } from './support/start-flags';
import { median } from './support/statistics';

const root = path.resolve(process.env.BENCH_ROOT ?? path.join(__dirname, '..'));
const starts = Number(process.env.BENCH_STARTS ?? 3);
const loadTurns = Number(process.env.BENCH_TURNS ?? 400);
const loadParallel = 10;
/** Linux's USER_HZ: /proc reports CPU time in hundredths of a second. */
const ticksPerSecond = 100;

function residentMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

function cpuMs(pid: number): number {
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function personal(index: number, serviceUrl: string): ActivityOptions {
  const id = `29:startup-${index}`;
  return {
    serviceUrl,
    from: { id, name: `Personne Démarrage ${index}`, aadObjectId: `aad-startup-${index}` },
    conversation: { id: `a:personal-${id}`, conversationType: 'personal', tenantId },
  };
}

async function post(port: number, activity: Record<string, unknown>): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${port}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  await response.arrayBuffer();
  if (response.status >= 300) throw new Error(`HTTP ${response.status} for "${String(activity.text)}"`);
}

/** Spawns the bot and resolves with its port once it logs that it listens. */
function startBot(dataDir: string, flags: string[]): { child: ChildProcess; listening: Promise<number> } {
  const child = spawn(process.execPath, [...flags, 'dist/src/index.js'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: '0',
      DATA_DIR: dataDir,
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      MONGODB_URI: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listening = new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"port":(\d+),"database"/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`The bot exited with ${code} before listening:\n${output}`)));
  });
  return { child, listening };
}

interface Start {
  readyMs: number;
  readyCpuMs: number;
  rss: Record<string, number>;
  loadPerSecond: number;
  loadCpuPerTurn: number;
}

const points = ['ready', '+2 s', '+10 s', 'first turns', 'after load'];

/** `loadTurns` turns, alternately `aide` and `groupes`, by `loadParallel` people one turn at a time. */
async function load(
  port: number,
  pid: number,
  serviceUrl: string,
): Promise<Pick<Start, 'loadPerSecond' | 'loadCpuPerTurn'>> {
  // Each person's first turn registers them: done before the measure.
  for (let index = 0; index < loadParallel; index += 1)
    await post(port, messageActivity('aide', personal(index, serviceUrl)));
  let sent = 0;
  const cpuBefore = cpuMs(pid);
  const began = performance.now();
  await Promise.all(
    Array.from({ length: loadParallel }, async (_, index) => {
      while (sent < loadTurns) {
        sent += 1;
        await post(port, messageActivity(sent % 2 === 0 ? 'aide' : 'groupes', personal(index, serviceUrl)));
      }
    }),
  );
  const seconds = (performance.now() - began) / 1000;
  return { loadPerSecond: loadTurns / seconds, loadCpuPerTurn: (cpuMs(pid) - cpuBefore) / loadTurns };
}

async function measureStart(flags: string[], connector: ConnectorStandIn): Promise<Start> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ix-startup-'));
  const began = performance.now();
  const { child, listening } = startBot(dataDir, flags);
  try {
    const port = await listening;
    const pid = child.pid!;
    const readyMs = performance.now() - began;
    const rss: Record<string, number> = { ready: residentMiB(pid) };
    const readyCpuMs = cpuMs(pid);
    await sleep(2_000);
    rss['+2 s'] = residentMiB(pid);
    await sleep(8_000);
    rss['+10 s'] = residentMiB(pid);
    await post(port, messageActivity('aide', { serviceUrl: connector.url }));
    await post(port, messageActivity('groupes', { serviceUrl: connector.url }));
    rss['first turns'] = residentMiB(pid);
    const measured = await load(port, pid, connector.url);
    rss['after load'] = residentMiB(pid);
    connector.reset();
    return { readyMs, readyCpuMs, rss, ...measured };
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function row(label: string, start: Start): string {
  const memory = points.map((point) =>
    start.rss[point].toFixed(1).padStart(points.indexOf(point) < 3 ? 6 : 11),
  );
  return `${label.padEnd(7)} ${(start.readyMs / 1000).toFixed(2).padStart(6)} s ${start.readyCpuMs.toFixed(0).padStart(6)} ms  ${memory.join(' ')}  ${start.loadPerSecond.toFixed(0).padStart(7)} ${start.loadCpuPerTurn.toFixed(2).padStart(8)} ms`;
}

async function main(): Promise<void> {
  const flags = startNodeFlags(root);
  const connector = await new ConnectorStandIn().start();
  try {
    console.log(
      `Startup: node ${[...flags, 'dist/src/index.js'].join(' ')} in ${root}, fresh data directory (seeded)`,
    );
    console.log(`RSS in MiB; load: ${loadTurns} turns (aide/groupes) by ${loadParallel} people in parallel`);
    console.log(
      `${'start'.padEnd(7)} ${'ready'.padStart(8)} ${'cpu'.padStart(9)}  ${points.map((point, index) => point.padStart(index < 3 ? 6 : 11)).join(' ')}  ${'turns/s'.padStart(7)} ${'cpu/turn'.padStart(11)}`,
    );
    const results: Start[] = [];
    for (let index = 0; index < starts; index += 1) {
      results.push(await measureStart(flags, connector));
      console.log(row(String(index + 1), results[index]));
    }
    const of = (pick: (start: Start) => number) => median(results.map(pick));
    const middle: Start = {
      readyMs: of((start) => start.readyMs),
      readyCpuMs: of((start) => start.readyCpuMs),
      rss: Object.fromEntries(points.map((point) => [point, of((start) => start.rss[point])])),
      loadPerSecond: of((start) => start.loadPerSecond),
      loadCpuPerTurn: of((start) => start.loadCpuPerTurn),
    };
    console.log(row('median', middle));
  } finally {
    await connector.stop();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
