import type { Logger } from 'pino';
import { dispatch, type Incoming } from '../bot/dispatch';
import type { Router } from '../bot/router';
import type { Turn } from '../bot/turn';
import type { AdaptiveCardJson } from '../cards/render-card';
import { createTranslator, type Locale } from '../i18n/translator';
import { type MembersRepository } from '../people';
import type { TabContributions } from './contributions';
import type { TabIdentity } from './sso-token';
import { tabLocale } from './tab-locale';

/** What a view or an action produced, as the bot would have posted it. */
export interface TabResult {
  /** False when the feature behind a view is not installed on this bot (yet). */
  available: boolean;
  cards: AdaptiveCardJson[];
  /** Texts the bot would have written (markdown), e.g. "nothing to show" messages. */
  messages: string[];
  /** Set when the turn failed: the error boundary's message, in the person's language. */
  error?: string;
}

export interface TabTurnsDependencies {
  router: Router;
  members: MembersRepository;
  /** The sections the features contributed, each naming its command's route key. */
  contributions: TabContributions;
  log: Logger;
}

/**
 * Runs tab requests as bot turns of the signed-in person: views run the section's command, actions
 * run the card verb, both through the bot's dispatcher, so validation, permission checks and the
 * error answers are exactly the bot's, in the language of the person's Teams.
 */
export function createTabTurns({ router, members, contributions, log }: TabTurnsDependencies) {
  async function run(identity: TabIdentity, incoming: Incoming, requested?: Locale): Promise<TabResult> {
    const known = await members.findByIdentity({ aadObjectId: identity.aadObjectId });
    const t = createTranslator(tabLocale(requested, known));
    const result: TabResult = { available: true, cards: [], messages: [] };
    const send: Turn['send'] = async (message) => {
      if ('card' in message) result.cards.push(message.card);
      if ('text' in message) result.messages.push(message.text);
      return undefined;
    };
    const turn: Turn<unknown> = {
      // The tab knows the person by their Entra id; their Teams user id only if the bot met them.
      user: {
        id: known?.teamsUserId ?? identity.aadObjectId,
        aadObjectId: identity.aadObjectId,
        name: identity.name,
      },
      conversation: { id: `tab:${identity.aadObjectId}`, kind: 'personal', tenantId: identity.tenantId },
      locale: t.locale,
      t,
      text: incoming.kind === 'message' ? incoming.text : '',
      data: undefined,
      log: log.child({
        aadObjectId: identity.aadObjectId,
        ...(incoming.kind === 'cardAction' ? { verb: incoming.verb } : {}),
      }),
      // No conversation behind a tab request: the stored 1:1 chat, if any, so nothing is overwritten.
      conversationReference: known?.personalConversation ?? {},
      send,
      sendText: (key, params) => send({ text: t(key, params) }),
      updateCard: async (card) => {
        result.cards = [card];
      },
      fetchProfile: async () => ({
        userPrincipalName: identity.userPrincipalName,
        email: identity.userPrincipalName?.includes('@') ? identity.userPrincipalName : undefined,
        tenantId: identity.tenantId,
      }),
    };
    const outcome = await dispatch(router, incoming, turn);
    if (outcome.errorText !== undefined) {
      result.error = outcome.errorText;
      // A failed command answers with a message; keep it as the error, not as content.
      result.messages = result.messages.filter((message) => message !== outcome.errorText);
    }
    return result;
  }

  return {
    /** Undefined for a section no feature contributed; `available: false` when its command is missing. */
    async view(
      identity: TabIdentity,
      name: string,
      argument = '',
      requested?: Locale,
    ): Promise<TabResult | undefined> {
      const view = contributions.findView(name);
      if (!view) return undefined;
      if (!router.hasCommand(view.command)) return { available: false, cards: [], messages: [] };
      const args = view.takesArgument ? argument : '';
      return run(identity, { kind: 'command', name: view.command, args }, requested);
    },
    action(identity: TabIdentity, verb: string, data: unknown, requested?: Locale): Promise<TabResult> {
      return run(identity, { kind: 'cardAction', verb, data }, requested);
    },
  };
}

export type TabTurns = ReturnType<typeof createTabTurns>;
