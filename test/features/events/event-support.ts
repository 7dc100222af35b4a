import pino from 'pino';
import { createGroupsRepository } from '../../../src/people/groups-repository';
import { createMembersRepository } from '../../../src/people/members-repository';
import { createEventsRepository, type EventSettings } from '../../../src/features/events/repository';
import type { EventDependencies } from '../../../src/features/events/service';
import { messageActivity, type ActivityOptions } from '../../support/activities';
import { as, type PersonaName } from '../../support/personas';
import { cardOf, type InvokeBody, type TestBot } from '../../support/test-bot';
import { actionsOf, cardMessage, inputsOf } from '../polls/poll-support';

/** Fictional managers beyond the seeded personas, as Teams names them. */
export function crowdOf(size: number, prefix = 'ix-crowd') {
  return Array.from({ length: size }, (_, index) => ({
    id: `${prefix}-${index}`,
    name: `Cadre ${prefix} ${index}`,
    aadObjectId: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
  }));
}

export type CrowdPerson = ReturnType<typeof crowdOf>[number];

export function optionsOf(bot: TestBot, person: CrowdPerson): ActivityOptions {
  return { serviceUrl: bot.connector.url, from: person };
}

/** Drives the slice as personas do in their 1:1 chat; `tenantId` moves them to another Entra tenant. */
export function eventDriver(bot: TestBot, options: { tenantId?: string } = {}) {
  const personaOptions = (name: PersonaName): ActivityOptions => {
    const inChat = as(name, bot.connector.url);
    const { tenantId } = options;
    if (!tenantId) return inChat;
    return {
      ...inChat,
      conversation: { ...inChat.conversation, tenantId },
      channelData: { tenant: { id: tenantId } },
    };
  };
  const who = (person: PersonaName | ActivityOptions) =>
    typeof person === 'string' ? personaOptions(person) : person;

  async function say(text: string, person: PersonaName | ActivityOptions) {
    // Sends queued by earlier steps leave in the background: let them go before listening.
    await bot.outboxIdle();
    bot.connector.reset();
    await bot.post(messageActivity(text, who(person)));
    return bot.connector.sentActivities();
  }

  function invoke(
    verb: string,
    data: Record<string, unknown>,
    person: PersonaName | ActivityOptions,
  ): Promise<InvokeBody> {
    return bot.execute(verb, data, who(person));
  }

  /** Opens the form with `événement`, fills it with `changes`, and returns the preview answer. */
  async function preview(person: PersonaName, changes: Record<string, string>) {
    const [reply] = await say('événement', person);
    const form = cardOf(reply);
    if (!form) throw new Error(`"événement" answered ${JSON.stringify(reply)}`);
    return invoke(
      'event.preview',
      { ...inputsOf(form), eventId: '', place: 'Salle du Conseil', ...changes },
      person,
    );
  }

  /** Creates and publishes an event; returns its id. */
  async function createEvent(person: PersonaName, changes: Record<string, string>): Promise<string> {
    const previewed = await preview(person, changes);
    if (previewed.type !== cardMessage) throw new Error(`preview refused: ${String(previewed.value)}`);
    const publish = actionsOf(previewed.value).find((action) => action.verb === 'event.publish');
    const eventId = publish?.data?.eventId as string;
    const published = await invoke('event.publish', { eventId }, person);
    if (published.type !== cardMessage) throw new Error(`publish refused: ${String(published.value)}`);
    return eventId;
  }

  return { say, invoke, preview, createEvent };
}

/** The slice's dependencies, built as the feature builds them, for calling services directly. */
export async function eventDependencies(bot: TestBot): Promise<EventDependencies> {
  const connection = bot.database.connection;
  return {
    events: await createEventsRepository(connection),
    groups: await createGroupsRepository(connection),
    members: await createMembersRepository(connection),
    outbox: bot.app.outbox,
    timeZone: bot.config.timezone,
    calendarUrl: (token) => `${bot.baseUrl}/files/calendar/${token}.ics`,
    log: pino({ level: 'silent' }),
  };
}

/** The path of a card's calendar link, to fetch it from the test bot's own port. */
export function calendarPathOf(card: unknown): string | undefined {
  const url = JSON.stringify(card).match(/"url":"(https?:[^"]+\.ics)"/)?.[1];
  return url && new URL(url).pathname;
}

/**
 * An event already published (its invitations went out earlier), written straight to the database:
 * for tests about answers, which need no invitation round and its paced sends.
 */
export async function publishedEvent(bot: TestBot, changes: Partial<EventSettings> = {}): Promise<string> {
  const deps = await eventDependencies(bot);
  const organiser = (await deps.members.findByIdentity({ teamsUserId: 'ix-user-nadia' }))!;
  const draft = await deps.events.createDraft(
    {
      kind: 'sharedTime',
      title: 'Temps partagé',
      description: '',
      startsAt: new Date('2026-12-10T11:00:00Z'),
      endsAt: new Date('2026-12-10T12:30:00Z'),
      place: 'Salle du Conseil',
      audience: { kind: 'network' },
      audienceTitle: 'Tout le réseau iX',
      registrationDeadline: new Date('2026-12-10T11:00:00Z'),
      ...changes,
    },
    { memberId: organiser.id, name: organiser.displayName },
    new Date('2026-11-27T09:00:00Z'),
  );
  await deps.events.transition(draft.id, 'published', new Date('2026-11-27T09:00:00Z'));
  return draft.id;
}
