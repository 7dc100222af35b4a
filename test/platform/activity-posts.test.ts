import pino from 'pino';
import { ConnectorClient } from 'botframework-connector';
import type { Activity } from 'botbuilder';
import { RestError } from '@azure/core-rest-pipeline';
import { createBotAdapter } from '../../src/platform/bot-adapter';
import { postActivitiesAsJson } from '../../src/platform/activity-posts';
import { ConnectorStandIn } from '../support/connector-stand-in';

const teamsConversationId = '19:abc@thread.tacv2;messageid=1700000000000';

const reply = (text: string): Partial<Activity> => ({
  type: 'message',
  text,
  timestamp: new Date('2026-12-03T10:00:00Z'),
  attachments: [
    { contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard' } },
  ],
});

describe('replies of incoming turns posted as JSON', () => {
  const connector = new ConnectorStandIn();
  let serviceUrl: string;

  /** The client the adapter hands an incoming turn (authentication off, as in tests). */
  async function turnClient(url: string) {
    const adapter = createBotAdapter({ appType: 'MultiTenant' }, pino({ level: 'silent' }));
    const authentication = (
      adapter as unknown as {
        botFrameworkAuthentication: import('botframework-connector').BotFrameworkAuthentication;
      }
    ).botFrameworkAuthentication;
    const incoming = { type: 'message', channelId: 'msteams', serviceUrl: url, conversation: { id: 'a:1' } };
    const result = await authentication.authenticateRequest(incoming as Activity, '');
    return result.connectorFactory!.create(url, result.audience);
  }

  beforeAll(async () => {
    await connector.start();
    serviceUrl = `${connector.url}/emea/`;
  });
  afterAll(() => connector.stop());
  beforeEach(() => {
    connector.reset();
    connector.respondWith(undefined);
  });

  /** Method, path and body of the calls `send` makes, and what it returned. */
  async function wireOf(send: () => Promise<unknown>) {
    connector.reset();
    const answer = await send();
    return {
      answer,
      calls: connector.calls.map(({ method, path, conversationId, activityId, body }) => ({
        method,
        path,
        conversationId,
        activityId,
        body,
      })),
    };
  }

  it('puts on the wire exactly what the generated operations put, for a reply, a post and an update', async () => {
    const lean = await turnClient(serviceUrl);
    const generated = new ConnectorClient(
      { signRequest: async (request) => request },
      { baseUri: serviceUrl },
    );
    const sends = (client: ConnectorClient) => [
      () => client.conversations.replyToActivity(teamsConversationId, '1:42', reply('Bonjour')),
      () => client.conversations.sendToConversation(teamsConversationId, reply('Nouveau')),
      () => client.conversations.updateActivity(teamsConversationId, '1:42', reply('Modifié')),
    ];
    for (const [index, send] of sends(lean).entries()) {
      const ours = await wireOf(send);
      const theirs = await wireOf(sends(generated)[index]);
      expect(ours.calls).toEqual(theirs.calls);
      expect(ours.calls[0].conversationId).toBe(teamsConversationId);
      expect(ours.calls[0].body.timestamp).toBe('2026-12-03T10:00:00.000Z');
      // The stand-in numbers new activities; an update answers the id it was given.
      expect((ours.answer as { id: string }).id).toMatch(index === 2 ? /^1:42$/ : /^activity-\d+$/);
    }
  });

  it('keeps the generated operation for a call with options, as botbuilder never makes', async () => {
    const client = await turnClient(serviceUrl);
    const withOptions = await wireOf(() =>
      client.conversations.replyToActivity(teamsConversationId, '1:42', reply('Bonjour'), {}),
    );
    const plain = await wireOf(() =>
      client.conversations.replyToActivity(teamsConversationId, '1:42', reply('Bonjour')),
    );
    expect(withOptions.calls).toEqual(plain.calls);
  });

  it("throws the Connector's status, code and message when it refuses", async () => {
    connector.respondWith(() => ({
      status: 403,
      body: {
        error: {
          code: 'BotNotInConversationRoster',
          message: 'The bot is not part of the conversation roster.',
        },
      },
    }));
    const client = await turnClient(serviceUrl);
    const refused = client.conversations.replyToActivity(teamsConversationId, '1:42', reply('Bonjour'));
    await expect(refused).rejects.toBeInstanceOf(RestError);
    await expect(refused).rejects.toMatchObject({
      statusCode: 403,
      code: 'BotNotInConversationRoster',
      message: 'The bot is not part of the conversation roster.',
    });
  });

  it('names the status when the refusal has no readable body', async () => {
    connector.respondWith(() => ({ status: 400, body: 'Requête invalide' }));
    const client = await turnClient(serviceUrl);
    await expect(client.conversations.sendToConversation('a:1', reply('x'))).rejects.toMatchObject({
      statusCode: 400,
      message: 'The Bot Connector answered 400',
    });
  });

  it("signs each post once, with the client's credentials", async () => {
    let signatures = 0;
    const signed = new ConnectorClient(
      {
        signRequest: async (request) => {
          signatures += 1;
          request.headers.set('authorization', 'Bearer jeton-de-test');
          return request;
        },
      },
      { baseUri: serviceUrl },
    );
    await postActivitiesAsJson(signed, serviceUrl).conversations.sendToConversation('a:1', reply('Bonjour'));
    expect(connector.calls.map((call) => call.authorization)).toEqual(['Bearer jeton-de-test']);
    expect(signatures).toBe(1);
  });
});
