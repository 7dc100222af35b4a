import type { Logger } from 'pino';
import type { Locale, MessageKey, MessageParams, Translator } from '../i18n/translator';
import type { AdaptiveCardJson } from '../cards/render-card';

/** Who acted, as Teams identifies them. */
export interface Person {
  /** Bot Framework user id (29:…), stable for this bot. */
  id: string;
  /** Microsoft Entra object id; absent for some channels (e.g. anonymous web chat). */
  aadObjectId?: string;
  name: string;
}

export type ConversationKind = 'personal' | 'groupChat' | 'channel';

export interface ConversationInfo {
  id: string;
  kind: ConversationKind;
  tenantId?: string;
  teamId?: string;
  channelId?: string;
}

/** A file sent along a message (e.g. the JSON export of a person's data). */
export interface OutgoingFile {
  name: string;
  contentType: string;
  content: string;
}

/** What a handler can post: plain (markdown) text and/or an Adaptive Card, optionally with files. */
export type OutgoingMessage = (
  { text: string } | { card: AdaptiveCardJson } | { text: string; card: AdaptiveCardJson }
) & { files?: OutgoingFile[] };

/**
 * The small context every handler receives. It carries our own types only, so that moving from
 * botbuilder to the Microsoft 365 Agents SDK rewrites src/platform and nothing here.
 */
export interface Turn<Data = unknown> {
  user: Person;
  /** The bot's own id in this conversation (28:…), so a handler never greets the bot itself. */
  botId?: string;
  conversation: ConversationInfo;
  locale: Locale;
  t: Translator;
  /** For a command: what follows the command words. For other turns: the whole text. */
  text: string;
  /** For a card action: the validated action data. For events: the event payload. */
  data: Data;
  log: Logger;
  /** The conversation reference as JSON, stored to message this conversation later. */
  conversationReference: Record<string, unknown>;
  send(message: OutgoingMessage): Promise<string | undefined>;
  sendText(key: MessageKey, params?: MessageParams): Promise<string | undefined>;
  /**
   * Replaces the card the person clicked: the invoke response for `Action.Execute`,
   * an activity update for `Action.Submit`.
   */
  updateCard(card: AdaptiveCardJson): Promise<void>;
  /** Set for card actions registered `traceless` (ballots): middlewares record nothing about when. */
  traceless?: boolean;
  /** Asks Teams for the person's email/UPN; undefined when Teams cannot tell (e.g. not in a team). */
  fetchProfile(): Promise<TeamsProfile | undefined>;
}

/** What Teams tells about a person beyond the activity (needs a call to the Bot Connector). */
export interface TeamsProfile {
  email?: string;
  userPrincipalName?: string;
  givenName?: string;
  surname?: string;
  tenantId?: string;
}

export type Handler<Data = unknown> = (turn: Turn<Data>) => Promise<void>;
