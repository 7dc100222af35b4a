import type { CommandRegistration } from '../../bot/router';
import type { Turn } from '../../bot/turn';
import { calendarDayIn } from '../../i18n/calendar';
import { can, ensureAllowed, type Actor } from '../../people';
import { contextOf, mayManage, mayOrganiseSomething, type EventsSlice } from './access';
import { isInAudience } from './audience';
import { renderAgendaCard, renderFormCard, type AgendaItem } from './cards';
import { audienceValue } from './form';
import type { EventAudience } from './repository';
import { eventPermissions } from './permissions';

/** How many coming events `agenda` lists. */
const agendaLength = 15;

/** The audiences this person may invite: their groups, and for coordinators everything else too. */
export async function audienceChoices(slice: EventsSlice, t: Turn<unknown>['t'], actor: Actor) {
  const { groups, members } = slice.deps;
  const groupChoices = (await groups.listGroups())
    .filter((group) => can(actor, eventPermissions.organiseGroupEvent, group.slug))
    .map((group) => ({
      value: `group:${group.slug}`,
      title: t('events.audience.group', { title: group.title }),
    }));
  if (!can(actor, eventPermissions.organiseNetworkEvent)) return groupChoices;
  const organisations = (await members.listOrganisations()).map((name) => ({
    value: audienceValue({ kind: 'organisation', organisation: name }),
    title: t('events.audience.organisation', { name }),
  }));
  return [
    { value: 'network', title: t('events.audience.network') },
    { value: 'newcomers', title: t('events.audience.newcomers') },
    ...groupChoices,
    ...organisations,
  ];
}

/** The form of a new event: for leads (their groups) and coordinators. */
export async function newEventForm(slice: EventsSlice, turn: Turn<unknown>) {
  const actor = await slice.loadActor(turn.user, slice.clock.now());
  if (!mayOrganiseSomething(actor)) ensureAllowed(actor, eventPermissions.organiseGroupEvent, '');
  const audiences = await audienceChoices(slice, turn.t, actor);
  const wanted = turn.text.trim().toLowerCase();
  const preferred = audiences.find((choice) => wanted && choice.value.includes(wanted)) ?? audiences[0];
  return renderFormCard(
    { audiences, audience: preferred?.value ?? 'network', submitVerb: 'event.preview' },
    contextOf(slice, turn.t),
  );
}

export function createEventCommand(slice: EventsSlice): CommandRegistration {
  return {
    name: 'event.create',
    wordsKey: 'events.commands.create',
    descriptionKey: 'events.commands.createDescription',
    handler: async (turn) => {
      await turn.send({ card: await newEventForm(slice, turn) });
    },
  };
}

/** The events a person sees: what addresses them, what they registered to, what they manage. */
async function agendaOf(slice: EventsSlice, actor: Actor): Promise<AgendaItem[]> {
  const { events, groups, timeZone } = slice.deps;
  const now = slice.clock.now();
  const today = calendarDayIn(now, timeZone);
  const [coming, memberships, registrations] = await Promise.all([
    events.findComingEvents(now, 100),
    groups.groupsOf(actor.member.id),
    events.registrationsOfMember(actor.member.id),
  ]);
  const groupSlugs = new Set(memberships.map((membership) => membership.groupSlug));
  const byEvent = new Map(registrations.map((registration) => [registration.eventId, registration]));
  const visible = coming.filter(
    (event) =>
      isInAudience(event.audience as EventAudience, actor.member, groupSlugs, today) ||
      byEvent.has(event.id) ||
      mayManage(actor, event),
  );
  return Promise.all(
    visible.slice(0, agendaLength).map(async (event) => {
      const registration = byEvent.get(event.id);
      const waitingRank =
        registration?.state === 'waiting' && registration.seq !== undefined
          ? await events.waitingRank(event.id, registration.seq)
          : undefined;
      return { event, registration, waitingRank, canManage: mayManage(actor, event) };
    }),
  );
}

export function agendaCommand(slice: EventsSlice): CommandRegistration {
  return {
    name: 'event.agenda',
    wordsKey: 'events.commands.agenda',
    descriptionKey: 'events.commands.agendaDescription',
    handler: async (turn) => {
      const actor = await slice.loadActor(turn.user, slice.clock.now());
      const [coming, drafts] = await Promise.all([
        agendaOf(slice, actor),
        slice.deps.events.findDraftsOf(actor.member.id),
      ]);
      const card = renderAgendaCard(
        { coming, drafts, canCreate: mayOrganiseSomething(actor) },
        contextOf(slice, turn.t),
      );
      await turn.send({ card });
    },
  };
}
