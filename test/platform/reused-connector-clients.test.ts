import pino from 'pino';
import type { Activity } from 'botbuilder';
import { createBotAdapter } from '../../src/platform/bot-adapter';

/** The adapter as the bot builds it (authentication off, as in tests and local development). */
function authenticationOf(adapter: ReturnType<typeof createBotAdapter>) {
  return (
    adapter as unknown as {
      botFrameworkAuthentication: import('botframework-connector').BotFrameworkAuthentication;
    }
  ).botFrameworkAuthentication;
}

const activity = (serviceUrl: string) =>
  ({ type: 'message', channelId: 'msteams', serviceUrl, conversation: { id: 'a:1' } }) as Activity;

describe('connector clients of incoming turns', () => {
  const adapter = createBotAdapter({ appType: 'MultiTenant' }, pino({ level: 'silent' }));
  const authentication = authenticationOf(adapter);

  async function clientFor(serviceUrl: string) {
    const result = await authentication.authenticateRequest(activity(serviceUrl), '');
    return result.connectorFactory!.create(serviceUrl, result.audience);
  }

  it('hands every turn from the same service URL the same client', async () => {
    expect(await clientFor('http://127.0.0.1:1/')).toBe(await clientFor('http://127.0.0.1:1/'));
  });

  it('gives another service URL a client of its own, pointed at it', async () => {
    const first = await clientFor('http://127.0.0.1:1/');
    const other = await clientFor('http://127.0.0.1:2/');
    expect(other).not.toBe(first);
    expect((other as unknown as { baseUri: string }).baseUri).toBe('http://127.0.0.1:2/');
  });

  it('reuses the user token client of the app', async () => {
    const { claimsIdentity } = await authentication.authenticateRequest(activity('http://127.0.0.1:1/'), '');
    expect(await authentication.createUserTokenClient(claimsIdentity)).toBe(
      await authentication.createUserTokenClient(claimsIdentity),
    );
  });
});
