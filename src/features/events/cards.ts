import { renderCard, type AdaptiveCardJson } from '../../cards/render-card';
import { calendarDayIn, timeOfDayIn } from '../../i18n/calendar';
import type { Locale, MessageKey, Translator } from '../../i18n/translator';
import { audienceValue } from './form';
import type { EventKind, EventRecord, EventSettings, RegistrationRecord } from './repository';

export interface CardContext {
  t: Translator;
  timeZone: string;
  now: Date;
}

const dateLocales: Record<Locale, string> = { fr: 'fr-FR', en: 'en-GB' };
const hour = 60 * 60 * 1000;
/** "J'y étais" stays offered for a week after the event. */
export const selfAttendanceDays = 7;

export const kindKeys: Record<EventKind, MessageKey> = {
  sharedTime: 'events.kinds.sharedTime',
  jnr: 'events.kinds.jnr',
  workshop: 'events.kinds.workshop',
  copil: 'events.kinds.copil',
  other: 'events.kinds.other',
};

/** "jeudi 12 mars 2026, 14:00 – 16:00" in the network's zone; the end's day is named when it differs. */
export function formatWhen(
  event: Pick<EventSettings, 'startsAt' | 'endsAt'>,
  t: Translator,
  timeZone: string,
) {
  const locale = dateLocales[t.locale];
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone });
  const time = new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone });
  const sameDay = calendarDayIn(event.startsAt, timeZone) === calendarDayIn(event.endsAt, timeZone);
  const end = sameDay
    ? time.format(event.endsAt)
    : `${day.format(event.endsAt)}, ${time.format(event.endsAt)}`;
  return t('events.card.when', { day: day.format(event.startsAt), start: time.format(event.startsAt), end });
}

function formatShort(instant: Date, t: Translator, timeZone: string): string {
  return new Intl.DateTimeFormat(dateLocales[t.locale], {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone,
  }).format(instant);
}

export function isOpenForAnswers(event: EventRecord, now: Date): boolean {
  return (
    event.status === 'published' &&
    now.getTime() < event.registrationDeadline.getTime() &&
    now.getTime() < event.startsAt.getTime()
  );
}

export function placesLine(event: EventRecord, t: Translator): string {
  if (event.capacity === undefined) return t('events.card.placesUnlimited');
  const left = Math.max(0, event.seatsLeft ?? 0);
  return left === 0
    ? t('events.card.placesFull', { capacity: event.capacity })
    : t('events.card.placesLeft', { left, capacity: event.capacity });
}

/** The person's own answer, as one line (empty when they have not answered). */
export function answerLine(
  registration: RegistrationRecord | undefined,
  waitingRank: number | undefined,
  t: Translator,
) {
  switch (registration?.state) {
    case 'confirmed':
      return t('events.card.youAreIn');
    case 'waiting':
    case 'joining':
      return t('events.card.youWait', { rank: waitingRank ?? 1 });
    case 'maybe':
      return t('events.card.youMaybe');
    case 'declined':
      return t('events.card.youDecline');
    default:
      return '';
  }
}

function detailFacts(event: EventRecord, { t, timeZone }: CardContext) {
  return [
    { title: t('events.card.whenLabel'), value: formatWhen(event, t, timeZone) },
    ...(event.place ? [{ title: t('events.card.placeLabel'), value: event.place }] : []),
    ...(event.onlineUrl
      ? [{ title: t('events.card.onlineLabel'), value: t('events.card.onlineValue') }]
      : []),
    ...(event.organiser.name
      ? [{ title: t('events.card.organiserLabel'), value: event.organiser.name }]
      : []),
    { title: t('events.card.audienceLabel'), value: event.audienceTitle },
    { title: t('events.card.placesLabel'), value: placesLine(event, t) },
    {
      title: t('events.card.deadlineLabel'),
      value: formatShort(event.registrationDeadline, t, timeZone),
    },
  ];
}

/** How one person sees an invitation: their answer, their place on the list, their calendar link. */
export interface InvitationView {
  event: EventRecord;
  registration?: RegistrationRecord;
  waitingRank?: number;
  isInAudience: boolean;
  canManage: boolean;
  notice?: { text: string; color: 'Good' | 'Attention' | 'Warning' };
  /** In a channel or group chat: a refresh button for people beyond the automatic refresh. */
  shared: boolean;
  refreshUserIds: string[];
  /** The person's .ics link, when they answered. */
  calendarUrl?: string;
}

export function renderInvitationCard(view: InvitationView, context: CardContext): AdaptiveCardJson {
  const { event, registration } = view;
  const { t, now } = context;
  const open = isOpenForAnswers(event, now);
  const cancelled = event.status === 'cancelled';
  const started = now.getTime() >= event.startsAt.getTime();
  const mayClaimAttendance =
    registration?.state === 'confirmed' &&
    registration.attended !== true &&
    started &&
    !cancelled &&
    now.getTime() < event.endsAt.getTime() + selfAttendanceDays * 24 * hour;
  const state = registration?.state;
  const answered = state === 'confirmed' || state === 'waiting' || state === 'maybe';
  return renderCard(
    'events/invitation',
    {
      refresh: view.refreshUserIds.length > 0,
      shared: view.shared && open,
      eventId: event.id,
      notice: view.notice?.text ?? '',
      noticeColor: view.notice?.color ?? 'Good',
      kind: t(kindKeys[event.kind]),
      title: event.title,
      description: event.description,
      facts: detailFacts(event, context),
      statusLine: cancelled
        ? t('events.card.cancelled')
        : started
          ? t('events.card.started')
          : open
            ? ''
            : t('events.card.registrationsClosed'),
      answerLine: answerLine(registration, view.waitingRank, t),
      attendedLine: registration?.attended ? t('events.card.attended') : '',
      canAnswer: open && view.isInAudience,
      going: state === 'confirmed' || state === 'waiting',
      onlineUrl: !cancelled && event.onlineUrl ? event.onlineUrl : '',
      calendarUrl: answered || (cancelled && registration) ? (view.calendarUrl ?? '') : '',
      mayClaimAttendance,
      canManage: view.canManage,
    },
    t,
    view.refreshUserIds,
  );
}

export function renderFormCard(
  values: {
    audiences: Array<{ value: string; title: string }>;
    audience: string;
    event?: EventRecord;
    /** `event.preview` for a new event or a draft, `event.save` for a published one. */
    submitVerb: 'event.preview' | 'event.save';
  },
  { t, timeZone, now }: CardContext,
): AdaptiveCardJson {
  const { event } = values;
  const dayIn = (instant: Date) => calendarDayIn(instant, timeZone);
  const timeIn = (instant: Date) => timeOfDayIn(instant, timeZone);
  const inTwoWeeks = new Date(now.getTime() + 14 * 24 * hour);
  return renderCard(
    'events/form',
    {
      eventId: event?.id ?? '',
      submitVerb: values.submitVerb,
      editing: values.submitVerb === 'event.save',
      audiences: values.audiences,
      audience: event ? audienceValue(event.audience) : values.audience,
      kinds: Object.entries(kindKeys).map(([value, key]) => ({ value, title: t(key) })),
      kind: event?.kind ?? 'sharedTime',
      title: event?.title ?? '',
      description: event?.description ?? '',
      startDate: dayIn(event?.startsAt ?? inTwoWeeks),
      startTime: event ? timeIn(event.startsAt) : '12:00',
      endDate: event ? dayIn(event.endsAt) : '',
      endTime: event ? timeIn(event.endsAt) : '13:30',
      place: event?.place ?? '',
      onlineUrl: event?.onlineUrl ?? '',
      capacity: event?.capacity ? String(event.capacity) : '',
      deadlineDate: event ? dayIn(event.registrationDeadline) : '',
      deadlineTime: event ? timeIn(event.registrationDeadline) : '',
      minDate: dayIn(now),
    },
    t,
  );
}

/** Who the invitation will reach, counted at preview time. */
export interface AudienceSummary {
  members: number;
  reachable: number;
  hasChannel: boolean;
}

export function renderPreviewCard(
  event: EventRecord,
  audience: AudienceSummary,
  context: CardContext,
  notice = '',
): AdaptiveCardJson {
  const { t } = context;
  return renderCard(
    'events/preview',
    {
      notice,
      eventId: event.id,
      canPublish: event.status === 'draft',
      kind: t(kindKeys[event.kind]),
      title: event.title,
      description: event.description,
      facts: detailFacts(event, context),
      destinations: [
        t('events.preview.members', { count: audience.members, audience: event.audienceTitle }),
        t('events.preview.reachable', { count: audience.reachable }),
        ...(audience.hasChannel ? [t('events.preview.channel')] : []),
      ].map((text) => ({ text })),
    },
    t,
  );
}

export interface AgendaItem {
  event: EventRecord;
  registration?: RegistrationRecord;
  waitingRank?: number;
  canManage: boolean;
}

export function renderAgendaCard(
  lists: { coming: AgendaItem[]; drafts: EventRecord[]; canCreate: boolean },
  context: CardContext,
): AdaptiveCardJson {
  const { t, timeZone } = context;
  return renderCard(
    'events/agenda',
    {
      canCreate: lists.canCreate,
      empty: lists.coming.length === 0,
      events: lists.coming.map(({ event, registration, waitingRank, canManage }) => ({
        eventId: event.id,
        title: event.title,
        kind: t(kindKeys[event.kind]),
        when: formatWhen(event, t, timeZone),
        where: [event.place, event.onlineUrl ? t('events.card.onlineValue') : undefined]
          .filter(Boolean)
          .join(' · '),
        details: [
          ...(event.organiser.name ? [t('events.agenda.by', { name: event.organiser.name })] : []),
          placesLine(event, t),
        ].join(' · '),
        answer: answerLine(registration, waitingRank, t) || t('events.agenda.notAnswered'),
        canManage,
      })),
      drafts: lists.drafts.map((event) => ({
        eventId: event.id,
        title: event.title,
        when: formatWhen(event, t, timeZone),
      })),
    },
    t,
  );
}

export interface ManageView {
  event: EventRecord;
  confirmed: Array<{ memberId: string; name: string; attended?: boolean }>;
  waiting: string[];
  maybe: number;
  declined: number;
  notice?: string;
  confirmCancel?: boolean;
}

export function renderManageCard(view: ManageView, context: CardContext): AdaptiveCardJson {
  const { event } = view;
  const { t, now } = context;
  const started = now.getTime() >= event.startsAt.getTime();
  const live = event.status === 'published';
  return renderCard(
    'events/manage',
    {
      notice: view.notice ?? '',
      eventId: event.id,
      title: event.title,
      facts: detailFacts(event, context),
      statusLine: event.status === 'cancelled' ? t('events.card.cancelled') : '',
      counts: t('events.manage.counts', {
        confirmed: view.confirmed.length,
        waiting: view.waiting.length,
        maybe: view.maybe,
        declined: view.declined,
      }),
      confirmedNames: view.confirmed.map((person) => person.name).join(', ') || t('events.manage.nobody'),
      waitingNames:
        view.waiting.map((name, index) => `${index + 1}. ${name}`).join(', ') || t('events.manage.nobody'),
      canEdit: live && !started,
      canCancel: live && !started && !view.confirmCancel,
      confirmCancel: Boolean(view.confirmCancel) && live,
      canMarkAttendance: live && started && view.confirmed.length > 0,
      people: view.confirmed.map((person) => ({ title: person.name, value: person.memberId })),
      present: view.confirmed
        .filter((person) => person.attended)
        .map((person) => person.memberId)
        .join(','),
    },
    t,
  );
}
