import { randomBytes } from 'node:crypto';
import { Schema, Types, type Connection } from 'mongoose';
import { isDuplicateKey, modelOf, objectIdFrom } from '../../db/mongoose-helpers';
import { eventLifeCycle, eventStatuses, type EventStatus } from './status';

export const eventKinds = ['sharedTime', 'jnr', 'workshop', 'copil', 'other'] as const;
export type EventKind = (typeof eventKinds)[number];

/** Who an event is for. Newcomers: people on their integration path; organisation: e.g. the Agglo. */
export type EventAudience =
  | { kind: 'network' }
  | { kind: 'group'; groupSlug: string }
  | { kind: 'newcomers' }
  | { kind: 'organisation'; organisation: string };

/** What the organiser decides in the form. */
export interface EventSettings {
  kind: EventKind;
  title: string;
  description: string;
  startsAt: Date;
  endsAt: Date;
  place?: string;
  onlineUrl?: string;
  /** Absent: no limit. */
  capacity?: number;
  audience: EventAudience;
  /** The group's or organisation's name when the event was written, shown on its cards. */
  audienceTitle: string;
  registrationDeadline: Date;
}

export interface EventOrganiser {
  /** Absent once the organiser erased their personal data. */
  memberId?: string;
  name?: string;
}

export interface EventRecord extends EventSettings {
  id: string;
  status: EventStatus;
  organiser: EventOrganiser;
  /** iCalendar SEQUENCE: bumped on every change people were told about. */
  sequence: number;
  /** Places not taken; absent when there is no limit. May go below zero after the capacity shrinks. */
  seatsLeft?: number;
  /** How many "Je viens" the event received: the click order of registrations. */
  clicks: number;
  createdAt: Date;
  updatedAt: Date;
  publishedAt?: Date;
  cancelledAt?: Date;
}

export type Answer = 'going' | 'maybe' | 'declined';
/** `joining` while one "Je viens" takes a place: a second click of the same person waits its turn. */
export type RegistrationState = 'confirmed' | 'waiting' | 'maybe' | 'declined' | 'joining' | 'none';

export interface RegistrationRecord {
  id: string;
  eventId: string;
  memberId: string;
  state: RegistrationState;
  /** Click order among "Je viens": the waiting list is sorted by it. */
  seq?: number;
  /** Secret of the person's calendar file link: unguessable, one per registration. */
  icsToken: string;
  answeredAt: Date;
  promotedAt?: Date;
  remindedDayBefore?: Date;
  remindedHourBefore?: Date;
  attended?: boolean;
  attendanceBy?: 'organiser' | 'self';
}

interface EventDocument extends Omit<EventRecord, 'id'> {
  _id: Types.ObjectId;
}

interface RegistrationDocument extends Omit<RegistrationRecord, 'id'> {
  _id: Types.ObjectId;
}

const eventSchema = new Schema<EventDocument>(
  {
    kind: { type: String, required: true, enum: eventKinds },
    title: { type: String, required: true },
    description: { type: String, default: '' },
    startsAt: { type: Date, required: true },
    endsAt: { type: Date, required: true },
    place: String,
    onlineUrl: String,
    capacity: Number,
    audience: { type: Schema.Types.Mixed, required: true },
    audienceTitle: { type: String, required: true },
    registrationDeadline: { type: Date, required: true },
    status: { type: String, required: true, enum: eventStatuses },
    organiser: { _id: false, memberId: String, name: String },
    sequence: { type: Number, default: 0 },
    seatsLeft: Number,
    clicks: { type: Number, default: 0 },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    publishedAt: Date,
    cancelledAt: Date,
  },
  { collection: 'events', versionKey: false, minimize: false },
);
eventSchema.index({ status: 1, startsAt: 1 });
eventSchema.index({ 'organiser.memberId': 1 });

const registrationSchema = new Schema<RegistrationDocument>(
  {
    eventId: { type: String, required: true },
    memberId: { type: String, required: true },
    state: { type: String, required: true },
    seq: Number,
    icsToken: { type: String, required: true },
    answeredAt: { type: Date, required: true },
    promotedAt: Date,
    remindedDayBefore: Date,
    remindedHourBefore: Date,
    attended: Boolean,
    attendanceBy: { type: String, enum: ['organiser', 'self'] },
  },
  { collection: 'event_registrations', versionKey: false },
);
// One registration per person and event, whatever the clicks; the link secret is unique too.
registrationSchema.index({ eventId: 1, memberId: 1 }, { unique: true });
registrationSchema.index({ icsToken: 1 }, { unique: true });
registrationSchema.index({ eventId: 1, state: 1 });
registrationSchema.index({ memberId: 1 });

function toEvent(document: EventDocument): EventRecord {
  const { _id, ...rest } = document;
  return {
    ...rest,
    id: _id.toHexString(),
    place: rest.place ?? undefined,
    onlineUrl: rest.onlineUrl ?? undefined,
    capacity: rest.capacity ?? undefined,
    seatsLeft: rest.seatsLeft ?? undefined,
    organiser: rest.organiser ?? {},
    sequence: rest.sequence ?? 0,
    clicks: rest.clicks ?? 0,
  };
}

function toRegistration(document: RegistrationDocument): RegistrationRecord {
  const { _id, ...rest } = document;
  return { ...rest, id: _id.toHexString() };
}

/** 192 random bits, URL-safe: the secret of a calendar link. */
const newToken = () => randomBytes(24).toString('base64url');

/** Optional settings left empty are removed from the stored event, not kept from a former version. */
function unsetOf(settings: EventSettings): Record<string, 1> {
  const fields = (['place', 'onlineUrl', 'capacity'] as const).filter(
    (field) => settings[field] === undefined,
  );
  return Object.fromEntries(
    [...fields, ...(settings.capacity === undefined ? ['seatsLeft'] : [])].map((f) => [f, 1]),
  );
}

export type EventsRepository = Awaited<ReturnType<typeof createEventsRepository>>;

export async function createEventsRepository(connection: Connection) {
  const Events = modelOf(connection, 'Event', eventSchema);
  const Registrations = modelOf(connection, 'EventRegistration', registrationSchema);
  await Promise.all([Events.init(), Registrations.init()]);

  const eventUpdate = async (filter: Record<string, unknown>, update: Record<string, unknown>) => {
    const document = await Events.findOneAndUpdate(filter, update, { returnDocument: 'after', lean: true });
    return document ? toEvent(document) : undefined;
  };
  const withUnset = (unset: Record<string, 1>) => (Object.keys(unset).length ? { $unset: unset } : {});

  const releaseSeat = async (eventId: string) => {
    await Events.updateOne(
      { _id: objectIdFrom(eventId), seatsLeft: { $exists: true } },
      { $inc: { seatsLeft: 1 } },
    );
  };

  return {
    async createDraft(settings: EventSettings, organiser: Required<EventOrganiser>, now: Date) {
      const [document] = await Events.create([
        {
          ...settings,
          status: 'draft',
          organiser,
          sequence: 0,
          clicks: 0,
          ...(settings.capacity === undefined ? {} : { seatsLeft: settings.capacity }),
          createdAt: now,
          updatedAt: now,
        },
      ]);
      return toEvent(document.toObject());
    },

    /** Rewrites a draft, only while it is one and only for its organiser. */
    async updateDraft(eventId: string, organiserId: string, settings: EventSettings, now: Date) {
      const _id = objectIdFrom(eventId);
      if (!_id) return undefined;
      const seats = settings.capacity === undefined ? {} : { seatsLeft: settings.capacity };
      return eventUpdate(
        { _id, status: 'draft', 'organiser.memberId': organiserId },
        { $set: { ...settings, ...seats, updatedAt: now }, ...withUnset(unsetOf(settings)) },
      );
    },

    /**
     * Changes a published event, only if nobody changed it since `event` was read (its sequence).
     * The places left move by the change of capacity in the same atomic update, so registrations
     * racing with the edit are never double counted.
     */
    async updatePublished(event: EventRecord, settings: EventSettings, now: Date) {
      const _id = objectIdFrom(event.id);
      if (!_id) return undefined;
      const set: Record<string, unknown> = { ...settings, updatedAt: now };
      const inc: Record<string, number> = { sequence: 1 };
      if (settings.capacity !== undefined && event.capacity === undefined) {
        set.seatsLeft =
          settings.capacity - (await Registrations.countDocuments({ eventId: event.id, state: 'confirmed' }));
      } else if (settings.capacity !== undefined && event.capacity !== undefined) {
        inc.seatsLeft = settings.capacity - event.capacity;
      }
      return eventUpdate(
        { _id, status: 'published', sequence: event.sequence },
        { $set: set, $inc: inc, ...withUnset(unsetOf(settings)) },
      );
    },

    async findEvent(eventId: string): Promise<EventRecord | undefined> {
      const _id = objectIdFrom(eventId);
      const document = _id && (await Events.findById(_id).lean());
      return document ? toEvent(document) : undefined;
    },

    /** Moves the event along the status table, atomically: of two clicks at once, one wins. */
    async transition(eventId: string, to: EventStatus, now: Date) {
      const _id = objectIdFrom(eventId);
      if (!_id) return undefined;
      const stamp =
        to === 'published' ? { publishedAt: now } : to === 'cancelled' ? { cancelledAt: now } : {};
      return eventUpdate(
        { _id, status: { $in: eventLifeCycle.leadingTo(to) } },
        {
          $set: { status: to, updatedAt: now, ...stamp },
          // A cancellation is a change calendars must take over the invitation they hold.
          ...(to === 'cancelled' ? { $inc: { sequence: 1 } } : {}),
        },
      );
    },

    /** Published events ending after `from`, soonest first. */
    async findComingEvents(from: Date, limit = 50): Promise<EventRecord[]> {
      const documents = await Events.find({ status: 'published', endsAt: { $gt: from } })
        .sort({ startsAt: 1 })
        .limit(limit)
        .lean();
      return documents.map(toEvent);
    },

    async findEventsStartingBetween(from: Date, to: Date): Promise<EventRecord[]> {
      const documents = await Events.find({ status: 'published', startsAt: { $gt: from, $lte: to } }).lean();
      return documents.map(toEvent);
    },

    async findEventsByIds(eventIds: string[]): Promise<EventRecord[]> {
      const ids = eventIds.map(objectIdFrom).filter((id) => id !== undefined);
      return (await Events.find({ _id: { $in: ids } }).lean()).map(toEvent);
    },

    async findDraftsOf(memberId: string): Promise<EventRecord[]> {
      const documents = await Events.find({ status: 'draft', 'organiser.memberId': memberId })
        .sort({ startsAt: 1 })
        .lean();
      return documents.map(toEvent);
    },

    async findRegistration(eventId: string, memberId: string): Promise<RegistrationRecord | undefined> {
      const document = await Registrations.findOne({ eventId, memberId }).lean();
      return document ? toRegistration(document) : undefined;
    },

    async findRegistrationByToken(icsToken: string): Promise<RegistrationRecord | undefined> {
      const document = await Registrations.findOne({ icsToken }).lean();
      return document ? toRegistration(document) : undefined;
    },

    /** The person's registration, created (state `none`) on their first answer. */
    async ensureRegistration(eventId: string, memberId: string, now: Date): Promise<RegistrationRecord> {
      const upsert = () =>
        Registrations.findOneAndUpdate(
          { eventId, memberId },
          { $setOnInsert: { eventId, memberId, state: 'none', icsToken: newToken(), answeredAt: now } },
          { upsert: true, returnDocument: 'after', lean: true },
        );
      let document;
      try {
        document = await upsert();
      } catch (error) {
        // Two first clicks at once: the unique index keeps one insert, the other reads it.
        if (!isDuplicateKey(error)) throw error;
        document = await upsert();
      }
      return toRegistration(document!);
    },

    /** Changes a registration only from one of `from`: the atomic step of every answer. Returns it as it was. */
    async moveRegistration(
      registrationId: string,
      from: readonly RegistrationState[],
      set: Partial<Pick<RegistrationRecord, 'state' | 'seq' | 'answeredAt' | 'promotedAt'>>,
    ): Promise<RegistrationRecord | undefined> {
      const document = await Registrations.findOneAndUpdate(
        { _id: objectIdFrom(registrationId), state: { $in: from } },
        { $set: set },
        { returnDocument: 'before', lean: true },
      );
      return document ? toRegistration(document) : undefined;
    },

    /** Takes one place if one is left: the database decides, so places are never oversold. */
    async takeSeat(eventId: string): Promise<{ seq: number } | undefined> {
      const event = await eventUpdate(
        { _id: objectIdFrom(eventId), seatsLeft: { $gt: 0 } },
        { $inc: { seatsLeft: -1, clicks: 1 } },
      );
      return event && { seq: event.clicks };
    },

    /** A click that gets no place (or needs none, without a limit): its rank in click order. */
    async countClick(eventId: string): Promise<number> {
      const event = await eventUpdate({ _id: objectIdFrom(eventId) }, { $inc: { clicks: 1 } });
      return event?.clicks ?? 0;
    },

    releaseSeat,

    /** Takes a free place for the first person waiting, if both exist; gives the place back otherwise. */
    async promoteFirstWaiting(eventId: string, now: Date): Promise<RegistrationRecord | undefined> {
      const seat = await Events.updateOne(
        { _id: objectIdFrom(eventId), seatsLeft: { $gt: 0 } },
        { $inc: { seatsLeft: -1 } },
      );
      if (seat.modifiedCount !== 1) return undefined;
      const promoted = await Registrations.findOneAndUpdate(
        { eventId, state: 'waiting' },
        { $set: { state: 'confirmed', promotedAt: now } },
        { sort: { seq: 1 }, returnDocument: 'after', lean: true },
      );
      if (!promoted) {
        await releaseSeat(eventId);
        return undefined;
      }
      return toRegistration(promoted);
    },

    async registrationsOf(
      eventId: string,
      states?: readonly RegistrationState[],
    ): Promise<RegistrationRecord[]> {
      const documents = await Registrations.find({ eventId, ...(states ? { state: { $in: states } } : {}) })
        .sort({ seq: 1, answeredAt: 1 })
        .lean();
      return documents.map(toRegistration);
    },

    /** Rank on the waiting list (1 for the first), counted by the database from click order. */
    async waitingRank(eventId: string, seq: number): Promise<number> {
      return 1 + (await Registrations.countDocuments({ eventId, state: 'waiting', seq: { $lt: seq } }));
    },

    async registrationsOfMember(memberId: string): Promise<RegistrationRecord[]> {
      return (await Registrations.find({ memberId }).lean()).map(toRegistration);
    },

    /** Marks a reminder sent, once: true for the call that did it. */
    async markReminded(registrationId: string, which: 'remindedDayBefore' | 'remindedHourBefore', now: Date) {
      const result = await Registrations.updateOne(
        { _id: objectIdFrom(registrationId), [which]: { $exists: false } },
        { $set: { [which]: now } },
      );
      return result.modifiedCount === 1;
    },

    /** Sets who came among the confirmed people (one person for "J'y étais"); returns the newly present. */
    async recordAttendance(
      eventId: string,
      present: ReadonlySet<string>,
      by: 'organiser' | 'self',
      onlyMemberId?: string,
    ): Promise<string[]> {
      const confirmed = await Registrations.find({
        eventId,
        state: 'confirmed',
        ...(onlyMemberId ? { memberId: onlyMemberId } : {}),
      }).lean();
      const newlyPresent: string[] = [];
      for (const registration of confirmed) {
        const attended = present.has(registration.memberId);
        if (registration.attended === attended) continue;
        await Registrations.updateOne({ _id: registration._id }, { $set: { attended, attendanceBy: by } });
        if (attended) newlyPresent.push(registration.memberId);
      }
      return newlyPresent;
    },

    /** Events held (started by `now`, not cancelled) and their confirmed registrations: the dashboard's figures. */
    async heldEventsWithRegistrations(now: Date) {
      const held = (await Events.find({ status: 'published', startsAt: { $lte: now } }).lean()).map(toEvent);
      const registrations = await Registrations.find({
        eventId: { $in: held.map((event) => event.id) },
        state: 'confirmed',
      }).lean();
      return { held, registrations: registrations.map(toRegistration) };
    },

    async exportMember(memberId: string) {
      const [organised, registrations] = await Promise.all([
        Events.find({ 'organiser.memberId': memberId }).lean(),
        Registrations.find({ memberId }).lean(),
      ]);
      return { organised: organised.map(toEvent), registrations: registrations.map(toRegistration) };
    },

    /**
     * Forgets a person: registrations to events still to come are deleted; those of events held
     * are detached from them (attendance figures stay right, with no name); their name leaves the
     * events they organised.
     */
    async eraseMember(memberId: string, now: Date): Promise<{ erased: number; keptAnonymous: number }> {
      const registrations = await Registrations.find({ memberId }).lean();
      const eventIds = registrations
        .map((registration) => objectIdFrom(registration.eventId))
        .filter((id) => id !== undefined);
      const held = new Set(
        (await Events.find({ _id: { $in: eventIds }, startsAt: { $lte: now } }, { _id: 1 }).lean()).map(
          (event) => event._id.toHexString(),
        ),
      );
      const kept = registrations.filter(
        (registration) => held.has(registration.eventId) && registration.state === 'confirmed',
      );
      for (const registration of kept) {
        await Registrations.updateOne(
          { _id: registration._id },
          { $set: { memberId: `erased-${registration._id.toHexString()}`, icsToken: newToken() } },
        );
      }
      const [deleted, organised] = await Promise.all([
        Registrations.deleteMany({ memberId }),
        Events.updateMany({ 'organiser.memberId': memberId }, { $set: { organiser: {} } }),
      ]);
      return {
        erased: deleted.deletedCount + organised.modifiedCount + kept.length,
        keptAnonymous: kept.length,
      };
    },
  };
}
