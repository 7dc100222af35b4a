import pino from 'pino';
import { systemClock, type Clock } from '../../../src/clock';
import { createOutboxRepository } from '../../../src/delivery/repository';
import { createPeople } from '../../../src/people';
import type { PollDependencies } from '../../../src/features/polls/service';
import { createPollsRepository } from '../../../src/features/polls/repository';
import { messageActivity, type ActivityOptions } from '../../support/activities';
import { as, type PersonaName } from '../../support/personas';
import { cardOf, type TestBot, type InvokeBody } from '../../support/test-bot';

export interface CardAction {
  type: string;
  title: string;
  verb?: string;
  data?: Record<string, unknown>;
}

export const cardMessage = 'application/vnd.microsoft.card.adaptive';
export const textMessage = 'application/vnd.microsoft.activity.message';

/**
 * A clock that starts at `start` and runs at real speed, and that a test moves forward. Real speed
 * matters: the outbox paces its sends with the clock, and a frozen one would wait forever.
 */
export function movableClock(start: Date): Clock & { advance(ms: number): void } {
  const origin = Date.now();
  let offset = start.getTime() - origin;
  return {
    now: () => new Date(Date.now() + offset),
    advance: (ms) => {
      offset += ms;
    },
  };
}

/** Every action of a card, at any depth (card actions and ActionSets). */
export function actionsOf(card: unknown): CardAction[] {
  if (Array.isArray(card)) return card.flatMap(actionsOf);
  if (card && typeof card === 'object') {
    const node = card as Record<string, unknown>;
    const own =
      typeof node.verb === 'string' && typeof node.type === 'string' ? [node as unknown as CardAction] : [];
    return [...own, ...Object.values(node).flatMap(actionsOf)];
  }
  return [];
}

/** Every input of a card with its current value, as Teams merges them into the action data. */
export function inputsOf(card: unknown): Record<string, string> {
  if (Array.isArray(card)) return Object.assign({}, ...card.map(inputsOf));
  if (card && typeof card === 'object') {
    const node = card as Record<string, unknown>;
    const own =
      typeof node.id === 'string' && String(node.type).startsWith('Input.')
        ? { [node.id]: node.value === undefined ? '' : String(node.value) }
        : {};
    return Object.assign(own, ...Object.values(node).map(inputsOf));
  }
  return {};
}

export function pollDriver(bot: TestBot) {
  async function say(text: string, who: PersonaName, options?: ActivityOptions) {
    bot.connector.reset();
    await bot.post(messageActivity(text, options ?? as(who, bot.connector.url)));
    // Proactive sends leave in the background: wait for them, so each step sees the whole effect.
    await bot.outboxIdle();
    return bot.connector.sentActivities();
  }

  async function invoke(
    verb: string,
    data: Record<string, unknown>,
    who: PersonaName | ActivityOptions,
  ): Promise<InvokeBody> {
    const options = typeof who === 'string' ? as(who, bot.connector.url) : who;
    const body = await bot.execute(verb, data, options);
    await bot.outboxIdle();
    return body;
  }

  /** Opens the form with `sondage`, fills it with `changes`, and returns the preview answer. */
  async function preview(who: PersonaName, changes: Record<string, string>, command = 'sondage') {
    const [reply] = await say(command, who);
    const form = cardOf(reply);
    if (!form) throw new Error(`"${command}" answered ${JSON.stringify(reply)}`);
    bot.connector.reset();
    return invoke('poll.preview', { ...inputsOf(form), ...changes }, who);
  }

  /** Creates and sends a poll; returns its id. */
  async function createPoll(who: PersonaName, changes: Record<string, string>): Promise<string> {
    const previewed = await preview(who, changes);
    if (previewed.type !== cardMessage) throw new Error(`preview refused: ${String(previewed.value)}`);
    const send = actionsOf(previewed.value).find((action) => action.verb === 'poll.send');
    const pollId = send?.data?.pollId as string;
    const sent = await invoke('poll.send', { pollId }, who);
    if (sent.type !== cardMessage) throw new Error(`send refused: ${String(sent.value)}`);
    return pollId;
  }

  return { say, invoke, preview, createPoll };
}

/** The job body's dependencies, built as the feature builds them, for calling it directly. */
export async function pollDependencies(bot: TestBot): Promise<PollDependencies> {
  const connection = bot.database.connection;
  return {
    polls: await createPollsRepository(connection),
    people: await createPeople(connection, bot.config.coordinators),
    deliveries: await createOutboxRepository(connection),
    outbox: bot.app.outbox,
    ballotKeys: bot.config.ballotKeys,
    timeZone: bot.config.timezone,
    clock: systemClock,
    // The bot's own router: a job body called here tells the slices that listen, as in production.
    events: bot.app.router,
    log: pino({ level: 'silent' }),
  };
}
