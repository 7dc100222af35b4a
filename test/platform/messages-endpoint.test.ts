import { messageActivity } from '../support/activities';
import { cardOf, startTestBot, textsOf, type TestBot } from '../support/test-bot';

describe('POST /api/messages', () => {
  let bot: TestBot;

  beforeAll(async () => {
    bot = await startTestBot();
  });
  afterAll(async () => {
    await bot.stop();
  });
  beforeEach(() => bot.connector.reset());

  it('answers "aide" with the French help card listing the installed commands', async () => {
    const response = await bot.post(messageActivity('aide', bot.options));

    expect(response.status).toBe(200);
    const [reply] = bot.connector.sentActivities();
    const card = cardOf(reply);
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    const texts = textsOf(card);
    expect(texts).toContain('iX, à votre service');
    expect(texts).toContain('aide');
    expect(texts).toContain('Voir ce que je sais faire');
  });

  it('answers "help" in English when the Teams locale is en-US', async () => {
    await bot.post(messageActivity('help', { ...bot.options, locale: 'en-US' }));

    const texts = textsOf(cardOf(bot.connector.sentActivities()[0]));
    expect(texts).toContain('iX, at your service');
    expect(texts).toContain('help');
    expect(texts).toContain('See what I can do');
  });

  it('understands the command whatever the case, accents, punctuation or mention', async () => {
    await bot.post(messageActivity('<at>iX</at> AIDE !', bot.options));

    expect(textsOf(cardOf(bot.connector.sentActivities()[0]))).toContain('iX, à votre service');
  });

  it('points unknown text to "aide" in French', async () => {
    await bot.post(messageActivity('quelle heure est-il', bot.options));

    const [reply] = bot.connector.sentActivities();
    expect(reply.text).toBe(
      "Je n'ai pas compris « quelle heure est-il ». Tapez **aide** pour voir ce que je sais faire.",
    );
  });

  it('replies in the conversation the message came from', async () => {
    await bot.post(
      messageActivity('aide', {
        ...bot.options,
        conversation: { id: '19:channel@thread.tacv2', conversationType: 'channel' },
      }),
    );

    const [call] = bot.connector.calls;
    expect(call.conversationId).toBe('19:channel@thread.tacv2');
  });

  it('rejects a malformed activity with HTTP 400 and keeps serving', async () => {
    const missingType = await bot.post({ text: 'aide', serviceUrl: bot.connector.url });
    const notJson = await bot.postRaw('{"type": "message", ');
    const notAnObject = await bot.postRaw('[1, 2, 3]');

    expect(missingType.status).toBe(400);
    expect(notJson.status).toBe(400);
    expect(notAnObject.status).toBe(400);
    expect(bot.connector.calls).toHaveLength(0);
    const after = await bot.post(messageActivity('aide', bot.options));
    expect(after.status).toBe(200);
    expect(bot.connector.sentActivities()).toHaveLength(1);
  });

  it('answers an unknown card verb with a French message instead of failing', async () => {
    const response = await bot.post({
      ...messageActivity('', bot.options),
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'nothing.here', data: {} } },
    });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: expect.stringContaining("Ce bouton n'est plus pris en charge"),
    });
  });
});

describe('health endpoints', () => {
  let bot: TestBot;

  beforeAll(async () => {
    bot = await startTestBot();
  });
  afterAll(async () => {
    await bot.stop();
  });

  const url = (path: string) => `${bot.baseUrl}${path}`;

  it('reports the process alive on GET /healthz', async () => {
    const response = await fetch(url('/healthz'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('reports the database reachable on GET /readyz', async () => {
    const response = await fetch(url('/readyz'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready', database: 'up' });
  });

  it('reports not ready once the database is closed', async () => {
    await bot.database.connection.close();
    const response = await fetch(url('/readyz'));
    expect(response.status).toBe(503);
  });
});
