import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { startEmbeddedMongo } from '../src/embedded-mongo';
import { ConnectorStandIn } from './support/connector-stand-in';
import { messageActivity } from './support/activities';

const root = path.resolve(__dirname, '..');

interface RunningBot {
  child: ChildProcessWithoutNullStreams;
  port: number;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts the real entry point (src/index.ts) as `npm start` would, on a free port. */
async function startProcess(dataDir: string): Promise<RunningBot> {
  const child = spawn(process.execPath, [require.resolve('tsx/cli'), 'src/index.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: '0',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      NODE_ENV: 'development',
      MONGODB_URI: '',
    },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /"port":(\d+),"database"/.exec(output);
      if (match) {
        clearInterval(timer);
        resolve(Number(match[1]));
      }
    }, 50);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`The bot exited with ${code} before listening:\n${output}`));
    });
  });
  return { child, port, output: () => output, exited };
}

describe('the bot process', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ix-bot-data-'));
  let connector: ConnectorStandIn;

  beforeAll(async () => {
    connector = await new ConnectorStandIn().start();
  });
  afterAll(async () => {
    await connector.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers, then stops cleanly on SIGTERM with exit code 0', async () => {
    const bot = await startProcess(dataDir);

    const health = await fetch(`http://127.0.0.1:${bot.port}/healthz`);
    const reply = await fetch(`http://127.0.0.1:${bot.port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(
        messageActivity('aide', {
          serviceUrl: connector.url,
          from: { id: '29:persisted', name: 'Persistante', aadObjectId: 'aad-persisted' },
        }),
      ),
    });
    bot.child.kill('SIGTERM');

    expect(health.status).toBe(200);
    expect(reply.status).toBe(200);
    expect(await bot.exited).toBe(0);
    expect(bot.output()).toContain('"msg":"stopped"');
  }, 30_000);

  it('keeps what it stored across a restart on the same data directory', async () => {
    const again = await startProcess(dataDir);
    again.child.kill('SIGINT');
    expect(await again.exited).toBe(0);

    const engine = await startEmbeddedMongo({ dataDir });
    const client = await MongoClient.connect(engine.uri);
    try {
      const databases = await client.db().admin().listDatabases();
      const found = [];
      for (const { name } of databases.databases) {
        found.push(
          ...(await client.db(name).collection('members').find({ aadObjectId: 'aad-persisted' }).toArray()),
        );
      }
      expect(found).toHaveLength(1);
      expect(found[0].displayName).toBe('Persistante');
    } finally {
      await client.close();
      await engine.stop();
    }
  }, 30_000);
});
