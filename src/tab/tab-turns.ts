import type { Logger } from 'pino';
import { dispatch, type Incoming } from '../bot/dispatch';
import type { Router } from '../bot/router';
import type { Turn } from '../bot/turn';
import type { AdaptiveCardJson } from '../cards/render-card';
import { createTranslator } from '../i18n/translator';
import { type MembersRepository } from '../people';
import type { TabIdentity } from './sso-token';

/**
 * The tab's sections, each the route key of the bot command that shows it: the tab renders the
 * very cards the bot sends, so chat and tab never drift apart. A GET view runs that one command and
 * never parses text (`?arg=publier` once ran `info flash publier`); only views that take an
 * argument (the group of a mission sheet) receive one.
 */
export const tabViews = {
  parcours: { command: 'onboarding.path', takesArgument: false },
  groupes: { command: 'groups', takesArgument: false },
  fiches: { command: 'missionSheet', takesArgument: true },
  'info-flash': { command: 'infoFlash.latest', takesArgument: false },
  sondages: { command: 'poll.list', takesArgument: false },
  agenda: { command: 'event.agenda', takesArgument: false },
  rencontres: { command: 'meetups', takesArgument: false },
} as const;

export type TabViewName = keyof typeof tabViews;

export function isTabView(name: string): name is TabViewName {
  return Object.hasOwn(tabViews, name);
}

/** What a view or an action produced, as the bot would have posted it. */
export interface TabResult {
  /** False when the feature behind a view is not installed on this bot (yet). */
  available: boolean;
  cards: AdaptiveCardJson[];
  /** Texts the bot would have written (markdown), e.g. "nothing to show" messages. */
  messages: string[];
  /** Set when the turn failed: the French message of the error boundary. */
  error?: string;
}

export interface TabTurnsDependencies {
  router: Router;
  members: MembersRepository;
  log: Logger;
}

/**
 * Runs tab requests as bot turns of the signed-in person: views run the section's command, actions
 * run the card verb, both through the bot's dispatcher, so validation, permission checks and the
 * French error answers are exactly the bot's.
 */
export function createTabTurns({ router, members, log }: TabTurnsDependencies) {
  async function run(identity: TabIdentity, incoming: Incoming): Promise<TabResult> {
    const known = await members.findByIdentity({ aadObjectId: identity.aadObjectId });
    const t = createTranslator('fr');
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
    async view(identity: TabIdentity, name: TabViewName, argument = ''): Promise<TabResult> {
      const view = tabViews[name];
      if (!router.hasCommand(view.command)) return { available: false, cards: [], messages: [] };
      return run(identity, { kind: 'command', name: view.command, args: view.takesArgument ? argument : '' });
    },
    action(identity: TabIdentity, verb: string, data: unknown): Promise<TabResult> {
      return run(identity, { kind: 'cardAction', verb, data });
    },
  };
}

export type TabTurns = ReturnType<typeof createTabTurns>;
