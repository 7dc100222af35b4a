/**
 * `npm run playground`: starts the bot (unless one already answers on PORT) and the Microsoft 365
 * Agents Playground against it, on the msteams channel so Teams events and cards behave as in Teams.
 * The mock users come from .m365agentsplayground.yml at the project root.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const port = Number(process.env.PORT ?? 3978);
const playgroundPort = Number(process.env.PLAYGROUND_PORT ?? 56150);
const botUrl = `http://localhost:${port}`;
const children: ChildProcess[] = [];

async function isUp(): Promise<boolean> {
  try {
    return (await fetch(`${botUrl}/healthz`)).ok;
  } catch {
    return false;
  }
}

async function waitForBot(timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await isUp()) return;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`The bot did not answer on ${botUrl}/healthz within ${timeoutMs / 1000} s`);
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): ChildProcess {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', env });
  children.push(child);
  child.on('exit', (code) => {
    if (code !== null && code !== 0) stop(code);
  });
  return child;
}

function stop(code = 0): void {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 500).unref();
}

async function main(): Promise<void> {
  if (await isUp()) {
    console.log(`Using the bot already running on ${botUrl}`);
  } else {
    console.log(`Starting the bot on ${botUrl} …`);
    // One process: the bot under tsx's loader (tsx's CLI would start a second node without the flag).
    run(process.execPath, ['--disable-warning=DEP0111', '--import', 'tsx', 'src/index.ts'], {
      ...process.env,
      PORT: String(port),
    });
    await waitForBot(60_000);
  }
  const cli = require.resolve('@microsoft/m365agentsplayground/cli.js');
  console.log(`Playground on http://localhost:${playgroundPort} — type "aide" to start.`);
  run(process.execPath, [
    cli,
    'start',
    '--app-endpoint',
    `${botUrl}/api/messages`,
    '--channel-id',
    'msteams',
    '--port',
    String(playgroundPort),
    '--disable-telemetry',
  ]);
}

process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  stop(1);
});
