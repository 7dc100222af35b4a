import pino from 'pino';
import type { TurnContext } from 'botbuilder';
import { createBotAdapter } from '../../src/platform/bot-adapter';
import { createHttpServer, type HttpServer } from '../../src/platform/http-server';
import { executeActivity, messageActivity } from '../support/activities';

/**
 * The endpoint as deployed: a MicrosoftAppId, so every activity must carry a Bot Framework token.
 * The turns that reach the bot are recorded instead of run.
 */
describe('the messages endpoint with Bot Framework authentication on', () => {
  const log = pino({ level: 'silent' });
  const turns: TurnContext[] = [];
  let server: HttpServer;
  let url: string;

  beforeAll(async () => {
    const adapter = createBotAdapter(
      { appId: '5f0c2c1e-7d6a-4e8e-9a57-3f1c2b9d0e11', appPassword: 'secret', appType: 'MultiTenant' },
      log,
    );
    server = createHttpServer({
      adapter,
      turnHandler: async (context) => void turns.push(context),
      log,
      isReady: async () => true,
      authenticated: true,
    });
    url = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}/api/messages`;
  });
  afterAll(() => server.close());

  const post = (activity: Record<string, unknown>) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });

  it.each([
    ['a message', messageActivity('aide', { serviceUrl: 'https://smba.trafficmanager.net/emea/' })],
    [
      'a card click',
      executeActivity(
        'group.join',
        { groupSlug: 'gps' },
        { serviceUrl: 'https://smba.trafficmanager.net/emea/' },
      ),
    ],
  ])('refuses %s without a token with 401, before any turn runs', async (_kind, activity) => {
    const answer = await post(activity);

    expect(answer.status).toBe(401);
    expect(await answer.json()).toEqual({ error: 'Unauthorized' });
    expect(turns).toHaveLength(0);
  });
});
