import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/embedded-mongo';
import { messageActivity } from '../support/activities';
import { ConnectorStandIn } from '../support/connector-stand-in';

const root = path.resolve(__dirname, '../..');
const unavailable = 'Le service est momentanément indisponible. Réessayez dans quelques minutes.';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 45_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const found = await probe().catch(() => undefined);
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

describe('the bot process with its MongoDB down at start', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ix-down-at-start-'));
  let connector: ConnectorStandIn;
  let engine: EmbeddedMongo | undefined;

  beforeAll(async () => {
    connector = await new ConnectorStandIn().start();
  });
  afterAll(async () => {
    await engine?.stop();
    await connector.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 503 and a French "unavailable", then connects on its own once the database is up', async () => {
    const databasePort = await freePort();
    const child = spawn(process.execPath, [require.resolve('tsx/cli'), 'src/index.ts'], {
      cwd: root,
      env: {
        ...process.env,
        PORT: '0',
        LOG_LEVEL: 'info',
        NODE_ENV: 'development',
        MONGODB_URI: `mongodb://127.0.0.1:${databasePort}/ix?directConnection=true`,
      },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      const port = await waitFor(
        async () => /"port":(\d+),"database":"down"/.exec(output)?.[1],
        'the stand-in to listen',
      );
      const url = `http://127.0.0.1:${port}`;
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      expect((await fetch(`${url}/readyz`)).status).toBe(503);
      const turn = await fetch(`${url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(messageActivity('aide', { serviceUrl: connector.url })),
      });
      expect(turn.status).toBe(200);
      expect(connector.sentActivities().map((activity) => activity.text)).toEqual([unavailable]);

      engine = await startEmbeddedMongo({ dataDir, port: databasePort });

      await waitFor(
        async () => ((await fetch(`${url}/readyz`)).status === 200 ? true : undefined),
        'readiness once the database is up',
      );
      connector.reset();
      await fetch(`${url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(messageActivity('aide', { serviceUrl: connector.url })),
      });
      expect(connector.sentActivities()[0].attachments).toBeDefined();
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  }, 90_000);
});
