import { DeliveryError } from '../../src/bot/messenger';
import { startTestBot, type TestBot } from '../support/test-bot';

describe('proactive messenger', () => {
  let bot: TestBot;
  const reference = () => ({
    channelId: 'msteams',
    serviceUrl: bot.connector.url,
    conversation: { id: '19:channel@thread.tacv2' },
    bot: { id: '28:ix-bot' },
  });

  beforeAll(async () => {
    bot = await startTestBot({ env: { SEED_DEMO_DATA: 'false' } });
  });
  afterAll(async () => {
    await bot.stop();
  });
  beforeEach(() => {
    bot.connector.reset();
    bot.connector.respondWith(undefined);
  });

  it('posts to a stored conversation and returns the new activity id', async () => {
    const id = await bot.app.messenger.send(reference(), { text: 'Bonjour' });

    expect(id).toMatch(/^activity-/);
    expect(bot.connector.sentActivities()[0].text).toBe('Bonjour');
  });

  it('surfaces a throttled send as an error with its Retry-After, after exactly one request', async () => {
    bot.connector.respondWith(() => ({ status: 429, body: {}, headers: { 'Retry-After': '3' } }));

    const failure = await bot.app.messenger
      .send(reference(), { text: 'Bonjour' })
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(DeliveryError);
    expect(failure).toMatchObject({ status: 429, retryAfterMs: 3000 });
    expect(bot.connector.calls).toHaveLength(1);
  });

  it.each([403, 404, 502])('surfaces HTTP %i instead of resolving as if it was sent', async (status) => {
    bot.connector.respondWith(() => ({ status, body: { error: { code: 'x', message: 'refused' } } }));

    await expect(bot.app.messenger.send(reference(), { text: 'Bonjour' })).rejects.toMatchObject({ status });
    expect(bot.connector.calls).toHaveLength(1);
  });

  it('opens a personal conversation with someone who never wrote to the bot', async () => {
    const opened = await bot.app.messenger.openPersonalConversation({
      serviceUrl: bot.connector.url,
      tenantId: 'tenant-orleans',
      userId: '29:newcomer',
    });

    expect(opened).toMatchObject({
      conversation: { id: expect.stringMatching(/^a:1on1-/) },
      serviceUrl: bot.connector.url,
    });
    expect(bot.connector.calls[0].body).toMatchObject({
      members: [{ id: '29:newcomer' }],
      tenantId: 'tenant-orleans',
    });
  });
});
