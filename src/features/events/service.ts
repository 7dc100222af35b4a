import type { Logger } from 'pino';
import type { Outbox } from '../../delivery/outbox';
import { calendarDayIn } from '../../i18n/calendar';
import { createTranslator, defaultLocale, type Translator } from '../../i18n/translator';
import {
  deliverEach,
  refreshAudience,
  translatorFor,
  type PersonalMessage,
  type MemberRecord,
} from '../../people';
import { loadAudience, type AudienceSources } from './audience';
import { formatWhen, renderInvitationCard, type CardContext } from './cards';
import { renderCalendarFile } from './ics';
import type {
  Answer,
  EventRecord,
  EventSettings,
  EventsRepository,
  RegistrationRecord,
  RegistrationState,
} from './repository';

export interface EventDependencies extends AudienceSources {
  events: EventsRepository;
  outbox: Outbox;
  timeZone: string;
  /** The person's calendar file link, from the secret of their registration. */
  calendarUrl: (icsToken: string) => string;
  log: Logger;
}

/** The outbox keys of an event's messages: invitation, and one key per kind of notice. */
export const eventMessageKeys = {
  invitation: (eventId: string) => `event:${eventId}`,
  notice: (eventId: string, what: string) => `event:${eventId}:${what}`,
};

/** A message for one person, written in their language (reach's shared shape). */
export type PersonMessage = PersonalMessage;

/**
 * Every message this slice sends to people goes through here: one outbox delivery per person to
 * their 1:1 chat, sent by the background drainer after the turn. People the bot cannot reach yet
 * are counted, not lost silently.
 */
export async function deliverToPeople(
  deps: Pick<EventDependencies, 'outbox' | 'log'>,
  eventId: string,
  messages: readonly PersonMessage[],
): Promise<{ queued: number; unreachable: number }> {
  const { queued, unreachable } = await deliverEach(
    deps.outbox,
    eventMessageKeys.invitation(eventId),
    messages,
  );
  if (unreachable.length > 0) {
    deps.log.info({ eventId, unreachable: unreachable.length }, 'event message: people not reachable');
  }
  return { queued, unreachable: unreachable.length };
}

/** The invitation as `member` sees it, with their answer and their calendar link. */
export async function invitationFor(
  deps: EventDependencies,
  event: EventRecord,
  member: MemberRecord,
  options: { t: Translator; now: Date; notice?: string; canManage?: boolean },
) {
  const registration = await deps.events.findRegistration(event.id, member.id);
  const waitingRank =
    registration?.state === 'waiting' && registration.seq !== undefined
      ? await deps.events.waitingRank(event.id, registration.seq)
      : undefined;
  return renderInvitationCard(
    {
      event,
      registration,
      waitingRank,
      isInAudience: true,
      canManage: options.canManage ?? false,
      notice: options.notice ? { text: options.notice, color: 'Attention' } : undefined,
      shared: false,
      refreshUserIds: member.teamsUserId ? [member.teamsUserId] : [],
      calendarUrl: registration && deps.calendarUrl(registration.icsToken),
    },
    { t: options.t, timeZone: deps.timeZone, now: options.now },
  );
}

export type PublishOutcome =
  | { kind: 'published'; event: EventRecord; personal: number; channel: boolean }
  | { kind: 'alreadyPublished' };

/**
 * Publishes a draft: one invitation per person of the audience (their 1:1 chat) and one in the
 * group's linked channel, then draft → published. Enqueuing is idempotent, so two clicks at once,
 * or a retry after a crash in between, never invite twice.
 */
export async function publishEvent(
  deps: EventDependencies,
  event: EventRecord,
  now: Date,
): Promise<PublishOutcome> {
  if (event.status !== 'draft') return { kind: 'alreadyPublished' };
  const audience = await loadAudience(deps, event.audience, calendarDayIn(now, deps.timeZone));
  const published = { ...event, status: 'published' as const };
  const key = eventMessageKeys.invitation(event.id);
  const invitations: PersonMessage[] = audience.members.map((member) => ({
    member,
    messageKey: key,
    message: (t) => ({
      card: renderInvitationCard(
        {
          event: published,
          isInAudience: true,
          canManage: false,
          shared: false,
          refreshUserIds: member.teamsUserId ? [member.teamsUserId] : [],
        },
        { t, timeZone: deps.timeZone, now },
      ),
    }),
  }));
  const channelId = audience.channel && (audience.channel.conversation as { id?: unknown } | undefined)?.id;
  if (audience.channel && typeof channelId === 'string') {
    const card = renderInvitationCard(
      {
        event: published,
        isInAudience: true,
        canManage: false,
        shared: true,
        refreshUserIds: refreshAudience(audience.members),
      },
      { t: createTranslator(defaultLocale), timeZone: deps.timeZone, now },
    );
    await deps.outbox.enqueue([
      {
        batchKey: key,
        messageKey: key,
        conversationId: channelId,
        reference: audience.channel,
        operation: 'post',
        messages: [{ card }],
      },
    ]);
  }
  const opened = await deps.events.transition(event.id, 'published', now);
  if (!opened) return { kind: 'alreadyPublished' };
  const { queued } = await deliverToPeople(deps, event.id, invitations);
  deps.log.info(
    { eventId: event.id, personal: queued, channel: Boolean(audience.channel) },
    'event published',
  );
  return { kind: 'published', event: opened, personal: queued, channel: Boolean(audience.channel) };
}

export type AnswerOutcome =
  | { kind: 'recorded'; registration: RegistrationRecord; promoted: RegistrationRecord[] }
  /** Past the deadline, started, cancelled: nothing recorded. */
  | { kind: 'closed' };

const notGoing: readonly RegistrationState[] = ['none', 'maybe', 'declined'];

/**
 * "Je viens": takes a place if the database has one left, else a rank on the waiting list, in
 * the order the clicks reached the database. The `joining` step makes a person's second click
 * wait for the first instead of taking a second place.
 */
async function register(
  deps: EventDependencies,
  event: EventRecord,
  registration: RegistrationRecord,
  now: Date,
) {
  if (!notGoing.includes(registration.state)) return { registration, promoted: [] };
  const claimed = await deps.events.moveRegistration(registration.id, notGoing, {
    state: 'joining',
    answeredAt: now,
  });
  if (!claimed)
    return {
      registration: (await deps.events.findRegistration(event.id, registration.memberId))!,
      promoted: [],
    };
  const seat = event.capacity === undefined ? undefined : await deps.events.takeSeat(event.id);
  const state: RegistrationState = event.capacity === undefined || seat ? 'confirmed' : 'waiting';
  const seq = seat?.seq ?? (await deps.events.countClick(event.id));
  await deps.events.moveRegistration(registration.id, ['joining'], { state, seq });
  // A place freed between our click and our rank goes to the first on the list (maybe us).
  const promoted = state === 'waiting' ? await fillFreeSeats(deps, event.id, now) : [];
  return { registration: { ...registration, state, seq, answeredAt: now }, promoted };
}

/** "Peut-être" / "Je ne viens pas": leaving a place promotes the first person waiting. */
async function withdraw(
  deps: EventDependencies,
  event: EventRecord,
  registration: RegistrationRecord,
  answer: Answer,
  now: Date,
) {
  const state: RegistrationState = answer === 'maybe' ? 'maybe' : 'declined';
  const before = await deps.events.moveRegistration(registration.id, [...notGoing, 'confirmed', 'waiting'], {
    state,
    answeredAt: now,
  });
  if (!before)
    return {
      registration: (await deps.events.findRegistration(event.id, registration.memberId))!,
      promoted: [],
    };
  let promoted: RegistrationRecord[] = [];
  if (before.state === 'confirmed' && event.capacity !== undefined) {
    await deps.events.releaseSeat(event.id);
    promoted = await fillFreeSeats(deps, event.id, now);
  }
  return { registration: { ...before, state, answeredAt: now }, promoted };
}

/** Records a person's answer; the promoted people (if any) are told in their 1:1 chat. */
export async function answerEvent(
  deps: EventDependencies,
  input: { event: EventRecord; memberId: string; answer: Answer; now: Date },
): Promise<AnswerOutcome> {
  const { event, memberId, answer, now } = input;
  if (event.status !== 'published' || now >= event.registrationDeadline || now >= event.startsAt) {
    return { kind: 'closed' };
  }
  const registration = await deps.events.ensureRegistration(event.id, memberId, now);
  const outcome =
    answer === 'going'
      ? await register(deps, event, registration, now)
      : await withdraw(deps, event, registration, answer, now);
  if (outcome.promoted.length > 0) await tellPromoted(deps, event.id, outcome.promoted, now);
  return { kind: 'recorded', ...outcome };
}

/** Gives every free place to the people waiting, first come first served. */
export async function fillFreeSeats(
  deps: EventDependencies,
  eventId: string,
  now: Date,
): Promise<RegistrationRecord[]> {
  const promoted: RegistrationRecord[] = [];
  for (;;) {
    const next = await deps.events.promoteFirstWaiting(eventId, now);
    if (!next) return promoted;
    promoted.push(next);
  }
}

async function tellPromoted(
  deps: EventDependencies,
  eventId: string,
  promoted: RegistrationRecord[],
  now: Date,
) {
  const event = await deps.events.findEvent(eventId);
  if (!event) return;
  const people = await deps.members.findByIds(promoted.map((registration) => registration.memberId));
  const messages = await Promise.all(
    people.map(async (member) => {
      const seq = promoted.find((registration) => registration.memberId === member.id)?.seq ?? 0;
      const t = translatorFor(member);
      const card = await invitationFor(deps, event, member, { t, now });
      return {
        member,
        messageKey: eventMessageKeys.notice(eventId, `promoted:${seq}`),
        message: (own: Translator) => ({
          text: own('events.notices.promoted', { title: event.title }),
          card,
        }),
      };
    }),
  );
  await deliverToPeople(deps, eventId, messages);
  deps.log.info({ eventId, promoted: people.length }, 'waiting list promoted');
}

/** The people an event's changes concern: confirmed, waiting and "maybe". */
async function concernedPeople(deps: EventDependencies, eventId: string): Promise<MemberRecord[]> {
  const registrations = await deps.events.registrationsOf(eventId, [
    'confirmed',
    'waiting',
    'maybe',
    'joining',
  ]);
  return deps.members.findByIds(registrations.map((registration) => registration.memberId));
}

/** Tells the registered people that the event changed, each with their refreshed card. */
async function tellConcerned(
  deps: EventDependencies,
  event: EventRecord,
  noticeKey: 'changed' | 'cancelled',
  now: Date,
) {
  const people = await concernedPeople(deps, event.id);
  const messages = await Promise.all(
    people.map(async (member) => {
      const t = translatorFor(member);
      const notice = t(`events.notices.${noticeKey}`, { title: event.title });
      const card = await invitationFor(deps, event, member, { t, now, notice });
      return {
        member,
        messageKey: eventMessageKeys.notice(event.id, `${noticeKey}:${event.sequence}`),
        message: () => ({ card }),
      };
    }),
  );
  return (await deliverToPeople(deps, event.id, messages)).queued;
}

/** Changes a published event; more places go to the people waiting; everyone registered is told. */
export async function editEvent(
  deps: EventDependencies,
  event: EventRecord,
  settings: EventSettings,
  now: Date,
) {
  const updated = await deps.events.updatePublished(event, settings, now);
  if (!updated) return undefined;
  const promoted = updated.capacity !== undefined ? await fillFreeSeats(deps, event.id, now) : [];
  if (promoted.length > 0) await tellPromoted(deps, event.id, promoted, now);
  const told = await tellConcerned(deps, (await deps.events.findEvent(event.id)) ?? updated, 'changed', now);
  deps.log.info({ eventId: event.id, sequence: updated.sequence, told }, 'event changed');
  return { event: updated, told };
}

/** Cancels a published event (once, whoever clicks) and tells everyone registered. */
export async function cancelEvent(deps: EventDependencies, eventId: string, now: Date) {
  const cancelled = await deps.events.transition(eventId, 'cancelled', now);
  if (!cancelled) return undefined;
  const told = await tellConcerned(deps, cancelled, 'cancelled', now);
  deps.log.info({ eventId, told }, 'event cancelled');
  return { event: cancelled, told };
}

const hourMs = 60 * 60 * 1000;
export const reminderWindows = {
  /** The day-before reminder goes out from 24 hours before the start… */
  dayBefore: 24 * hourMs,
  /** …and the hour-before one from 60 minutes before. */
  hourBefore: hourMs,
};

/**
 * The body of the reminders job: each confirmed person of an event starting within a day gets
 * the day-before reminder, and within the hour the hour-before one, each once. The outbox key per
 * person and reminder makes a second run (another instance, a restart) enqueue nothing new.
 */
export async function sendDueReminders(deps: EventDependencies, now: Date): Promise<number> {
  let queued = 0;
  const events = await deps.events.findEventsStartingBetween(
    now,
    new Date(now.getTime() + reminderWindows.dayBefore),
  );
  for (const event of events) {
    const which = event.startsAt.getTime() - now.getTime() <= reminderWindows.hourBefore ? 'hour' : 'day';
    const field = which === 'hour' ? 'remindedHourBefore' : 'remindedDayBefore';
    const due = (await deps.events.registrationsOf(event.id, ['confirmed'])).filter(
      (registration) => !registration.remindedHourBefore && !registration[field],
    );
    const people = await deps.members.findByIds(due.map((registration) => registration.memberId));
    const messages: PersonMessage[] = await Promise.all(
      people.map(async (member) => {
        const t = translatorFor(member);
        const text = t(which === 'hour' ? 'events.notices.hourBefore' : 'events.notices.dayBefore', {
          title: event.title,
          when: formatWhen(event, t, deps.timeZone),
        });
        const card = await invitationFor(deps, event, member, { t, now });
        return {
          member,
          messageKey: eventMessageKeys.notice(event.id, `reminder:${which}`),
          message: () => ({ text, card }),
        };
      }),
    );
    queued += (await deliverToPeople(deps, event.id, messages)).queued;
    for (const registration of due) await deps.events.markReminded(registration.id, field, now);
  }
  return queued;
}

/** The calendar file behind a person's secret link; undefined for an unknown link. */
export async function calendarFileOf(deps: Pick<EventDependencies, 'events'>, icsToken: string) {
  const registration = await deps.events.findRegistrationByToken(icsToken);
  const event = registration && (await deps.events.findEvent(registration.eventId));
  if (!registration || !event || event.status === 'draft') return undefined;
  // Someone who no longer comes gets the cancellation, so the entry leaves their calendar.
  const attending = ['confirmed', 'waiting', 'maybe', 'joining'].includes(registration.state);
  const content = renderCalendarFile({
    uid: `ix-event-${event.id}@ix.orleans.fr`,
    sequence: event.sequence,
    title: event.title,
    description: [event.description, event.onlineUrl].filter(Boolean).join('\n\n'),
    location: event.place ?? (event.onlineUrl ? 'Microsoft Teams' : undefined),
    url: event.onlineUrl,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    stamp: event.updatedAt,
    organiserName: event.organiser.name,
    cancelled: event.status === 'cancelled' || !attending,
  });
  return { name: `ix-${calendarDayIn(event.startsAt, 'Europe/Paris')}.ics`, content };
}

export type { CardContext };
