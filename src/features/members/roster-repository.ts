import { Schema, Types, type Connection } from 'mongoose';
import { modelOf, objectIdFrom } from '../../db/mongoose-helpers';

/** A team or group chat the bot is installed in: whose roster it reads. */
export interface Installation {
  /** The team id (19:…@thread.tacv2 of its General channel) or the group chat id. */
  conversationId: string;
  kind: 'team' | 'groupChat';
  serviceUrl: string;
  tenantId?: string;
  installedAt: Date;
  /** Set when the bot was removed: its roster is no longer read. */
  removedAt?: Date;
  lastSyncAt?: Date;
}

interface InstallationDocument extends Installation {
  _id: Types.ObjectId;
}

/** A person's presence in a team or group chat: kept when they leave (marked), erased with the person. */
interface RosterEntryDocument {
  _id: Types.ObjectId;
  conversationId: string;
  memberId: Types.ObjectId;
  seenAt: Date;
  leftAt?: Date;
}

const installationSchema = new Schema<InstallationDocument>(
  {
    conversationId: { type: String, required: true },
    kind: { type: String, required: true, enum: ['team', 'groupChat'] },
    serviceUrl: { type: String, required: true },
    tenantId: String,
    installedAt: { type: Date, required: true },
    removedAt: Date,
    lastSyncAt: Date,
  },
  { collection: 'bot_installations', versionKey: false },
);
installationSchema.index({ conversationId: 1 }, { unique: true });

const rosterEntrySchema = new Schema<RosterEntryDocument>(
  {
    conversationId: { type: String, required: true },
    memberId: { type: Schema.Types.ObjectId, required: true },
    seenAt: { type: Date, required: true },
    leftAt: Date,
  },
  { collection: 'roster_entries', versionKey: false },
);
rosterEntrySchema.index({ conversationId: 1, memberId: 1 }, { unique: true });
rosterEntrySchema.index({ memberId: 1 });

export type RosterRepository = Awaited<ReturnType<typeof createRosterRepository>>;

export async function createRosterRepository(connection: Connection) {
  const Installations = modelOf(connection, 'BotInstallation', installationSchema);
  const RosterEntries = modelOf(connection, 'RosterEntry', rosterEntrySchema);
  await Promise.all([Installations.init(), RosterEntries.init()]);
  const toIds = (memberIds: readonly string[]) =>
    memberIds.map(objectIdFrom).filter((id): id is Types.ObjectId => id !== undefined);

  return {
    /** Idempotent: a second install event refreshes the address and brings a removed installation back. */
    async recordInstallation(installation: Omit<Installation, 'removedAt' | 'lastSyncAt'>): Promise<void> {
      const { installedAt, ...rest } = installation;
      await Installations.updateOne(
        { conversationId: installation.conversationId },
        { $set: rest, $setOnInsert: { installedAt }, $unset: { removedAt: 1 } },
        { upsert: true },
      );
    },

    async markRemoved(conversationId: string, now: Date): Promise<void> {
      await Installations.updateOne({ conversationId }, { $set: { removedAt: now } });
    },

    async activeInstallations(): Promise<Installation[]> {
      const documents = await Installations.find({ removedAt: { $exists: false } })
        .sort({ installedAt: 1 })
        .lean();
      return documents.map(({ _id: _ignored, ...installation }) => installation);
    },

    async markSynced(conversationId: string, now: Date): Promise<void> {
      await Installations.updateOne({ conversationId }, { $set: { lastSyncAt: now } });
    },

    /** The people listed now are present (back, if they had left). Returns how many were not yet present. */
    async markPresent(conversationId: string, memberIds: readonly string[], now: Date): Promise<number> {
      if (memberIds.length === 0) return 0;
      const result = await RosterEntries.bulkWrite(
        toIds(memberIds).map((memberId) => ({
          updateOne: {
            filter: { conversationId, memberId },
            update: {
              $set: { seenAt: now },
              $unset: { leftAt: 1 },
              $setOnInsert: { conversationId, memberId },
            },
            upsert: true,
          },
        })),
        { ordered: false },
      );
      return result.upsertedCount;
    },

    /** Marks the listed people (or, with `allBut`, everyone else present) as having left. Returns how many. */
    async markLeft(
      conversationId: string,
      people: { only: readonly string[] } | { allBut: readonly string[] },
      now: Date,
    ): Promise<number> {
      const memberFilter = 'only' in people ? { $in: toIds(people.only) } : { $nin: toIds(people.allBut) };
      const result = await RosterEntries.updateMany(
        { conversationId, memberId: memberFilter, leftAt: { $exists: false } },
        { $set: { leftAt: now } },
      );
      return result.modifiedCount;
    },

    /** Members present in at least one team or group chat with the bot. */
    async presentMemberIds(): Promise<Set<string>> {
      const ids = await RosterEntries.distinct('memberId', { leftAt: { $exists: false } });
      return new Set(ids.map((id) => String(id)));
    },

    async entriesOf(memberId: string) {
      const _id = objectIdFrom(memberId);
      if (!_id) return [];
      return (await RosterEntries.find({ memberId: _id }).lean()).map(
        ({ conversationId, seenAt, leftAt }) => ({
          conversationId,
          seenAt,
          ...(leftAt ? { leftAt } : {}),
        }),
      );
    },

    async eraseMember(memberId: string): Promise<number> {
      const _id = objectIdFrom(memberId);
      if (!_id) return 0;
      return (await RosterEntries.deleteMany({ memberId: _id })).deletedCount;
    },
  };
}
