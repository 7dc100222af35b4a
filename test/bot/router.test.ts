import pino from 'pino';
import { z } from 'zod';
import { dispatch } from '../../src/bot/dispatch';
import { Router } from '../../src/bot/router';
import type { OutgoingMessage, Turn } from '../../src/bot/turn';
import { createTranslator } from '../../src/i18n/translator';

function fakeTurn(sent: OutgoingMessage[], locale: 'fr' | 'en' = 'fr'): Turn<unknown> {
  const t = createTranslator(locale);
  const send = async (message: OutgoingMessage) => {
    sent.push(message);
    return 'id';
  };
  return {
    user: { id: '29:u', name: 'U' },
    conversation: { id: 'c', kind: 'personal' },
    locale,
    t,
    text: '',
    data: undefined,
    log: pino({ level: 'silent' }),
    conversationReference: {},
    send,
    sendText: (key, params) => send({ text: t(key, params) }),
    updateCard: async () => undefined,
    fetchProfile: async () => undefined,
  };
}

describe('Router', () => {
  it('routes a card verb to its handler with data validated by its schema', async () => {
    const router = new Router();
    const received: unknown[] = [];
    router.cardAction({
      verb: 'group.join',
      schema: z.object({ groupSlug: z.string().max(40) }).strict(),
      handler: async (turn) => {
        received.push(turn.data);
      },
    });

    const outcome = await dispatch(
      router,
      { kind: 'cardAction', verb: 'group.join', data: { groupSlug: 'gps' } },
      fakeTurn([]),
    );

    expect(outcome).toEqual({});
    expect(received).toEqual([{ groupSlug: 'gps' }]);
  });

  it('refuses card data that does not fit the schema, such as a MongoDB operator, without calling the handler', async () => {
    const router = new Router();
    const handler = jest.fn();
    router.cardAction({ verb: 'group.join', schema: z.object({ groupSlug: z.string() }).strict(), handler });

    const outcome = await dispatch(
      router,
      { kind: 'cardAction', verb: 'group.join', data: { groupSlug: { $gt: '' } } },
      fakeTurn([]),
    );

    expect(handler).not.toHaveBeenCalled();
    expect(outcome.errorText).toBe(
      'Ces informations ne sont pas valides : le champ « groupSlug ». Corrigez-les puis réessayez.',
    );
  });

  it('answers a handler crash with a French message carrying a reference, and does not throw', async () => {
    const router = new Router();
    router.command({
      name: 'boom',
      wordsKey: 'help.command',
      descriptionKey: 'help.description',
      handler: async () => {
        throw new Error('database exploded');
      },
    });
    const sent: OutgoingMessage[] = [];

    await dispatch(router, { kind: 'message', text: 'aide' }, fakeTurn(sent));

    expect(sent).toHaveLength(1);
    expect((sent[0] as { text: string }).text).toMatch(
      /^Oups, quelque chose s'est mal passé.*\(code [0-9a-f]{8}\)\.$/,
    );
  });

  it('accepts the English words of a command in a French conversation', async () => {
    const router = new Router();
    const handler = jest.fn(async () => undefined);
    router.command({ name: 'help', wordsKey: 'help.command', descriptionKey: 'help.description', handler });

    await dispatch(router, { kind: 'message', text: 'help' }, fakeTurn([], 'fr'));

    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('refuses to register the same command twice', () => {
    const router = new Router();
    const registration = {
      name: 'help',
      wordsKey: 'help.command',
      descriptionKey: 'help.description',
      handler: async () => undefined,
    } as const;
    router.command(registration);
    expect(() => router.command(registration)).toThrow('Route command:help is registered twice');
  });

  it('calls every listener of an event in registration order', async () => {
    const router = new Router();
    const calls: string[] = [];
    router.event('member:added', async () => void calls.push('record'));
    router.event('member:added', async () => void calls.push('welcome'));

    await dispatch(router, { kind: 'event', name: 'member:added', data: { members: [] } }, fakeTurn([]));

    expect(calls).toEqual(['record', 'welcome']);
  });

  describe('domain events', () => {
    it('runs every listener of an event in the order they were added, with its data', async () => {
      const router = new Router();
      const heard: string[] = [];
      router.on('meetup:held', async ({ memberIds }) => {
        heard.push(`first ${memberIds.join('+')}`);
      });
      router.on('meetup:held', async ({ memberIds }) => {
        heard.push(`second ${memberIds.length}`);
      });
      await router.publish('meetup:held', { memberIds: ['a', 'b'] });
      expect(heard).toEqual(['first a+b', 'second 2']);
    });

    it('publishes to nobody without failing when no slice listens', async () => {
      await expect(new Router().publish('meetup:held', { memberIds: [] })).resolves.toBeUndefined();
    });

    it('fails the publisher when a listener fails, so nothing is dropped in silence', async () => {
      const router = new Router();
      router.on('meetup:held', async () => {
        throw new Error('listener down');
      });
      await expect(router.publish('meetup:held', { memberIds: ['a'] })).rejects.toThrow('listener down');
    });
  });
});
