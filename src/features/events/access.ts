import type { Router } from '../../bot/router';
import type { Turn } from '../../bot/turn';
import type { Clock } from '../../clock';
import { AppError } from '../../errors';
import { calendarDayIn } from '../../i18n/calendar';
import type { Translator } from '../../i18n/translator';
import { can, ensureAllowed, type Actor, type ActorLoader, refreshAudience } from '../../people';
import { isInAudience, loadAudience } from './audience';
import { renderInvitationCard, type CardContext, type InvitationView } from './cards';
import type { EventAudience, EventRecord } from './repository';
import type { EventDependencies } from './service';
import { eventPermissions } from './permissions';

/** What every handler of the slice shares: built once in index.ts. */
export interface EventsSlice {
  deps: EventDependencies;
  loadActor: ActorLoader;
  clock: Clock;
  router: Router;
}

export function contextOf(slice: EventsSlice, t: Translator): CardContext {
  return { t, timeZone: slice.deps.timeZone, now: slice.clock.now() };
}

/** Coordinators organise anything; leads, the events of their group. Checked on every action. */
export function ensureMayOrganise(actor: Actor, audience: EventAudience): void {
  if (audience.kind === 'group')
    ensureAllowed(actor, eventPermissions.organiseGroupEvent, audience.groupSlug);
  else ensureAllowed(actor, eventPermissions.organiseNetworkEvent);
}

export function mayManage(actor: Actor, event: Pick<EventRecord, 'audience'>): boolean {
  return event.audience.kind === 'group'
    ? can(actor, eventPermissions.organiseGroupEvent, event.audience.groupSlug)
    : can(actor, eventPermissions.organiseNetworkEvent);
}

export function mayOrganiseSomething(actor: Actor): boolean {
  return actor.isCoordinator || actor.leadOf.size > 0;
}

const notFound = () => new AppError('NOT_FOUND', { what: { messageKey: 'events.unknownEvent' } });

/** Drafts are their organiser's alone; published events are found by anyone holding their card. */
export async function requireEvent(slice: EventsSlice, eventId: string, actor?: Actor): Promise<EventRecord> {
  const event = await slice.deps.events.findEvent(eventId);
  if (!event) throw notFound();
  if (event.status === 'draft' && event.organiser.memberId !== actor?.member.id) throw notFound();
  return event;
}

/** The event someone manages: found, visible to them, theirs to manage (else NOT_ALLOWED). */
export async function managedEvent(slice: EventsSlice, turn: Turn<unknown>, eventId: string) {
  const actor = await slice.loadActor(turn.user, slice.clock.now());
  const event = await requireEvent(slice, eventId, actor);
  ensureMayOrganise(actor, event.audience);
  return { actor, event };
}

/** Whether the person belongs to the event's audience today. */
export async function belongsTo(slice: EventsSlice, actor: Actor, event: EventRecord): Promise<boolean> {
  if (event.audience.kind === 'network') return true;
  const groups = new Set((await slice.deps.groups.groupsOf(actor.member.id)).map((m) => m.groupSlug));
  return isInAudience(
    event.audience,
    actor.member,
    groups,
    calendarDayIn(slice.clock.now(), slice.deps.timeZone),
  );
}

/** The invitation as the person of this turn sees it (shared cards list who refreshes by themselves). */
export async function invitationCard(
  slice: EventsSlice,
  turn: Turn<unknown>,
  actor: Actor,
  event: EventRecord,
  notice?: InvitationView['notice'],
) {
  const { events } = slice.deps;
  const [registration, inAudience] = await Promise.all([
    events.findRegistration(event.id, actor.member.id),
    belongsTo(slice, actor, event),
  ]);
  const waitingRank =
    registration?.state === 'waiting' && registration.seq !== undefined
      ? await events.waitingRank(event.id, registration.seq)
      : undefined;
  const shared = turn.conversation.kind !== 'personal';
  const today = calendarDayIn(slice.clock.now(), slice.deps.timeZone);
  const refreshUserIds = shared
    ? refreshAudience((await loadAudience(slice.deps, event.audience, today)).members, turn.user.id)
    : [turn.user.id];
  return renderInvitationCard(
    {
      event,
      registration,
      waitingRank,
      isInAudience: inAudience,
      canManage: mayManage(actor, event) && !shared,
      notice,
      shared,
      refreshUserIds,
      calendarUrl: registration && slice.deps.calendarUrl(registration.icsToken),
    },
    contextOf(slice, turn.t),
  );
}
