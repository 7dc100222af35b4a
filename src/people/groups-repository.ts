import { Schema, Types, type Connection } from 'mongoose';
import { modelOf, objectIdFrom } from '../db/mongoose-helpers';
import { sharedCachesOf } from '../db/shared-cache';
import type { ConversationReferenceJson } from '../bot/messenger';

export interface Workstream {
  slug: string;
  title: string;
}

export interface GroupRecord {
  slug: string;
  title: string;
  theme: string;
  workstreams: Workstream[];
  /** Display order on the groups card. */
  order: number;
  createdAt: Date;
  /** The group's own Teams channel, where its polls can be posted (linked by a lead). */
  channelReference?: ConversationReferenceJson;
}

export interface Membership {
  groupSlug: string;
  memberId: string;
  joinedAt: Date;
}

interface GroupDocument extends GroupRecord {
  _id: Types.ObjectId;
}

interface MembershipDocument {
  _id: Types.ObjectId;
  groupSlug: string;
  memberId: Types.ObjectId;
  joinedAt: Date;
}

const groupSchema = new Schema<GroupDocument>(
  {
    slug: { type: String, required: true },
    title: { type: String, required: true },
    theme: { type: String, required: true },
    workstreams: [{ _id: false, slug: String, title: String }],
    order: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    channelReference: Schema.Types.Mixed,
  },
  { collection: 'groups', versionKey: false },
);
groupSchema.index({ slug: 1 }, { unique: true });

const membershipSchema = new Schema<MembershipDocument>(
  {
    groupSlug: { type: String, required: true },
    memberId: { type: Schema.Types.ObjectId, required: true },
    joinedAt: { type: Date, required: true },
  },
  { collection: 'group_memberships', versionKey: false },
);
// One membership per person and group: double clicks and two devices cannot join twice.
membershipSchema.index({ groupSlug: 1, memberId: 1 }, { unique: true });
membershipSchema.index({ memberId: 1 });

function toGroup(document: GroupDocument): GroupRecord {
  const { _id: _ignored, ...group } = document;
  return { ...group, workstreams: group.workstreams ?? [] };
}

function toMembership(document: MembershipDocument): Membership {
  return {
    groupSlug: document.groupSlug,
    memberId: document.memberId.toHexString(),
    joinedAt: document.joinedAt,
  };
}

function countByGroup(memberships: readonly Membership[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { groupSlug } of memberships) counts.set(groupSlug, (counts.get(groupSlug) ?? 0) + 1);
  return counts;
}

export type GroupsRepository = Awaited<ReturnType<typeof createGroupsRepository>>;

export async function createGroupsRepository(connection: Connection) {
  const Groups = modelOf(connection, 'Group', groupSchema);
  const Memberships = modelOf(connection, 'GroupMembership', membershipSchema);
  await Promise.all([Groups.init(), Memberships.init()]);
  const caches = sharedCachesOf(connection);
  /** The groups, in display order (the `groups` shared cache). */
  const allGroups = () =>
    caches.get('groups', async () =>
      (await Groups.find({}).sort({ order: 1, title: 1 }).lean()).map(toGroup),
    );
  /** Every membership, oldest first (the `memberships` shared cache): a few per person. */
  const allMemberships = () =>
    caches.get('memberships', async () =>
      (await Memberships.find({}).sort({ joinedAt: 1 }).lean()).map(toMembership),
    );

  return {
    async listGroups(): Promise<GroupRecord[]> {
      return [...(await allGroups())];
    },

    async findGroup(slug: string): Promise<GroupRecord | undefined> {
      return (await allGroups()).find((group) => group.slug === slug);
    },

    /** Seeds a group once; a coordinator's later edits are never overwritten by a restart. */
    async seedGroup(group: GroupRecord): Promise<void> {
      const result = await Groups.updateOne({ slug: group.slug }, { $setOnInsert: group }, { upsert: true });
      if (result.upsertedCount === 1) await caches.changed('groups');
    },

    /** Links (or re-links) the group's channel; false for an unknown group. */
    async linkChannel(slug: string, reference: ConversationReferenceJson): Promise<boolean> {
      const linked =
        (await Groups.updateOne({ slug }, { $set: { channelReference: reference } })).matchedCount === 1;
      if (linked) await caches.changed('groups');
      return linked;
    },

    /** Idempotent: true when this call made the person a member, false if they already were. */
    async join(groupSlug: string, memberId: string, now: Date): Promise<boolean> {
      const member = objectIdFrom(memberId);
      if (!member) return false;
      try {
        const result = await Memberships.updateOne(
          { groupSlug, memberId: member },
          { $setOnInsert: { groupSlug, memberId: member, joinedAt: now } },
          { upsert: true },
        );
        if (result.upsertedCount !== 1) return false;
      } catch (error) {
        // Two clicks at the same instant: the unique index lets one insert win; the other is a no-op.
        if ((error as { code?: number }).code === 11000) return false;
        throw error;
      }
      // Idempotent: a copy loaded just after the insert already holds the membership.
      await caches.changed<Membership[]>('memberships', (memberships) => [
        ...memberships.filter(
          (membership) => membership.groupSlug !== groupSlug || membership.memberId !== memberId,
        ),
        { groupSlug, memberId, joinedAt: now },
      ]);
      return true;
    },

    /** Idempotent: true when this call removed the membership. */
    async leave(groupSlug: string, memberId: string): Promise<boolean> {
      const member = objectIdFrom(memberId);
      if (!member) return false;
      const left = (await Memberships.deleteOne({ groupSlug, memberId: member })).deletedCount === 1;
      if (left) {
        await caches.changed<Membership[]>('memberships', (memberships) =>
          memberships.filter(
            (membership) => membership.groupSlug !== groupSlug || membership.memberId !== memberId,
          ),
        );
      }
      return left;
    },

    async isMember(groupSlug: string, memberId: string): Promise<boolean> {
      return (await allMemberships()).some(
        (membership) => membership.groupSlug === groupSlug && membership.memberId === memberId,
      );
    },

    async groupsOf(memberId: string): Promise<Membership[]> {
      return (await allMemberships()).filter((membership) => membership.memberId === memberId);
    },

    async membersOf(groupSlug: string): Promise<Membership[]> {
      return (await allMemberships()).filter((membership) => membership.groupSlug === groupSlug);
    },

    /** Number of members per group slug. */
    async countMembers(): Promise<Map<string, number>> {
      return countByGroup(await allMemberships());
    },

    /** Members per group and the groups this person belongs to (the groups card). */
    async membershipSummary(memberId: string): Promise<{ counts: Map<string, number>; mine: Set<string> }> {
      const memberships = await allMemberships();
      const counts = countByGroup(memberships);
      const mine = memberships.filter((membership) => membership.memberId === memberId);
      return { counts, mine: new Set(mine.map((membership) => membership.groupSlug)) };
    },

    /** Distinct people who belong to at least one group: the network's active members. */
    async activeMemberIds(): Promise<Set<string>> {
      return new Set((await allMemberships()).map((membership) => membership.memberId));
    },

    async eraseMember(memberId: string): Promise<number> {
      const member = objectIdFrom(memberId);
      if (!member) return 0;
      const erased = (await Memberships.deleteMany({ memberId: member })).deletedCount;
      await caches.changed('memberships');
      return erased;
    },
  };
}
