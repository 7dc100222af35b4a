import { z } from 'zod';
import {
  anyCardAction,
  cardActions,
  type AnyCardAction,
  type CardActionRegistration,
  type DomainEvents,
} from '../../bot/router';
import type { Turn } from '../../bot/turn';
import { AppError } from '../../errors';
import { calendarDayIn } from '../../i18n/calendar';
import { type Actor } from '../../people';
import {
  belongsTo,
  contextOf,
  ensureMayOrganise,
  invitationCard,
  managedEvent,
  requireEvent,
  type EventsSlice,
} from './access';
import { loadAudience } from './audience';
import { renderFormCard, renderManageCard, renderPreviewCard, selfAttendanceDays } from './cards';
import { audienceChoices, newEventForm } from './commands';
import { describeFormProblems, eventIdSchema, readEventForm, type EventForm } from './form';
import type { EventRecord, EventSettings } from './repository';
import { answerEvent, cancelEvent, editEvent, publishEvent } from './service';
import { commaList } from '../../text';

const eventAction = z.strictObject({ eventId: eventIdSchema });
const answerAction = z.strictObject({
  eventId: eventIdSchema,
  answer: z.enum(['going', 'maybe', 'declined']),
});
/** Input.ChoiceSet sends the ticked member ids comma-separated; checked against the registrations. */
const attendanceAction = z.strictObject({
  eventId: eventIdSchema,
  present: z
    .string()
    .max(20_000)
    .regex(/^[0-9a-f,]*$/)
    .default(''),
});
/** The form is read strictly by `readEventForm`, which names every problem in the person's words. */
const formAction = z.looseObject({});

async function settingsOf(slice: EventsSlice, form: EventForm, turn: Turn<unknown>): Promise<EventSettings> {
  const { audience } = form;
  let audienceTitle: string;
  if (audience.kind === 'group') {
    const group = await slice.deps.groups.findGroup(audience.groupSlug);
    if (!group) throw new AppError('NOT_FOUND', { what: { messageKey: 'groups.unknownGroup' } });
    audienceTitle = group.title;
  } else if (audience.kind === 'organisation') {
    audienceTitle = turn.t('events.audience.organisation', { name: audience.organisation });
  } else {
    audienceTitle = turn.t(`events.audience.${audience.kind}`);
  }
  const { eventId: _ignored, ...settings } = form;
  return { ...settings, audienceTitle };
}

function readForm(slice: EventsSlice, turn: Turn<unknown>) {
  const read = readEventForm(turn.data, { now: slice.clock.now(), timeZone: slice.deps.timeZone });
  if (!read.ok) throw new AppError('INVALID_INPUT', { details: describeFormProblems(read.problems, turn.t) });
  return read.form;
}

async function previewCard(slice: EventsSlice, turn: Turn<unknown>, event: EventRecord, notice = '') {
  const today = calendarDayIn(slice.clock.now(), slice.deps.timeZone);
  const audience = await loadAudience(slice.deps, event.audience, today);
  const summary = {
    members: audience.members.length,
    reachable: audience.members.filter((member) => member.personalConversation).length,
    hasChannel: audience.channel !== undefined,
  };
  return renderPreviewCard(event, summary, contextOf(slice, turn.t), notice);
}

/** The organiser's view: who comes, who waits (in order), and the buttons to change or cancel. */
async function manageCard(
  slice: EventsSlice,
  turn: Turn<unknown>,
  event: EventRecord,
  notice?: string,
  confirmCancel?: boolean,
) {
  const registrations = await slice.deps.events.registrationsOf(event.id);
  const people = new Map(
    (await slice.deps.members.findByIds(registrations.map((registration) => registration.memberId))).map(
      (member) => [member.id, member.displayName],
    ),
  );
  const named = (state: string) =>
    registrations.filter((registration) => registration.state === state && people.has(registration.memberId));
  return renderManageCard(
    {
      event,
      confirmed: named('confirmed').map((registration) => ({
        memberId: registration.memberId,
        name: people.get(registration.memberId)!,
        attended: registration.attended,
      })),
      waiting: named('waiting').map((registration) => people.get(registration.memberId)!),
      maybe: named('maybe').length,
      declined: named('declined').length,
      notice,
      confirmCancel,
    },
    contextOf(slice, turn.t),
  );
}

/** Tells the other slices who attended (the onboarding path ticks its JNR step). */
async function announceAttendance(slice: EventsSlice, event: EventRecord, memberIds: string[]) {
  if (memberIds.length === 0) return;
  const data: DomainEvents['calendar:attended'] = {
    eventId: event.id,
    kind: event.kind,
    memberIds,
    at: slice.clock.now(),
  };
  await slice.router.publish('calendar:attended', data);
}

/** The form again, filled with the event: a draft goes back to its preview, a published event is saved. */
function formOf(
  slice: EventsSlice,
  verb: string,
  status: EventRecord['status'],
  submitVerb: 'event.preview' | 'event.save',
): AnyCardAction {
  return anyCardAction({
    verb,
    schema: eventAction,
    handler: async (turn) => {
      const { actor, event } = await managedEvent(slice, turn, turn.data.eventId);
      if (event.status !== status) throw new AppError('CONFLICT');
      const audiences = await audienceChoices(slice, turn.t, actor);
      const card = renderFormCard({ audiences, audience: '', event, submitVerb }, contextOf(slice, turn.t));
      await turn.updateCard(card);
    },
  });
}

export function creationActions(slice: EventsSlice): AnyCardAction[] {
  return [
    anyCardAction({
      verb: 'event.new',
      schema: z.strictObject({}),
      handler: async (turn) => turn.updateCard(await newEventForm(slice, turn)),
    }),
    anyCardAction({
      verb: 'event.preview',
      schema: formAction,
      handler: async (turn) => {
        const now = slice.clock.now();
        const actor = await slice.loadActor(turn.user, now);
        const form = readForm(slice, turn);
        // Whatever the card offered, the server decides who may invite whom.
        ensureMayOrganise(actor, form.audience);
        const settings = await settingsOf(slice, form, turn);
        const organiser = { memberId: actor.member.id, name: actor.member.displayName };
        const draft = form.eventId
          ? await slice.deps.events.updateDraft(form.eventId, actor.member.id, settings, now)
          : await slice.deps.events.createDraft(settings, organiser, now);
        if (!draft) throw new AppError('NOT_FOUND', { what: { messageKey: 'events.unknownEvent' } });
        await turn.updateCard(await previewCard(slice, turn, draft));
      },
    }),
    formOf(slice, 'event.editDraft', 'draft', 'event.preview'),
    anyCardAction({
      verb: 'event.publish',
      schema: eventAction,
      handler: async (turn) => {
        const now = slice.clock.now();
        const { actor, event } = await managedEvent(slice, turn, turn.data.eventId);
        if (event.status === 'draft' && event.startsAt <= now) {
          throw new AppError('INVALID_INPUT', { details: turn.t('events.problems.startPast') });
        }
        const outcome = await publishEvent(slice.deps, event, now);
        const current =
          outcome.kind === 'published' ? outcome.event : await requireEvent(slice, event.id, actor);
        const notice =
          outcome.kind === 'published'
            ? turn.t('events.preview.published', { count: outcome.personal })
            : turn.t('events.preview.alreadyPublished');
        await turn.updateCard(await previewCard(slice, turn, current, notice));
      },
    }),
  ];
}

const answerNoticeKeys = {
  confirmed: 'events.answers.going',
  waiting: 'events.answers.waiting',
  joining: 'events.answers.waiting',
  maybe: 'events.answers.maybe',
  declined: 'events.answers.declined',
  none: 'events.answers.declined',
} as const;

/** `event.show` / `event.refresh`: the invitation as this person sees it (Teams refreshes shared cards). */
export function showEventAction(
  slice: EventsSlice,
  verb: 'event.show' | 'event.refresh',
): CardActionRegistration<typeof eventAction> {
  return {
    verb,
    schema: eventAction,
    handler: async (turn) => {
      const [actor, event] = await Promise.all([
        slice.loadActor(turn.user, slice.clock.now()),
        requireEvent(slice, turn.data.eventId),
      ]);
      if (event.status === 'draft')
        throw new AppError('NOT_FOUND', { what: { messageKey: 'events.unknownEvent' } });
      await turn.updateCard(await invitationCard(slice, turn, actor, event));
    },
  };
}

/** `event.answer`: "Je viens", "Peut-être", "Je ne viens pas", for the people the event invites. */
export function answerEventAction(slice: EventsSlice): CardActionRegistration<typeof answerAction> {
  return {
    verb: 'event.answer',
    schema: answerAction,
    handler: async (turn) => {
      const now = slice.clock.now();
      const data = turn.data;
      const [actor, event] = await Promise.all([
        slice.loadActor(turn.user, now),
        requireEvent(slice, data.eventId),
      ]);
      if (event.status === 'draft')
        throw new AppError('NOT_FOUND', { what: { messageKey: 'events.unknownEvent' } });
      if (!(await belongsTo(slice, actor, event))) {
        throw new AppError('NOT_ALLOWED', {
          role: turn.t('events.answers.notInAudience', { audience: event.audienceTitle }),
        });
      }
      const outcome = await answerEvent(slice.deps, {
        event,
        memberId: actor.member.id,
        answer: data.answer,
        now,
      });
      const current = (await slice.deps.events.findEvent(event.id)) ?? event;
      const notice =
        outcome.kind === 'closed'
          ? { text: turn.t('events.answers.tooLate'), color: 'Attention' as const }
          : { text: turn.t(answerNoticeKeys[outcome.registration.state]), color: 'Good' as const };
      await turn.updateCard(await invitationCard(slice, turn, actor, current, notice));
    },
  };
}

/** `event.attended`: a registered person says they were there, from the event's start to a few days after. */
export function selfAttendanceAction(slice: EventsSlice): CardActionRegistration<typeof eventAction> {
  return {
    verb: 'event.attended',
    schema: eventAction,
    handler: async (turn) => {
      const now = slice.clock.now();
      const [actor, event] = await Promise.all([
        slice.loadActor(turn.user, now),
        requireEvent(slice, turn.data.eventId),
      ]);
      const lastDay = event.endsAt.getTime() + selfAttendanceDays * 24 * 60 * 60 * 1000;
      if (event.status !== 'published' || now < event.startsAt || now.getTime() > lastDay) {
        throw new AppError('INVALID_INPUT', { details: turn.t('events.manage.notStarted') });
      }
      const present = new Set([actor.member.id]);
      const newly = await slice.deps.events.recordAttendance(event.id, present, 'self', actor.member.id);
      await announceAttendance(slice, event, newly);
      const notice = { text: turn.t('events.answers.attendedThanks'), color: 'Good' as const };
      await turn.updateCard(await invitationCard(slice, turn, actor, event, notice));
    },
  };
}

export function answerActions(slice: EventsSlice): AnyCardAction[] {
  return cardActions(
    showEventAction(slice, 'event.show'),
    // Teams asks for it when a listed person sees a shared card, or on "Actualiser".
    showEventAction(slice, 'event.refresh'),
    answerEventAction(slice),
    selfAttendanceAction(slice),
  );
}

async function changeEvent(slice: EventsSlice, turn: Turn<unknown>, actor: Actor) {
  const form = readForm(slice, turn);
  if (!form.eventId) throw new AppError('INVALID_INPUT', { details: turn.t('events.problems.outdated') });
  const event = await requireEvent(slice, form.eventId, actor);
  // Both the event as it is and as it would become must be the actor's to organise.
  ensureMayOrganise(actor, event.audience);
  ensureMayOrganise(actor, form.audience);
  if (event.status !== 'published' || slice.clock.now() >= event.startsAt) throw new AppError('CONFLICT');
  const changed = await editEvent(slice.deps, event, await settingsOf(slice, form, turn), slice.clock.now());
  if (!changed) return manageCard(slice, turn, event, turn.t('events.manage.changeConflict'));
  const current = (await slice.deps.events.findEvent(event.id)) ?? changed.event;
  return manageCard(slice, turn, current, turn.t('events.manage.changed', { count: changed.told }));
}

/** `event.attendance`: the organiser ticks who came; the newly present are announced to the other slices. */
export function recordAttendanceAction(slice: EventsSlice): CardActionRegistration<typeof attendanceAction> {
  return {
    verb: 'event.attendance',
    schema: attendanceAction,
    handler: async (turn) => {
      const { event } = await managedEvent(slice, turn, turn.data.eventId);
      if (event.status !== 'published' || slice.clock.now() < event.startsAt) {
        throw new AppError('INVALID_INPUT', { details: turn.t('events.manage.notStarted') });
      }
      const present = new Set(commaList(turn.data.present));
      const newly = await slice.deps.events.recordAttendance(event.id, present, 'organiser');
      await announceAttendance(slice, event, newly);
      const confirmed = await slice.deps.events.registrationsOf(event.id, ['confirmed']);
      const presentCount = confirmed.filter((registration) => registration.attended).length;
      const notice = turn.t('events.manage.attendanceSaved', {
        present: presentCount,
        absent: confirmed.length - presentCount,
      });
      await turn.updateCard(await manageCard(slice, turn, event, notice));
    },
  };
}

export function managementActions(slice: EventsSlice): AnyCardAction[] {
  return [
    anyCardAction({
      verb: 'event.manage',
      schema: eventAction,
      handler: async (turn) => {
        const { event } = await managedEvent(slice, turn, turn.data.eventId);
        await turn.updateCard(await manageCard(slice, turn, event));
      },
    }),
    formOf(slice, 'event.edit', 'published', 'event.save'),
    anyCardAction({
      verb: 'event.save',
      schema: formAction,
      handler: async (turn) => {
        const actor = await slice.loadActor(turn.user, slice.clock.now());
        await turn.updateCard(await changeEvent(slice, turn, actor));
      },
    }),
    anyCardAction({
      verb: 'event.cancelAsk',
      schema: eventAction,
      handler: async (turn) => {
        const { event } = await managedEvent(slice, turn, turn.data.eventId);
        await turn.updateCard(await manageCard(slice, turn, event, undefined, true));
      },
    }),
    anyCardAction({
      verb: 'event.cancel',
      schema: eventAction,
      handler: async (turn) => {
        const { event } = await managedEvent(slice, turn, turn.data.eventId);
        const outcome = await cancelEvent(slice.deps, event.id, slice.clock.now());
        const current = outcome?.event ?? (await slice.deps.events.findEvent(event.id)) ?? event;
        const notice = outcome
          ? turn.t('events.manage.cancelled', { count: outcome.told })
          : turn.t('events.manage.alreadyCancelled');
        await turn.updateCard(await manageCard(slice, turn, current, notice));
      },
    }),
    anyCardAction(recordAttendanceAction(slice)),
  ];
}
