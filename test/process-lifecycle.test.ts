import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { startEmbeddedMongo } from '../src/embedded-mongo';
import { startProcess } from './support/bot-process';
import { ConnectorStandIn } from './support/connector-stand-in';
import { messageActivity } from './support/activities';

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
