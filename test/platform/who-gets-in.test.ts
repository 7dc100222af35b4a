import { gzipSync } from 'node:zlib';
import { messageActivity, executeActivity } from '../support/activities';
import { startTestBot, type TestBot } from '../support/test-bot';

/** Every collection's document count: "nothing was stored" is checked on all of them at once. */
async function documentCounts(bot: TestBot): Promise<Record<string, number>> {
  const db = bot.database.connection.db!;
  const counts: Record<string, number> = {};
  for (const { name } of await db.listCollections().toArray()) {
    counts[name] = await db.collection(name).countDocuments();
  }
  return counts;
}

describe('who gets in: the HTTP edge', () => {
  let bot: TestBot;

  beforeAll(async () => {
    bot = await startTestBot({ env: { SEED_DEMO_DATA: 'false' } });
  });
  afterAll(async () => bot.stop());
  beforeEach(() => bot.connector.reset());

  const post = async (path: string, body: Buffer, headers: Record<string, string>) => {
    const response = await fetch(`${bot.baseUrl}${path}`, { method: 'POST', headers, body });
    return { status: response.status, text: await response.text() };
  };

  it.each([['/api/messages'], ['/api/tab/actions']])(
    'refuses a gzip bomb on %s with 415, memory flat and the bot alive',
    async (path) => {
      // 40 MB of JSON whitespace inside a valid activity compresses to about 40 KB.
      const activity = JSON.stringify(messageActivity('aide', bot.options));
      const bomb = gzipSync(Buffer.from(`${activity.slice(0, -1)}${' '.repeat(40 * 1024 * 1024)}}`));
      expect(bomb.length).toBeLessThan(100 * 1024);
      const heapBefore = process.memoryUsage().heapUsed;

      const answer = await post(path, bomb, {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        authorization: 'Bearer x',
      });

      expect(answer.status).toBe(415);
      expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(20 * 1024 * 1024);
      expect(bot.connector.calls).toHaveLength(0);
      const after = await bot.post(messageActivity('aide', bot.options));
      expect(after.status).toBe(200);
    },
  );

  it('refuses any other Content-Encoding (deflate, br) with 415', async () => {
    for (const encoding of ['deflate', 'br', 'GZIP']) {
      const answer = await post('/api/messages', Buffer.from('{}'), {
        'content-type': 'application/json',
        'content-encoding': encoding,
      });
      expect(answer.status).toBe(415);
    }
  });

  it('refuses an uncompressed body over 1 MiB with 413', async () => {
    const big = JSON.stringify({ ...messageActivity('aide', bot.options), text: 'a'.repeat(1_100_000) });
    const answer = await bot.postRaw(big);
    expect(answer.status).toBe(413);
  });

  it('answers 400 to a from.id that is an object, before any database query', async () => {
    // Only the turns' queries: the background drainer and jobs would poll in the window.
    await bot.app.jobs.stop();
    await bot.outboxIdle();
    await bot.app.outbox.stop();
    const queries: string[] = [];
    bot.database.connection.set('debug', (collection: string, method: string) =>
      queries.push(`${collection}.${method}`),
    );
    try {
      // The probe sees the queries of an ordinary turn…
      await bot.post(messageActivity('aide', bot.options));
      expect(queries.length).toBeGreaterThan(0);
      queries.length = 0;
      bot.connector.reset();
      // …and none for this one.
      const answer = await bot.post({
        ...messageActivity('aide', bot.options),
        from: { id: { $ne: null }, aadObjectId: { $gt: '' } },
      });
      expect(answer.status).toBe(400);
      expect(queries).toEqual([]);
    } finally {
      bot.database.connection.set('debug', false);
    }
    expect(bot.connector.calls).toHaveLength(0);
  });

  it('without MicrosoftAppId, refuses a serviceUrl off loopback and posts nothing there', async () => {
    const before = await documentCounts(bot);
    const answer = await bot.post(messageActivity('aide', { serviceUrl: 'https://attacker.example.com/' }));

    expect(answer.status).toBe(403);
    expect(await documentCounts(bot)).toEqual(before);
  });

  it('without MicrosoftAppId, listens on loopback only', async () => {
    const address = new URL(bot.baseUrl);
    expect(address.hostname).toBe('127.0.0.1');
    // The test bot's URL is built by the harness; the server itself must not answer elsewhere.
    const interfaces = Object.values((await import('node:os')).networkInterfaces())
      .flat()
      .filter((entry) => entry && entry.family === 'IPv4' && !entry.internal);
    for (const entry of interfaces) {
      await expect(
        fetch(`http://${entry!.address}:${address.port}/healthz`, { signal: AbortSignal.timeout(2000) }),
      ).rejects.toThrow();
    }
  });
});

describe('who gets in: the tenant gate', () => {
  const orleans = '6a1f1e2d-3c4b-4a59-8e7d-1f2e3d4c5b6a';
  const elsewhere = '99999999-8888-4777-8666-555555555555';
  let bot: TestBot;

  beforeAll(async () => {
    bot = await startTestBot({ env: { SEED_DEMO_DATA: 'false', ALLOWED_TENANT_IDS: orleans } });
  });
  afterAll(async () => bot.stop());
  beforeEach(() => bot.connector.reset());

  const from = (tenant: string) => ({
    serviceUrl: bot.connector.url,
    from: { id: '29:outsider', name: 'Someone Else', aadObjectId: 'aad-outsider' },
    conversation: { id: 'a:outsider', conversationType: 'personal' as const, tenantId: tenant },
    channelData: { tenant: { id: tenant } },
  });

  it('answers a message from another tenant with one polite French message and stores nothing', async () => {
    const before = await documentCounts(bot);

    const answer = await bot.post(messageActivity('aide', from(elsewhere)));

    expect(answer.status).toBe(200);
    const sent = bot.connector.sentActivities();
    expect(sent).toHaveLength(1);
    expect(sent[0].text).toBe(
      "Désolé, iX est réservé aux agents de la Ville d'Orléans et de ses partenaires : votre organisation n'y a pas accès. Rien n'a été enregistré à votre sujet.",
    );
    expect(await documentCounts(bot)).toEqual(before);
  });

  it('answers a card click from another tenant on the card, and stores nothing', async () => {
    const before = await documentCounts(bot);

    const answer = await bot.post(executeActivity('group.join', { groupSlug: 'gps' }, from(elsewhere)));

    expect(answer.body).toMatchObject({
      statusCode: 200,
      value: expect.stringContaining('Désolé, iX est réservé'),
    });
    expect(await documentCounts(bot)).toEqual(before);
  });

  it('refuses activities that name no tenant at all', async () => {
    const before = await documentCounts(bot);
    await bot.post(
      messageActivity('aide', {
        ...from(elsewhere),
        conversation: { id: 'a:x', conversationType: 'personal' },
        channelData: {},
      }),
    );
    expect(await documentCounts(bot)).toEqual(before);
  });

  it('lets people of the allowed tenant in', async () => {
    await bot.post(messageActivity('aide', from(orleans)));
    const members = await bot.database.connection.db!.collection('members').countDocuments();
    expect(members).toBe(1);
  });
});
