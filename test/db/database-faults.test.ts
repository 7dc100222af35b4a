import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { createApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config';
import { connectDatabase, type Database } from '../../src/db/database';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/embedded-mongo';
import { messageActivity } from '../support/activities';
import { as, persona } from '../support/personas';
import { ConnectorStandIn } from '../support/connector-stand-in';
import { executeActivity } from '../support/activities';

const unavailable = 'Le service est momentanément indisponible. Réessayez dans quelques minutes.';

/**
 * The bot on a MongoDB it does not own (MONGODB_URI), here an embedded engine on disk that the test
 * stops and restarts under it, as a database failover or a restart would.
 */
describe('database faults in the middle of turns', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ix-faults-'));
  const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  let engine: EmbeddedMongo;
  let database: Database;
  let app: App;
  let connector: ConnectorStandIn;
  let baseUrl = '';

  beforeAll(async () => {
    engine = await startEmbeddedMongo({ dataDir });
    connector = await new ConnectorStandIn().start();
    database = await connectDatabase({ uri: engine.uri }, log, { serverSelectionTimeoutMs: 1000 });
    app = await createApp({ config: loadConfig({ NODE_ENV: 'test', PORT: '0' }), log, database });
    baseUrl = `http://127.0.0.1:${await app.start(0)}`;
  }, 30_000);
  afterAll(async () => {
    await app.stop();
    await database.close();
    await engine.stop();
    await connector.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const post = async (activity: unknown) => {
    const response = await fetch(`${baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    return { status: response.status, body: await response.text() };
  };
  const readiness = async () => (await fetch(`${baseUrl}/readyz`)).status;
  async function waitForReadiness(status: number): Promise<void> {
    for (let attempt = 0; attempt < 150; attempt += 1) {
      if ((await readiness()) === status) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`/readyz never answered ${status}`);
  }
  const camille = () => as('camille', connector.url);

  it('answers in French, reports 503, reconnects on its own and loses no acknowledged write', async () => {
    expect((await post(messageActivity('aide', camille()))).status).toBe(200);
    const joined = await post(executeActivity('group.join', { groupSlug: 'gps' }, camille()));
    expect(joined.status).toBe(200);
    expect(await readiness()).toBe(200);

    await engine.stop();
    await waitForReadiness(503);
    connector.reset();
    const message = await post(messageActivity('groupes', camille()));
    const click = await post(executeActivity('group.join', { groupSlug: 'trans' }, camille()));

    expect(message.status).toBe(200);
    expect(connector.sentActivities().map((activity) => activity.text)).toEqual([unavailable]);
    expect(click.status).toBe(200);
    expect(JSON.parse(click.body)).toMatchObject({ value: unavailable });

    engine = await startEmbeddedMongo({ dataDir, port: engine.port });
    await waitForReadiness(200);
    connector.reset();
    expect((await post(messageActivity('groupes', camille()))).status).toBe(200);
    expect(connector.sentActivities()).toHaveLength(1);
    const member = await database.connection
      .collection('members')
      .findOne({ aadObjectId: persona('camille').aadObjectId });
    const memberships = await database.connection
      .collection('group_memberships')
      .find({ memberId: member!._id })
      .toArray();
    expect(memberships.map((membership) => membership.groupSlug)).toContain('gps');
  }, 60_000);
});
