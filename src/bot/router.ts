import type { z } from 'zod';
import { AppError } from '../errors';
import { localeCatalogue, type Locale, type MessageKey } from '../i18n/translator';
import { matchCommand } from './command-text';
import type { Handler, Turn } from './turn';

/** Teams events a feature can react to; the platform layer translates raw activities into these. */
export type BotEventName =
  | 'member:added'
  | 'member:removed'
  | 'bot:added'
  | 'bot:removed'
  | 'personal:installed'
  | 'personal:uninstalled';

/**
 * Domain events: what happened in one slice that others may react to, with its data. Each slice
 * declares the events it publishes next to its code, by adding to this interface
 * (`declare module '../../bot/router' { interface DomainEvents { 'poll:closed': PollClosed } }`),
 * so a new feature never edits this file.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface DomainEvents {}

export type DomainEventListener<Name extends keyof DomainEvents> = (
  data: DomainEvents[Name],
) => Promise<void>;

export interface MembersEventData {
  members: Array<{ id: string; aadObjectId?: string; name?: string }>;
}

export interface CommandRegistration {
  /** Route name, e.g. `help`; the route key becomes `command:help`. */
  name: string;
  /**
   * Locale key holding the command words, e.g. `help.command` ("aide" / "help"). Every locale's
   * words are accepted whatever the person's language, so "help" works in French Teams too.
   */
  wordsKey: MessageKey;
  /** Locale key of the one-line description shown on the help card. */
  descriptionKey: MessageKey;
  /** Extra words that are not worth translating (e.g. `?`). */
  aliases?: string[];
  /** Commands for coordinators or other roles only are left off the public help card. */
  listed?: boolean;
  handler: Handler<undefined>;
}

export interface CardActionRegistration<Schema extends z.ZodType> {
  /** The `Action.Execute` verb (or `verb` field of `Action.Submit` data), e.g. `group.join`. */
  verb: string;
  /** Card data is untrusted input: every verb declares the shape it accepts. */
  schema: Schema;
  handler: Handler<z.infer<Schema>>;
  /**
   * True when the turn must leave no trace of when the person acted (an anonymous ballot): the
   * middlewares see `turn.traceless` and skip their "last seen" writes.
   */
  traceless?: boolean;
}

/** A card verb registration whose schema is erased, so a slice can list verbs of different schemas. */
export type AnyCardAction = CardActionRegistration<z.ZodType>;

/** Erases one registration's schema type (its handler keeps its own types), for inline lists. */
export function anyCardAction<Schema extends z.ZodType>(
  registration: CardActionRegistration<Schema>,
): AnyCardAction {
  return registration as unknown as AnyCardAction;
}

/**
 * Lists registrations typed by different schemas in one array; each handler keeps the data type
 * of its own schema, and the router validates the data against that schema before calling it.
 */
export function cardActions<Schemas extends z.ZodType[]>(
  ...registrations: { [Index in keyof Schemas]: CardActionRegistration<Schemas[Index]> }
): AnyCardAction[] {
  return registrations as unknown as AnyCardAction[];
}

export interface ListedCommand {
  name: string;
  wordsKey: MessageKey;
  descriptionKey: MessageKey;
}

type RouteKey = `command:${string}` | `card:${string}` | `event:${BotEventName}`;

interface Route {
  handler: Handler<unknown>;
  schema?: z.ZodType;
  traceless?: boolean;
}

/** Splits a key path into the words of each locale, e.g. `help.command` → ["aide", "help"]. */
function wordsInEveryLocale(key: MessageKey): string[] {
  const locales: Locale[] = ['fr', 'en'];
  return locales.map((locale) => {
    let node: unknown = localeCatalogue(locale);
    for (const part of key.split('.')) node = (node as Record<string, unknown>)[part];
    if (typeof node !== 'string') throw new Error(`Command words "${key}" missing in locale ${locale}`);
    return node;
  });
}

/**
 * The routing table. Features add entries through `register`; dispatching never grows a switch.
 * The route key of a card action is its verb, so a card template names its own handler.
 */
export class Router {
  private readonly routes = new Map<RouteKey, Route[]>();
  private readonly phrases: Array<{ phrase: string; command: string }> = [];
  private readonly listed: ListedCommand[] = [];
  private readonly middlewares: Handler<unknown>[] = [];
  private readonly listeners = new Map<keyof DomainEvents, Array<(data: never) => Promise<void>>>();

  /** Runs before every routed turn (e.g. recording who we talk to), in registration order. */
  use(middleware: Handler<unknown>): void {
    this.middlewares.push(middleware);
  }

  async runMiddlewares(turn: Turn<unknown>): Promise<void> {
    for (const middleware of this.middlewares) await middleware(turn);
  }

  command(registration: CommandRegistration): void {
    const key: RouteKey = `command:${registration.name}`;
    this.add(key, { handler: registration.handler as Handler<unknown> }, true);
    const words = [...wordsInEveryLocale(registration.wordsKey), ...(registration.aliases ?? [])];
    for (const phrase of new Set(words)) this.phrases.push({ phrase, command: registration.name });
    if (registration.listed !== false) {
      this.listed.push({
        name: registration.name,
        wordsKey: registration.wordsKey,
        descriptionKey: registration.descriptionKey,
      });
    }
  }

  cardAction<Schema extends z.ZodType>(registration: CardActionRegistration<Schema>): void {
    this.add(
      `card:${registration.verb}`,
      {
        handler: registration.handler as Handler<unknown>,
        schema: registration.schema,
        traceless: registration.traceless,
      },
      true,
    );
  }

  /** Several features may listen to the same event (welcome a newcomer, record the member…). */
  event<Data = MembersEventData>(name: BotEventName, handler: Handler<Data>): void {
    this.add(`event:${name}`, { handler: handler as Handler<unknown> }, false);
  }

  /**
   * Listens to a domain event. Listeners run in the order they were added, after the publisher's
   * own write; a listener that fails fails the publishing turn (nothing is dropped in silence).
   */
  on<Name extends keyof DomainEvents>(name: Name, listener: DomainEventListener<Name>): void {
    this.listeners.set(name, [
      ...(this.listeners.get(name) ?? []),
      listener as (data: never) => Promise<void>,
    ]);
  }

  async publish<Name extends keyof DomainEvents>(name: Name, data: DomainEvents[Name]): Promise<void> {
    for (const listener of this.listeners.get(name) ?? [])
      await (listener as DomainEventListener<Name>)(data);
  }

  listedCommands(): readonly ListedCommand[] {
    return this.listed;
  }

  /** Resolves free text to a command, or undefined when no command opens the text. */
  resolveCommand(text: string): { name: string; args: string } | undefined {
    const match = matchCommand(text, this.phrases);
    return match && { name: match.command, args: match.args };
  }

  /** Every registered card verb (for tests that exercise them all). */
  cardVerbs(): string[] {
    return [...this.routes.keys()].filter((key) => key.startsWith('card:')).map((key) => key.slice(5));
  }

  /** Every phrase that opens a command, in every locale. */
  commandPhrases(): string[] {
    return this.phrases.map((entry) => entry.phrase);
  }

  isTraceless(verb: string): boolean {
    return this.routes.get(`card:${verb}`)?.[0]?.traceless === true;
  }

  hasCommand(name: string): boolean {
    return this.routes.has(`command:${name}`);
  }

  async runCommand(name: string, turn: Turn<undefined>): Promise<void> {
    const [route] = this.routes.get(`command:${name}`) ?? [];
    if (!route) throw new Error(`No command "${name}"`);
    await route.handler(turn);
  }

  /** Validates the card data against the verb's schema before the handler sees it. */
  async runCardAction(verb: string, turn: Turn<unknown>): Promise<void> {
    const [route] = this.routes.get(`card:${verb}`) ?? [];
    if (!route) throw new AppError('UNKNOWN_ACTION', { verb });
    const parsed = route.schema
      ? route.schema.safeParse(turn.data)
      : { success: true as const, data: turn.data };
    if (!parsed.success) {
      // A schema message that is a locale key is shown translated; otherwise the field is named.
      const details = [
        ...new Set(
          parsed.error.issues.map((issue) => {
            if (turn.t.has(issue.message)) return turn.t(issue.message);
            if (issue.code === 'unrecognized_keys' || issue.path.length === 0)
              return turn.t('common.unexpectedFields');
            return turn.t('common.invalidField', { field: issue.path.join('.') });
          }),
        ),
      ].join(', ');
      throw new AppError('INVALID_INPUT', { details });
    }
    await route.handler({ ...turn, data: parsed.data });
  }

  async emit(name: BotEventName, turn: Turn<unknown>): Promise<void> {
    for (const route of this.routes.get(`event:${name}`) ?? []) await route.handler(turn);
  }

  private add(key: RouteKey, route: Route, unique: boolean): void {
    const existing = this.routes.get(key) ?? [];
    if (unique && existing.length > 0) throw new Error(`Route ${key} is registered twice`);
    this.routes.set(key, [...existing, route]);
  }
}
