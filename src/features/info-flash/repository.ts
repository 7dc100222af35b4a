import { Schema, Types, type Connection, type Model } from 'mongoose';
import { erasedMemberTombstone, withoutValue } from '../../privacy/personal-data';
import type { ConversationReferenceJson } from '../../bot/messenger';
import type { AdaptiveCardJson } from '../../cards/render-card';
import { isDuplicateKey, modelOf, objectIdFrom } from '../../db/mongoose-helpers';
import { digestLifeCycle, digestStates, unfinishedStates, type DigestState } from './digest-status';
import { isEditable, itemStatuses, type ItemStatus } from './item-status';

export interface ItemContent {
  title: string;
  text: string;
  link?: string;
  /** The group the item concerns; absent for news of the whole network. */
  groupSlug?: string;
}

export interface ItemRecord extends ItemContent {
  id: string;
  status: ItemStatus;
  /** Absent once the author erased their data. */
  authorId?: string;
  authorName?: string;
  createdAt: Date;
  updatedAt: Date;
  approvedAt?: Date;
  approvedBy?: string;
  rejectionReason?: string;
  /** The one digest this item appears in, set when that digest fixes its item set. */
  digestId?: string;
}

/** An item as the digest shows it, copied when the digest fixes its items (a restart re-reads this). */
export interface DigestItem extends ItemContent {
  itemId: string;
  /** The group's title at the time, or absent for the whole network. */
  sectionTitle?: string;
  sectionOrder: number;
}

/** One post of a digest: the items it carries and its card as posted to channels. */
export interface DigestPart {
  itemIds: string[];
  card: AdaptiveCardJson;
}

export interface DigestRecord {
  id: string;
  number: number;
  state: DigestState;
  periodFrom: Date;
  /** The cutoff: items approved up to this instant belong to this digest. */
  itemsFixedAt: Date;
  items: DigestItem[];
  parts: DigestPart[];
  /** Counts corrections; the posted cards are updated with `digest:<id>:rev:<revision>`. */
  revision: number;
  createdAt: Date;
  sentAt?: Date;
  withdrawnAt?: Date;
}

export type DeactivationReason = 'unsubscribed' | 'botRemoved' | 'forbidden' | 'notFound';

export interface ChannelSubscription {
  conversationId: string;
  teamId?: string;
  tenantId?: string;
  name?: string;
  /** Where to post: the channel itself, not a reply thread (see channel-reference.ts). */
  reference: ConversationReferenceJson;
  active: boolean;
  subscribedBy: string;
  subscribedAt: Date;
  deactivatedAt?: Date;
  deactivationReason?: DeactivationReason;
}

export interface ReadCount {
  digestId: string;
  conversationId: string;
  count: number;
}

interface ItemDocument extends Omit<ItemRecord, 'id' | 'digestId'> {
  _id: Types.ObjectId;
  digestId: Types.ObjectId | null;
}

interface DigestDocument extends Omit<DigestRecord, 'id'> {
  _id: Types.ObjectId;
}

interface ChannelDocument extends ChannelSubscription {
  _id: Types.ObjectId;
}

interface ReadDocument {
  _id: Types.ObjectId;
  digestId: Types.ObjectId;
  /** Unset when the reader erased their data: the read still counts, but is nobody's. */
  memberId?: string;
  conversationId: string;
  readAt: Date;
}

/** The conversation id of an anonymised read clicked in a 1:1 chat. */
const personalReadConversation = 'personal';

const itemSchema = new Schema<ItemDocument>(
  {
    title: { type: String, required: true },
    text: { type: String, required: true },
    link: String,
    groupSlug: String,
    status: { type: String, required: true, enum: itemStatuses },
    authorId: String,
    authorName: String,
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    approvedAt: Date,
    approvedBy: String,
    rejectionReason: String,
    digestId: { type: Schema.Types.ObjectId, default: null },
  },
  { collection: 'info_flash_items', versionKey: false },
);
itemSchema.index({ status: 1, digestId: 1, approvedAt: 1 });
itemSchema.index({ digestId: 1 });
itemSchema.index({ authorId: 1 });

const digestSchema = new Schema<DigestDocument>(
  {
    number: { type: Number, required: true },
    state: { type: String, required: true, enum: digestStates },
    periodFrom: { type: Date, required: true },
    itemsFixedAt: { type: Date, required: true },
    items: { type: Schema.Types.Mixed, default: [] },
    parts: { type: Schema.Types.Mixed, default: [] },
    revision: { type: Number, required: true, default: 0 },
    createdAt: { type: Date, required: true },
    sentAt: Date,
    withdrawnAt: Date,
  },
  { collection: 'info_flash_digests', versionKey: false, minimize: false },
);
// Numbers are what people quote ("l'Info Flash n° 12"): never two digests with one number.
digestSchema.index({ number: 1 }, { unique: true });
digestSchema.index({ state: 1 });

const channelSchema = new Schema<ChannelDocument>(
  {
    conversationId: { type: String, required: true },
    teamId: String,
    tenantId: String,
    name: String,
    reference: { type: Schema.Types.Mixed, required: true },
    active: { type: Boolean, required: true },
    subscribedBy: { type: String, required: true },
    subscribedAt: { type: Date, required: true },
    deactivatedAt: Date,
    deactivationReason: String,
  },
  { collection: 'info_flash_channels', versionKey: false, minimize: false },
);
channelSchema.index({ conversationId: 1 }, { unique: true });
channelSchema.index({ teamId: 1 });

const readSchema = new Schema<ReadDocument>(
  {
    digestId: { type: Schema.Types.ObjectId, required: true },
    memberId: String,
    conversationId: { type: String, required: true },
    readAt: { type: Date, required: true },
  },
  { collection: 'info_flash_reads', versionKey: false },
);
// "J'ai lu" counts once per person, however many times and wherever they click.
readSchema.index(
  { digestId: 1, memberId: 1 },
  { unique: true, partialFilterExpression: { memberId: { $type: 'string' } } },
);

function toItem(document: ItemDocument): ItemRecord {
  const { _id, digestId, ...rest } = document;
  return { id: _id.toHexString(), ...rest, ...(digestId ? { digestId: digestId.toHexString() } : {}) };
}

function toDigest(document: DigestDocument): DigestRecord {
  const { _id, ...rest } = document;
  return { id: _id.toHexString(), ...rest, items: rest.items ?? [], parts: rest.parts ?? [] };
}

function toChannel(document: ChannelDocument): ChannelSubscription {
  const { _id: _ignored, ...rest } = document;
  return rest;
}

/** Approved items no digest has taken yet. */
const publishable = { status: 'approved' as const, digestId: null };

/** Items: written, decided, edited, and taken by one digest. */
function itemRecords(Items: Model<ItemDocument>) {
  return {
    async createItem(
      content: ItemContent,
      author: { id: string; name: string },
      status: 'proposed' | 'approved',
      now: Date,
    ): Promise<ItemRecord> {
      const created = await Items.create({
        ...content,
        status,
        authorId: author.id,
        authorName: author.name,
        createdAt: now,
        updatedAt: now,
        ...(status === 'approved' ? { approvedAt: now, approvedBy: author.id } : {}),
        digestId: null,
      });
      return toItem(created.toObject());
    },

    async findItem(itemId: string): Promise<ItemRecord | undefined> {
      const id = objectIdFrom(itemId);
      const document = id && (await Items.findById(id).lean());
      return document ? toItem(document) : undefined;
    },

    async listProposed(limit: number): Promise<ItemRecord[]> {
      return (await Items.find({ status: 'proposed' }).sort({ createdAt: 1 }).limit(limit).lean()).map(
        toItem,
      );
    },

    /** Approves or rejects a proposed item; undefined when it was not proposed any more (decided twice). */
    async decide(
      itemId: string,
      decision: { status: 'approved'; by: string } | { status: 'rejected'; by: string; reason: string },
      now: Date,
    ): Promise<ItemRecord | undefined> {
      const id = objectIdFrom(itemId);
      if (!id) return undefined;
      const fields =
        decision.status === 'approved'
          ? { status: 'approved', approvedAt: now, approvedBy: decision.by }
          : { status: 'rejected', rejectionReason: decision.reason };
      const document = await Items.findOneAndUpdate(
        { _id: id, status: 'proposed' },
        { $set: { ...fields, updatedAt: now } },
        { returnDocument: 'after', lean: true },
      );
      return document ? toItem(document) : undefined;
    },

    /** Replaces an item's content; its status (and digest) stay as they are. */
    async updateContent(itemId: string, content: ItemContent, now: Date): Promise<ItemRecord | undefined> {
      const id = objectIdFrom(itemId);
      if (!id) return undefined;
      const optional = { link: content.link, groupSlug: content.groupSlug };
      const present = Object.entries(optional).filter(([, value]) => value);
      const absent = Object.entries(optional).filter(([, value]) => !value);
      const document = await Items.findOneAndUpdate(
        { _id: id, status: { $in: itemStatuses.filter(isEditable) } },
        {
          $set: { title: content.title, text: content.text, updatedAt: now, ...Object.fromEntries(present) },
          ...(absent.length > 0 ? { $unset: Object.fromEntries(absent.map(([name]) => [name, 1])) } : {}),
        },
        { returnDocument: 'after', lean: true },
      );
      return document ? toItem(document) : undefined;
    },

    /** Approved items no digest has taken yet, oldest approval first. */
    async listPublishable(): Promise<ItemRecord[]> {
      return (await Items.find(publishable).sort({ approvedAt: 1, _id: 1 }).lean()).map(toItem);
    },

    async countPublishable(cutoff: Date): Promise<number> {
      return Items.countDocuments({ ...publishable, approvedAt: { $lte: cutoff } });
    },

    /**
     * Gives the digest every approved item no digest has, approved up to the cutoff: one
     * updateMany filtered on `digestId: null`, so an item lands in exactly one digest, and
     * running it again after a crash adds nothing approved later.
     */
    async assignItems(digestId: string, cutoff: Date): Promise<number> {
      const result = await Items.updateMany(
        { ...publishable, approvedAt: { $lte: cutoff } },
        { $set: { digestId: new Types.ObjectId(digestId), status: 'published' } },
      );
      return result.modifiedCount;
    },

    async itemsOf(digestId: string): Promise<ItemRecord[]> {
      const id = objectIdFrom(digestId);
      if (!id) return [];
      return (await Items.find({ digestId: id }).sort({ approvedAt: 1, _id: 1 }).lean()).map(toItem);
    },
  };
}

/** Digests: numbered, moved along their life cycle, corrected. */
function digestRecords(Digests: Model<DigestDocument>) {
  return {
    /** Opens a digest in `building` with the next number and its cutoff, recorded before any item moves. */
    async openDigest(periodFrom: Date, itemsFixedAt: Date): Promise<DigestRecord> {
      for (;;) {
        const last = await Digests.findOne({}).sort({ number: -1 }).lean();
        try {
          const created = await Digests.create({
            number: (last?.number ?? 0) + 1,
            state: 'building',
            periodFrom,
            itemsFixedAt,
            items: [],
            parts: [],
            revision: 0,
            createdAt: itemsFixedAt,
          });
          return toDigest(created.toObject());
        } catch (error) {
          // Another instance took this number in the meantime: take the next one.
          if (!isDuplicateKey(error)) throw error;
        }
      }
    },

    /** A digest whose cutoff found no item is dropped before anything is rendered. */
    async dropEmptyDigest(digestId: string): Promise<void> {
      await Digests.deleteOne({ _id: new Types.ObjectId(digestId), state: 'building' });
    },

    /** Stores the fixed items and rendered parts: building → ready. */
    async storeRendered(digestId: string, items: DigestItem[], parts: DigestPart[]): Promise<boolean> {
      const result = await Digests.updateOne(
        { _id: new Types.ObjectId(digestId), state: { $in: digestLifeCycle.leadingTo('ready') } },
        { $set: { state: 'ready', items, parts } },
      );
      return result.modifiedCount === 1;
    },

    /** Moves a digest along its transition table, atomically; false when another run moved it first. */
    async moveDigest(digestId: string, to: DigestState, now: Date): Promise<boolean> {
      const id = objectIdFrom(digestId);
      if (!id) return false;
      const stamp = to === 'sent' ? { sentAt: now } : to === 'withdrawn' ? { withdrawnAt: now } : {};
      const result = await Digests.updateOne(
        { _id: id, state: { $in: digestLifeCycle.leadingTo(to) } },
        { $set: { state: to, ...stamp } },
      );
      return result.modifiedCount === 1;
    },

    async findDigest(digestId: string): Promise<DigestRecord | undefined> {
      const id = objectIdFrom(digestId);
      const document = id && (await Digests.findById(id).lean());
      return document ? toDigest(document) : undefined;
    },

    async unfinishedDigests(): Promise<DigestRecord[]> {
      return (
        await Digests.find({ state: { $in: unfinishedStates } })
          .sort({ number: 1 })
          .lean()
      ).map(toDigest);
    },

    async hasUnfinishedDigest(): Promise<boolean> {
      return Boolean(await Digests.exists({ state: { $in: unfinishedStates } }));
    },

    /** Where the next digest's period starts: the previous cutoff. */
    async lastCutoff(): Promise<Date | undefined> {
      return (await Digests.findOne({}).sort({ number: -1 }).lean())?.itemsFixedAt;
    },

    async latestPublished(): Promise<DigestRecord | undefined> {
      const document = await Digests.findOne({ state: { $in: ['sending', 'sent'] } })
        .sort({ number: -1 })
        .lean();
      return document ? toDigest(document) : undefined;
    },

    /** Digests that went out (withdrawn ones included), newest first. */
    async listPublished(limit: number): Promise<DigestRecord[]> {
      return (
        await Digests.find({ state: { $in: ['sending', 'sent', 'withdrawn'] } })
          .sort({ number: -1 })
          .limit(limit)
          .lean()
      ).map(toDigest);
    },

    /**
     * Stores a correction if nobody corrected the digest since `revision` was read (optimistic):
     * the caller re-reads and retries on false.
     */
    async reviseDigest(
      digestId: string,
      revision: number,
      items: DigestItem[],
      parts: DigestPart[],
    ): Promise<boolean> {
      const result = await Digests.updateOne(
        { _id: new Types.ObjectId(digestId), revision },
        { $set: { items, parts, revision: revision + 1 } },
      );
      return result.modifiedCount === 1;
    },
  };
}

/** Subscribed channels. */
function channelRecords(Channels: Model<ChannelDocument>) {
  return {
    /** Subscribes (or re-activates) a channel; false when it was already active. */
    async subscribe(
      subscription: Omit<ChannelSubscription, 'active' | 'deactivatedAt' | 'deactivationReason'>,
    ): Promise<boolean> {
      const before = await Channels.findOneAndUpdate(
        { conversationId: subscription.conversationId },
        {
          $set: { ...subscription, active: true },
          $unset: { deactivatedAt: 1, deactivationReason: 1 },
        },
        { upsert: true, returnDocument: 'before', lean: true },
      );
      return !before?.active;
    },

    async deactivate(conversationId: string, reason: DeactivationReason, now: Date): Promise<boolean> {
      const result = await Channels.updateOne(
        { conversationId, active: true },
        { $set: { active: false, deactivatedAt: now, deactivationReason: reason } },
      );
      return result.modifiedCount === 1;
    },

    /** The bot left a team: none of its channels can receive anything any more. */
    async deactivateTeam(teamId: string, now: Date): Promise<number> {
      const result = await Channels.updateMany(
        { teamId, active: true },
        { $set: { active: false, deactivatedAt: now, deactivationReason: 'botRemoved' } },
      );
      return result.modifiedCount;
    },

    async activeChannels(): Promise<ChannelSubscription[]> {
      return (await Channels.find({ active: true }).sort({ subscribedAt: 1 }).lean()).map(toChannel);
    },

    async findChannels(conversationIds: string[]): Promise<ChannelSubscription[]> {
      return (await Channels.find({ conversationId: { $in: conversationIds } }).lean()).map(toChannel);
    },
  };
}

/** "J'ai lu" marks. */
function readRecords(Reads: Model<ReadDocument>) {
  return {
    /** True when this click is the person's first read of the digest. */
    async recordRead(
      digestId: string,
      memberId: string,
      conversationId: string,
      now: Date,
    ): Promise<boolean> {
      const digest = new Types.ObjectId(digestId);
      try {
        const result = await Reads.updateOne(
          { digestId: digest, memberId },
          { $setOnInsert: { digestId: digest, memberId, conversationId, readAt: now } },
          { upsert: true },
        );
        return result.upsertedCount === 1;
      } catch (error) {
        // Two clicks at the same instant: the unique index lets one in.
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    },

    async countReads(digestId: string): Promise<number> {
      return Reads.countDocuments({ digestId: new Types.ObjectId(digestId) });
    },

    async hasRead(digestId: string, memberId: string): Promise<boolean> {
      return Boolean(await Reads.exists({ digestId: new Types.ObjectId(digestId), memberId }));
    },

    async readCounts(digestIds: string[]): Promise<ReadCount[]> {
      const rows = await Reads.aggregate<{
        _id: { digestId: Types.ObjectId; conversationId: string };
        count: number;
      }>([
        { $match: { digestId: { $in: digestIds.map((id) => new Types.ObjectId(id)) } } },
        {
          $group: { _id: { digestId: '$digestId', conversationId: '$conversationId' }, count: { $sum: 1 } },
        },
      ]);
      return rows.map((row) => ({
        digestId: row._id.digestId.toHexString(),
        conversationId: row._id.conversationId,
        count: row.count,
      }));
    },
  };
}

/** What the slice keeps about a person, for export and erasure. */
function personalDataRecords({
  Items,
  Digests,
  Channels,
  Reads,
}: {
  Items: Model<ItemDocument>;
  Digests: Model<DigestDocument>;
  Channels: Model<ChannelDocument>;
  Reads: Model<ReadDocument>;
}) {
  return {
    async itemsAuthoredBy(memberId: string): Promise<ItemRecord[]> {
      return (await Items.find({ authorId: memberId }).sort({ createdAt: 1 }).lean()).map(toItem);
    },

    async readsOf(memberId: string): Promise<Array<{ digestId: string; readAt: Date }>> {
      return (await Reads.find({ memberId }).sort({ readAt: 1 }).lean()).map((read) => ({
        digestId: read.digestId.toHexString(),
        readAt: read.readAt,
      }));
    },

    /**
     * Erases an author: items nobody approved are deleted; approved and published ones are the
     * network's news and stay, without the author's id or name.
     */
    async eraseAuthor(memberId: string): Promise<{ deleted: number; anonymised: number }> {
      const deleted = await Items.deleteMany({
        authorId: memberId,
        status: { $in: ['proposed', 'rejected'] },
      });
      const anonymised = await Items.updateMany(
        { authorId: memberId },
        { $unset: { authorId: 1, authorName: 1 } },
      );
      return { deleted: deleted.deletedCount, anonymised: anonymised.modifiedCount };
    },

    /**
     * Unlinks a reader from their reads: the counts stay right, the reads are nobody's. A read
     * clicked in the person's 1:1 chat also loses that chat's id (it names the person); reads in
     * channels and group chats (ids `19:…`) keep theirs for the per-channel counts.
     */
    async anonymiseReads(memberId: string): Promise<number> {
      const [personal, shared] = await Promise.all([
        Reads.updateMany(
          { memberId, conversationId: { $not: /^19:/ } },
          { $unset: { memberId: 1 }, $set: { conversationId: personalReadConversation } },
        ),
        Reads.updateMany({ memberId, conversationId: /^19:/ }, { $unset: { memberId: 1 } }),
      ]);
      return personal.modifiedCount + shared.modifiedCount;
    },

    /**
     * What a person's id leaves in the records of others: the approver of items, the subscriber of
     * channels (and their Teams account in the channel's stored reference), and their Teams id in
     * the auto-refresh list of stored digest cards.
     */
    async eraseTraces(memberId: string, teamsUserId: string | undefined): Promise<number> {
      const [approved, subscribed] = await Promise.all([
        Items.updateMany({ approvedBy: memberId }, { $set: { approvedBy: erasedMemberTombstone } }),
        Channels.updateMany({ subscribedBy: memberId }, { $set: { subscribedBy: erasedMemberTombstone } }),
      ]);
      let changed = approved.modifiedCount + subscribed.modifiedCount;
      if (!teamsUserId) return changed;
      changed += (
        await Channels.updateMany({ 'reference.user.id': teamsUserId }, { $unset: { 'reference.user': 1 } })
      ).modifiedCount;
      for (const digest of await Digests.find({}, { parts: 1 }).lean()) {
        const parts = withoutValue(digest.parts, teamsUserId);
        if (parts === undefined) continue;
        await Digests.updateOne({ _id: digest._id }, { $set: { parts } });
        changed += 1;
      }
      return changed;
    },
  };
}

export type InfoFlashRepository = Awaited<ReturnType<typeof createInfoFlashRepository>>;

export async function createInfoFlashRepository(connection: Connection) {
  const Items = modelOf(connection, 'InfoFlashItem', itemSchema);
  const Digests = modelOf(connection, 'InfoFlashDigest', digestSchema);
  const Channels = modelOf(connection, 'InfoFlashChannel', channelSchema);
  const Reads = modelOf(connection, 'InfoFlashRead', readSchema);
  await Promise.all([Items.init(), Digests.init(), Channels.init(), Reads.init()]);
  return {
    ...itemRecords(Items),
    ...digestRecords(Digests),
    ...channelRecords(Channels),
    ...readRecords(Reads),
    ...personalDataRecords({ Items, Digests, Channels, Reads }),
  };
}
