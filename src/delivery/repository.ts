import { Schema, Types, type Connection } from 'mongoose';
import { modelOf } from '../db/mongoose-helpers';
import { withoutValue } from '../privacy/personal-data';
import type { ConversationReferenceJson } from '../bot/messenger';
import type { OutgoingMessage } from '../bot/turn';

export type DeliveryOperation = 'post' | 'update' | 'delete';
export type DeliveryState = 'pending' | 'sending' | 'sent' | 'failed';

/** One message (possibly several posts in order) to one conversation: the outbox's unit of work. */
export interface Delivery {
  id: string;
  /** What this belongs to, for reports: e.g. `digest:<id>` or `poll:<id>`. */
  batchKey: string;
  /** Unique with the conversation: enqueuing the same message twice creates one delivery. */
  messageKey: string;
  /** The conversation, or `person:<memberId>` for a delivery to a person (see `recipientMemberId`). */
  conversationId: string;
  /** Where to send; absent for a person whose 1:1 chat the outbox opens at send time. */
  reference?: ConversationReferenceJson;
  /** Set for a delivery to a person: their 1:1 chat is looked up (or opened) when it is sent. */
  recipientMemberId?: string;
  operation: DeliveryOperation;
  /** The posts, in order; for `update`, the new content of each post of `targetMessageKey`. */
  messages: OutgoingMessage[];
  /** For update/delete: the post delivery whose activities are changed. */
  targetMessageKey?: string;
  state: DeliveryState;
  attempts: number;
  lastError?: string;
  lastStatus?: number;
  /** Teams activity ids of the posts sent so far (progress survives a crash between posts). */
  activityIds: string[];
  nextAttemptAt: Date;
  /** The sender lane holding the claim (`<instance>/<lane>`). */
  claimedBy?: string;
  /** The process of that lane: its other lanes never wait for its own claims. */
  claimInstance?: string;
  claimedUntil?: Date;
  createdAt: Date;
  sentAt?: Date;
  /** Set once sent or failed for good: the record (a reference and cards naming people) then expires. */
  expiresAt?: Date;
}

export type NewDelivery = Pick<
  Delivery,
  | 'batchKey'
  | 'messageKey'
  | 'conversationId'
  | 'reference'
  | 'recipientMemberId'
  | 'operation'
  | 'messages'
  | 'targetMessageKey'
>;

interface DeliveryDocument extends Omit<Delivery, 'id'> {
  _id: Types.ObjectId;
}

const deliverySchema = new Schema<DeliveryDocument>(
  {
    batchKey: { type: String, required: true },
    messageKey: { type: String, required: true },
    conversationId: { type: String, required: true },
    reference: Schema.Types.Mixed,
    recipientMemberId: String,
    operation: { type: String, required: true, enum: ['post', 'update', 'delete'] },
    messages: { type: Schema.Types.Mixed, default: [] },
    targetMessageKey: String,
    state: { type: String, required: true, enum: ['pending', 'sending', 'sent', 'failed'] },
    attempts: { type: Number, required: true, default: 0 },
    lastError: String,
    lastStatus: Number,
    activityIds: { type: [String], default: [] },
    nextAttemptAt: { type: Date, required: true },
    claimedBy: String,
    claimInstance: String,
    claimedUntil: Date,
    createdAt: { type: Date, required: true },
    sentAt: Date,
    expiresAt: Date,
  },
  { collection: 'outbox_deliveries', versionKey: false, minimize: false },
);
// The crash-safety invariant: one delivery per message and conversation, whoever enqueues it.
deliverySchema.index({ messageKey: 1, conversationId: 1 }, { unique: true });
deliverySchema.index({ state: 1, nextAttemptAt: 1 });
deliverySchema.index({ batchKey: 1 });
// Finished deliveries hold conversation references and rendered cards with names: they go after
// `finishedRetentionMs`, long enough for a digest to be corrected or withdrawn and a poll to close.
deliverySchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
deliverySchema.index({ 'reference.user.id': 1 });

export const finishedRetentionMs = 90 * 24 * 60 * 60 * 1000;
const expiryAfter = (now: Date) => new Date(now.getTime() + finishedRetentionMs);

interface OutboxStateDocument {
  _id: string;
  throttledUntil: Date;
}

const outboxStateSchema = new Schema<OutboxStateDocument>(
  { _id: { type: String, required: true }, throttledUntil: { type: Date, required: true } },
  { collection: 'outbox_state', versionKey: false },
);

/** Deliveries to the person's 1:1 chat: by stored reference, or addressed to the person (chat opened at send). */
function personalDeliveriesOf(teamsUserId: string | undefined, memberId: string) {
  return {
    $or: [
      { recipientMemberId: memberId },
      ...(teamsUserId
        ? [{ 'reference.user.id': teamsUserId, 'reference.conversation.conversationType': 'personal' }]
        : []),
    ],
  };
}

const unclaim = { claimedBy: 1, claimInstance: 1, claimedUntil: 1 } as const;

function toDelivery(document: DeliveryDocument): Delivery {
  const { _id, ...rest } = document;
  return { id: _id.toHexString(), ...rest, activityIds: rest.activityIds ?? [] };
}

export type OutboxRepository = Awaited<ReturnType<typeof createOutboxRepository>>;

export async function createOutboxRepository(connection: Connection) {
  const Deliveries = modelOf(connection, 'OutboxDelivery', deliverySchema);
  const OutboxState = modelOf(connection, 'OutboxState', outboxStateSchema);
  await Promise.all([Deliveries.init(), OutboxState.init()]);

  return {
    /** Idempotent: deliveries that already exist (same message and conversation) are kept as they are. */
    async enqueue(deliveries: NewDelivery[], now: Date): Promise<number> {
      if (deliveries.length === 0) return 0;
      const result = await Deliveries.bulkWrite(
        deliveries.map((delivery) => ({
          updateOne: {
            filter: { messageKey: delivery.messageKey, conversationId: delivery.conversationId },
            update: {
              $setOnInsert: {
                ...delivery,
                state: 'pending',
                attempts: 0,
                activityIds: [],
                nextAttemptAt: now,
                createdAt: now,
              },
            },
            upsert: true,
          },
        })),
        { ordered: false },
      );
      return result.upsertedCount;
    },

    /**
     * Atomically takes the next delivery due, or one whose sender vanished (lease expired): two
     * senders on the same database never hold the same delivery.
     */
    async claimNext(
      claim: { workerId: string; instance?: string },
      now: Date,
      leaseMs: number,
    ): Promise<Delivery | undefined> {
      const { workerId, instance } = claim;
      const document = await Deliveries.findOneAndUpdate(
        {
          $or: [
            { state: 'pending', nextAttemptAt: { $lte: now } },
            { state: 'sending', claimedUntil: { $lt: now } },
          ],
        },
        {
          $set: {
            state: 'sending',
            claimedBy: workerId,
            claimInstance: instance ?? workerId,
            claimedUntil: new Date(now.getTime() + leaseMs),
          },
        },
        { sort: { nextAttemptAt: 1, createdAt: 1 }, returnDocument: 'after', lean: true },
      );
      return document ? toDelivery(document) : undefined;
    },

    /** Records one post of a multi-post delivery as accepted by Teams, under our claim only. */
    async recordProgress(id: string, workerId: string, activityIds: string[]): Promise<void> {
      await Deliveries.updateOne({ _id: id, claimedBy: workerId }, { $set: { activityIds } });
    },

    async markSent(id: string, workerId: string, activityIds: string[], now: Date): Promise<void> {
      await Deliveries.updateOne(
        { _id: id, claimedBy: workerId },
        {
          $set: { state: 'sent', activityIds, sentAt: now, expiresAt: expiryAfter(now) },
          $unset: unclaim,
        },
      );
    },

    /** Keeps our claim alive while a send is in flight, so no other sender takes it over. */
    async renewClaim(id: string, workerId: string, until: Date): Promise<boolean> {
      const result = await Deliveries.updateOne(
        { _id: id, claimedBy: workerId, state: 'sending' },
        { $set: { claimedUntil: until } },
      );
      return result.matchedCount === 1;
    },

    /** Gives a claimed delivery back untouched (shutdown): the next sender resumes it at once. */
    async release(id: string, workerId: string, now: Date): Promise<void> {
      await Deliveries.updateOne(
        { _id: id, claimedBy: workerId, state: 'sending' },
        { $set: { state: 'pending', nextAttemptAt: now }, $unset: unclaim },
      );
    },

    async markRetry(
      id: string,
      workerId: string,
      failure: { error: string; status?: number; at: Date },
    ): Promise<void> {
      await Deliveries.updateOne(
        { _id: id, claimedBy: workerId },
        {
          $set: {
            state: 'pending',
            nextAttemptAt: failure.at,
            lastError: failure.error,
            lastStatus: failure.status,
          },
          $inc: { attempts: 1 },
          $unset: unclaim,
        },
      );
    },

    async markFailed(
      id: string,
      workerId: string,
      failure: { error: string; status?: number; at?: Date },
    ): Promise<void> {
      await Deliveries.updateOne(
        { _id: id, claimedBy: workerId },
        {
          $set: {
            state: 'failed',
            lastError: failure.error,
            lastStatus: failure.status,
            ...(failure.at ? { expiresAt: expiryAfter(failure.at) } : {}),
          },
          $inc: { attempts: 1 },
          $unset: unclaim,
        },
      );
    },

    async findPost(messageKey: string, conversationId: string): Promise<Delivery | undefined> {
      const document = await Deliveries.findOne({ messageKey, conversationId, operation: 'post' }).lean();
      return document ? toDelivery(document) : undefined;
    },

    async deliveriesOf(batchKey: string): Promise<Delivery[]> {
      return (await Deliveries.find({ batchKey }).sort({ createdAt: 1 }).lean()).map(toDelivery);
    },

    /**
     * When the next waiting delivery becomes claimable by `workerId`: a pending one falling due, or
     * another sender's claim expiring. The worker's own claims are not waited for: its other lanes
     * are sending them, and an idle lane that slept until their lease ran out held drains up for a
     * whole lease after the last send.
     */
    async nextDueAt(instance?: string): Promise<Date | undefined> {
      const [pending, claimed] = await Promise.all([
        Deliveries.findOne({ state: 'pending' }).sort({ nextAttemptAt: 1 }).lean(),
        Deliveries.findOne({ state: 'sending', ...(instance ? { claimInstance: { $ne: instance } } : {}) })
          .sort({ claimedUntil: 1 })
          .lean(),
      ]);
      const times = [
        pending?.nextAttemptAt,
        claimed ? (claimed.claimedUntil ?? claimed.nextAttemptAt) : undefined,
      ]
        .filter((time): time is Date => time !== undefined)
        .map((time) => time.getTime());
      return times.length > 0 ? new Date(Math.min(...times)) : undefined;
    },

    /** Deliveries a sender could take now: pending and due, or claimed by a sender that vanished. */
    async countDue(now: Date): Promise<number> {
      return Deliveries.countDocuments({
        $or: [
          { state: 'pending', nextAttemptAt: { $lte: now } },
          { state: 'sending', claimedUntil: { $lt: now } },
        ],
      });
    },

    /** Deliveries per state for every batch whose key starts with the prefix (e.g. `digest:`), for reports. */
    async countByState(batchKeyPrefix: string): Promise<Record<DeliveryState, number>> {
      const escaped = batchKeyPrefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const counts: Record<DeliveryState, number> = { pending: 0, sending: 0, sent: 0, failed: 0 };
      const rows = await Deliveries.aggregate<{ _id: DeliveryState; count: number }>([
        { $match: { batchKey: { $regex: `^${escaped}` } } },
        { $group: { _id: '$state', count: { $sum: 1 } } },
      ]);
      for (const row of rows) counts[row._id] = row.count;
      return counts;
    },

    /** Personal data: what is queued for or was sent to this person's 1:1 chat. */
    async deliveriesToPerson(teamsUserId: string | undefined, memberId: string): Promise<Delivery[]> {
      return (
        await Deliveries.find(personalDeliveriesOf(teamsUserId, memberId)).sort({ createdAt: 1 }).lean()
      ).map(toDelivery);
    },

    /**
     * Erasure: deliveries to the person's 1:1 chat go; in the others (channels), their Teams
     * account leaves the stored reference and their id leaves the cards' refresh lists.
     */
    async erasePerson(teamsUserId: string | undefined, memberId: string): Promise<number> {
      const deleted = (await Deliveries.deleteMany(personalDeliveriesOf(teamsUserId, memberId))).deletedCount;
      if (!teamsUserId) return deleted;
      const unlinked = (
        await Deliveries.updateMany({ 'reference.user.id': teamsUserId }, { $unset: { 'reference.user': 1 } })
      ).modifiedCount;
      let scrubbed = 0;
      for (const delivery of await Deliveries.find({}, { messages: 1 }).lean()) {
        const messages = withoutValue(delivery.messages, teamsUserId);
        if (messages === undefined) continue;
        await Deliveries.updateOne({ _id: delivery._id }, { $set: { messages } });
        scrubbed += 1;
      }
      return deleted + unlinked + scrubbed;
    },

    /** Deliveries of one message per state (e.g. a poll's cards), for a progress report. */
    async countMessageStates(messageKey: string): Promise<Record<DeliveryState, number>> {
      const counts: Record<DeliveryState, number> = { pending: 0, sending: 0, sent: 0, failed: 0 };
      const rows = await Deliveries.aggregate<{ _id: DeliveryState; count: number }>([
        { $match: { messageKey } },
        { $group: { _id: '$state', count: { $sum: 1 } } },
      ]);
      for (const row of rows) counts[row._id] = row.count;
      return counts;
    },

    async throttledUntil(): Promise<Date | undefined> {
      return (await OutboxState.findById('throttle').lean())?.throttledUntil;
    },

    /** Shared by every instance: the latest pause wins, an earlier one never shortens it. */
    async throttleUntil(until: Date): Promise<void> {
      await OutboxState.updateOne({ _id: 'throttle' }, { $max: { throttledUntil: until } }, { upsert: true });
    },
  };
}
