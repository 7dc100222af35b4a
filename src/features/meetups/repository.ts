import { Schema, Types, type Connection } from 'mongoose';
import { isDuplicateKey, modelOf, objectIdFrom } from '../../db/mongoose-helpers';
import type { MeetingFigures } from './pairing';

export const rhythms = ['fortnightly', 'monthly'] as const;
export type Rhythm = (typeof rhythms)[number];
export const answers = ['yes', 'notYet', 'no'] as const;
export type Answer = (typeof answers)[number];

/** A person's say in the pairing: nobody is paired without having opted in. */
export interface ParticipantRecord {
  memberId: string;
  active: boolean;
  rhythm: Rhythm;
  /** Calendar day (YYYY-MM-DD) from which the person is paired again. */
  pausedUntil?: string;
  joinedAt: Date;
  updatedAt: Date;
  lastPairedAt?: Date;
}

export type RoundTrigger = 'schedule' | 'manual';

/** One round, one per calendar day whoever starts it (the unique day is the once-only guard). */
export interface RoundRecord {
  id: string;
  day: string;
  trigger: RoundTrigger;
  triggeredBy?: string;
  formedAt: Date;
  /** The groups formed, kept until every meetup is stored and announced (crash recovery). */
  pendingGroups: string[][];
  figures: MeetingFigures & { optedIn: number; paused: number; notDue: number };
  announcedAt?: Date;
}

/** A pair or trio. People who erased their data leave the ids and count as former members. */
export interface MeetupRecord {
  id: string;
  roundId: string;
  index: number;
  day: string;
  memberIds: string[];
  formerMembers: number;
  formedAt: Date;
  followUpDueAt: Date;
  followUpSentAt?: Date;
  /** Snapshots at formation, so the figures survive profile edits and erasures. */
  crossDirection: boolean;
  crossSite: boolean;
  crossOrganisation: boolean;
  /** The first "yes": the meeting took place (kept when the person who said it erases their data). */
  heldAt?: Date;
}

export interface AnswerRecord {
  meetupId: string;
  memberId: string;
  answer: Answer;
  answeredAt: Date;
}

interface ParticipantDocument extends ParticipantRecord {
  _id: Types.ObjectId;
}
interface RoundDocument extends Omit<RoundRecord, 'id'> {
  _id: Types.ObjectId;
}
interface MeetupDocument extends Omit<MeetupRecord, 'id' | 'roundId'> {
  _id: Types.ObjectId;
  roundId: Types.ObjectId;
}
interface AnswerDocument extends Omit<AnswerRecord, 'meetupId'> {
  _id: Types.ObjectId;
  meetupId: Types.ObjectId;
}

const participantSchema = new Schema<ParticipantDocument>(
  {
    memberId: { type: String, required: true },
    active: { type: Boolean, required: true },
    rhythm: { type: String, required: true, enum: rhythms },
    pausedUntil: String,
    joinedAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    lastPairedAt: Date,
  },
  { collection: 'meetup_participants', versionKey: false },
);
participantSchema.index({ memberId: 1 }, { unique: true });

const roundSchema = new Schema<RoundDocument>(
  {
    day: { type: String, required: true },
    trigger: { type: String, required: true, enum: ['schedule', 'manual'] },
    triggeredBy: String,
    formedAt: { type: Date, required: true },
    pendingGroups: { type: Schema.Types.Mixed, default: [] },
    figures: { type: Schema.Types.Mixed, required: true },
    announcedAt: Date,
  },
  { collection: 'meetup_rounds', versionKey: false, minimize: false },
);
roundSchema.index({ day: 1 }, { unique: true });

const meetupSchema = new Schema<MeetupDocument>(
  {
    roundId: { type: Schema.Types.ObjectId, required: true },
    index: { type: Number, required: true },
    day: { type: String, required: true },
    memberIds: { type: [String], default: [] },
    formerMembers: { type: Number, default: 0 },
    formedAt: { type: Date, required: true },
    followUpDueAt: { type: Date, required: true },
    followUpSentAt: Date,
    crossDirection: { type: Boolean, required: true },
    crossSite: { type: Boolean, required: true },
    crossOrganisation: { type: Boolean, required: true },
    heldAt: Date,
  },
  { collection: 'meetups', versionKey: false },
);
meetupSchema.index({ roundId: 1, index: 1 }, { unique: true });
meetupSchema.index({ memberIds: 1 });
meetupSchema.index({ followUpDueAt: 1 });

const answerSchema = new Schema<AnswerDocument>(
  {
    meetupId: { type: Schema.Types.ObjectId, required: true },
    memberId: { type: String, required: true },
    answer: { type: String, required: true, enum: answers },
    answeredAt: { type: Date, required: true },
  },
  { collection: 'meetup_answers', versionKey: false },
);
answerSchema.index({ meetupId: 1, memberId: 1 }, { unique: true });

function toParticipant(document: ParticipantDocument): ParticipantRecord {
  return {
    memberId: document.memberId,
    active: document.active,
    rhythm: document.rhythm,
    pausedUntil: document.pausedUntil,
    joinedAt: document.joinedAt,
    updatedAt: document.updatedAt,
    lastPairedAt: document.lastPairedAt,
  };
}

function toRound(document: RoundDocument): RoundRecord {
  const { _id, ...rest } = document;
  return { id: _id.toHexString(), ...rest };
}

function toMeetup(document: MeetupDocument): MeetupRecord {
  const { _id, roundId, ...rest } = document;
  return { id: _id.toHexString(), roundId: roundId.toHexString(), ...rest };
}

function toAnswer(document: AnswerDocument): AnswerRecord {
  return {
    meetupId: document.meetupId.toHexString(),
    memberId: document.memberId,
    answer: document.answer,
    answeredAt: document.answeredAt,
  };
}

export type MeetupsRepository = Awaited<ReturnType<typeof createMeetupsRepository>>;

export async function createMeetupsRepository(connection: Connection) {
  const Participants = modelOf(connection, 'MeetupParticipant', participantSchema);
  const Rounds = modelOf(connection, 'MeetupRound', roundSchema);
  const Meetups = modelOf(connection, 'Meetup', meetupSchema);
  const Answers = modelOf(connection, 'MeetupAnswer', answerSchema);
  await Promise.all([Participants.init(), Rounds.init(), Meetups.init(), Answers.init()]);

  return {
    async findParticipant(memberId: string): Promise<ParticipantRecord | undefined> {
      const document = await Participants.findOne({ memberId }).lean();
      return document ? toParticipant(document) : undefined;
    },

    /** Opts in (or changes the settings of) a person; one record per person, whoever clicks twice. */
    async saveParticipant(
      memberId: string,
      settings: { active: boolean; rhythm?: Rhythm; pausedUntil?: string | null },
      now: Date,
    ): Promise<ParticipantRecord> {
      const set: Record<string, unknown> = { active: settings.active, updatedAt: now };
      if (settings.rhythm) set.rhythm = settings.rhythm;
      const unset = settings.pausedUntil === null ? { pausedUntil: 1 } : undefined;
      if (settings.pausedUntil) set.pausedUntil = settings.pausedUntil;
      const update = {
        $set: set,
        $setOnInsert: { memberId, joinedAt: now, ...(settings.rhythm ? {} : { rhythm: 'fortnightly' }) },
        ...(unset ? { $unset: unset } : {}),
      };
      const options = { upsert: true, returnDocument: 'after' as const, lean: true };
      try {
        return toParticipant((await Participants.findOneAndUpdate({ memberId }, update, options))!);
      } catch (error) {
        // Two clicks at once: the unique index lets one insert win; the other updates it.
        if (!isDuplicateKey(error)) throw error;
        return toParticipant((await Participants.findOneAndUpdate({ memberId }, update, options))!);
      }
    },

    async activeParticipants(): Promise<ParticipantRecord[]> {
      return (await Participants.find({ active: true }).lean()).map(toParticipant);
    },

    async markPaired(memberIds: string[], now: Date): Promise<void> {
      await Participants.updateMany({ memberId: { $in: memberIds } }, { $set: { lastPairedAt: now } });
    },

    /** Stores a new round for its day; undefined when that day already has one. */
    async createRound(round: Omit<RoundRecord, 'id'>): Promise<RoundRecord | undefined> {
      try {
        const [created] = await Rounds.create([round]);
        return toRound(created.toObject() as RoundDocument);
      } catch (error) {
        if (isDuplicateKey(error)) return undefined;
        throw error;
      }
    },

    async findRoundOn(day: string): Promise<RoundRecord | undefined> {
      const document = await Rounds.findOne({ day }).lean();
      return document ? toRound(document) : undefined;
    },

    async markRoundAnnounced(roundId: string, now: Date): Promise<void> {
      await Rounds.updateOne(
        { _id: new Types.ObjectId(roundId) },
        { $set: { announcedAt: now, pendingGroups: [] } },
      );
    },

    /** Stores the round's meetups; idempotent (one per round and index), so a resumed round adds none twice. */
    async storeMeetups(meetups: Array<Omit<MeetupRecord, 'id'>>): Promise<MeetupRecord[]> {
      if (meetups.length === 0) return [];
      await Meetups.bulkWrite(
        meetups.map((meetup) => ({
          updateOne: {
            filter: { roundId: new Types.ObjectId(meetup.roundId), index: meetup.index },
            update: { $setOnInsert: { ...meetup, roundId: new Types.ObjectId(meetup.roundId) } },
            upsert: true,
          },
        })),
      );
      const stored = await Meetups.find({ roundId: new Types.ObjectId(meetups[0].roundId) })
        .sort({ index: 1 })
        .lean();
      return stored.map(toMeetup);
    },

    async findMeetup(meetupId: string): Promise<MeetupRecord | undefined> {
      const id = objectIdFrom(meetupId);
      const document = id && (await Meetups.findOne({ _id: id }).lean());
      return document ? toMeetup(document) : undefined;
    },

    /** Every meetup ever formed: the pairing's history (a few thousand records a year). */
    async history(): Promise<MeetupRecord[]> {
      return (await Meetups.find({}).lean()).map(toMeetup);
    },

    async meetupsOf(memberId: string, limit: number): Promise<MeetupRecord[]> {
      return (await Meetups.find({ memberIds: memberId }).sort({ formedAt: -1 }).limit(limit).lean()).map(
        toMeetup,
      );
    },

    async dueFollowUps(now: Date): Promise<MeetupRecord[]> {
      const due = { followUpDueAt: { $lte: now }, followUpSentAt: { $exists: false } };
      return (await Meetups.find(due).sort({ followUpDueAt: 1 }).lean()).map(toMeetup);
    },

    async markFollowUpSent(meetupIds: string[], now: Date): Promise<void> {
      const ids = meetupIds.map((id) => new Types.ObjectId(id));
      await Meetups.updateMany({ _id: { $in: ids } }, { $set: { followUpSentAt: now } });
    },

    /** One answer per person and meetup; a new click replaces it. The first "yes" marks the meetup held. */
    async recordAnswer(answer: AnswerRecord): Promise<void> {
      const meetupId = new Types.ObjectId(answer.meetupId);
      if (answer.answer === 'yes') {
        await Meetups.updateOne(
          { _id: meetupId, heldAt: { $exists: false } },
          { $set: { heldAt: answer.answeredAt } },
        );
      }
      const filter = { meetupId, memberId: answer.memberId };
      const update = { $set: { answer: answer.answer, answeredAt: answer.answeredAt } };
      try {
        await Answers.updateOne(filter, update, { upsert: true });
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        await Answers.updateOne(filter, update);
      }
    },

    async answersTo(meetupIds: string[]): Promise<AnswerRecord[]> {
      const ids = meetupIds.map((id) => new Types.ObjectId(id));
      return (await Answers.find({ meetupId: { $in: ids } }).lean()).map(toAnswer);
    },

    /** The coordinators' figures, counted by the database. */
    async figures(): Promise<{
      formed: number;
      held: number;
      crossDirection: number;
      crossOrganisation: number;
      optedIn: number;
    }> {
      const held = { heldAt: { $exists: true } };
      const [formed, heldCount, crossDirection, crossOrganisation, optedIn] = await Promise.all([
        Meetups.countDocuments({}),
        Meetups.countDocuments(held),
        Meetups.countDocuments({ ...held, crossDirection: true }),
        Meetups.countDocuments({ ...held, crossOrganisation: true }),
        Participants.countDocuments({ active: true }),
      ]);
      return { formed, held: heldCount, crossDirection, crossOrganisation, optedIn };
    },

    async exportMember(memberId: string) {
      const [participant, meetups] = await Promise.all([
        Participants.findOne({ memberId }).lean(),
        Meetups.find({ memberIds: memberId }).sort({ formedAt: 1 }).lean(),
      ]);
      const ownAnswers = await Answers.find({ memberId }).lean();
      return {
        participant: participant ? toParticipant(participant) : undefined,
        meetups: meetups.map(toMeetup),
        answers: ownAnswers.map(toAnswer),
      };
    },

    /**
     * Erases a person: their settings and answers go; in the meetups they had, their id is
     * replaced by a count of former members, so the others' history says "a former member".
     * (A round's pending groups live only the seconds between forming and announcing it.)
     */
    async eraseMember(memberId: string): Promise<number> {
      const [participant, answered, meetups] = await Promise.all([
        Participants.deleteOne({ memberId }),
        Answers.deleteMany({ memberId }),
        Meetups.updateMany(
          { memberIds: memberId },
          { $pull: { memberIds: memberId }, $inc: { formerMembers: 1 } },
        ),
      ]);
      return participant.deletedCount + answered.deletedCount + meetups.modifiedCount;
    },
  };
}
