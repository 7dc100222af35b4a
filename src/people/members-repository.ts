import { Schema, Types, type Connection } from 'mongoose';
import { erasedMemberTombstone } from '../privacy/personal-data';
import { isDuplicateKey, modelOf, objectIdFrom } from '../db/mongoose-helpers';
import { sharedCachesOf } from '../db/shared-cache';
import type { ConversationReferenceJson } from '../bot/messenger';
import type { UnreachableReason } from '../delivery/person-delivery';
import type { Locale } from '../i18n/translator';
import { foldAccents } from '../text';

export interface Profile {
  organisation?: string;
  direction?: string;
  site?: string;
  /** The person's trade ("métier"). */
  trade?: string;
  /** First day in the City's management, ISO date (YYYY-MM-DD), drives the integration path. */
  startDate?: string;
}

export interface MemberRecord {
  id: string;
  aadObjectId?: string;
  teamsUserId?: string;
  tenantId?: string;
  displayName: string;
  email?: string;
  userPrincipalName?: string;
  profile: Profile;
  /** The language of the person's Teams when they last wrote, for messages the bot sends on its own. */
  locale?: Locale;
  /** Reference of the 1:1 chat with the bot, to message the person proactively. */
  personalConversation?: ConversationReferenceJson;
  /** The Bot Connector endpoint that reaches the person (from a team roster or their own messages). */
  serviceUrl?: string;
  /** Set when Teams refused a 1:1 message (app blocked: 403, gone from the tenant: 404); cleared when they write. */
  unreachable?: { reason: UnreachableReason; status?: number; at: Date };
  /** First time the person talked to the bot; absent for people only known from the seed. */
  firstSeenAt?: Date;
  lastSeenAt?: Date;
  createdAt: Date;
}

export type RoleName = 'lead' | 'hrReferent' | 'coordinator' | 'steering';
export const groupRoles: readonly RoleName[] = ['lead', 'hrReferent'];

export interface RoleGrant {
  memberId: string;
  role: RoleName;
  /** Set for group roles (lead, hrReferent), absent for network-wide ones. */
  groupSlug?: string;
  grantedAt: Date;
  grantedBy?: string;
}

interface MemberDocument extends Omit<MemberRecord, 'id'> {
  _id: Types.ObjectId;
}

interface RoleGrantDocument extends Omit<RoleGrant, 'memberId'> {
  _id: Types.ObjectId;
  memberId: Types.ObjectId;
  /** '' for network-wide roles, so the unique index treats them as one key. */
  groupKey: string;
}

interface OrganisationDocument {
  _id: Types.ObjectId;
  name: string;
  nameKey: string;
  createdAt: Date;
}

const memberSchema = new Schema<MemberDocument>(
  {
    aadObjectId: String,
    teamsUserId: String,
    tenantId: String,
    displayName: { type: String, required: true },
    email: String,
    userPrincipalName: String,
    profile: {
      organisation: String,
      direction: String,
      site: String,
      trade: String,
      startDate: String,
    },
    locale: { type: String, enum: ['fr', 'en'] },
    personalConversation: Schema.Types.Mixed,
    serviceUrl: String,
    unreachable: { type: Schema.Types.Mixed, default: undefined },
    firstSeenAt: Date,
    lastSeenAt: Date,
    createdAt: { type: Date, required: true },
  },
  { collection: 'members', versionKey: false, minimize: false },
);
// A person is one record whatever the door they came in by; both ids are unique when present.
memberSchema.index(
  { aadObjectId: 1 },
  { unique: true, partialFilterExpression: { aadObjectId: { $type: 'string' } } },
);
memberSchema.index(
  { teamsUserId: 1 },
  { unique: true, partialFilterExpression: { teamsUserId: { $type: 'string' } } },
);
memberSchema.index({ userPrincipalName: 1 });

const roleGrantSchema = new Schema<RoleGrantDocument>(
  {
    memberId: { type: Schema.Types.ObjectId, required: true },
    role: { type: String, required: true, enum: ['lead', 'hrReferent', 'coordinator', 'steering'] },
    groupSlug: String,
    groupKey: { type: String, required: true, default: '' },
    grantedAt: { type: Date, required: true },
    grantedBy: String,
  },
  { collection: 'role_grants', versionKey: false },
);
roleGrantSchema.index({ memberId: 1, role: 1, groupKey: 1 }, { unique: true });
roleGrantSchema.index({ role: 1, groupKey: 1 });

const organisationSchema = new Schema<OrganisationDocument>(
  {
    name: { type: String, required: true },
    nameKey: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'organisations', versionKey: false },
);
organisationSchema.index({ nameKey: 1 }, { unique: true });

function toMember(document: MemberDocument): MemberRecord {
  const { _id, ...rest } = document;
  return { id: _id.toHexString(), ...rest, profile: rest.profile ?? {} };
}

function toGrant(document: RoleGrantDocument): RoleGrant {
  return {
    memberId: document.memberId.toHexString(),
    role: document.role,
    groupSlug: document.groupSlug || undefined,
    grantedAt: document.grantedAt,
    grantedBy: document.grantedBy,
  };
}

export interface Sighting {
  aadObjectId?: string;
  teamsUserId: string;
  tenantId?: string;
  displayName: string;
  /** Absent when the sighting is not the person writing (e.g. added to a team by someone else). */
  locale?: Locale;
  personalConversation?: ConversationReferenceJson;
  serviceUrl?: string;
  now: Date;
}

/** A person as a team's (or group chat's) roster lists them. */
export interface RosterPerson {
  teamsUserId: string;
  aadObjectId?: string;
  displayName: string;
  email?: string;
  userPrincipalName?: string;
  tenantId?: string;
}

export type MembersRepository = Awaited<ReturnType<typeof createMembersRepository>>;

/**
 * "Last seen" is kept to this precision: a person who talks to the bot again within it, with
 * nothing else changed, costs no write (their turn reads the member directory instead).
 */
export const lastSeenPrecisionMs = 5 * 60 * 1000;

/** Every member, indexed the ways a turn looks people up (the `members` shared cache). */
interface MemberDirectory {
  all: MemberRecord[];
  byId: Map<string, MemberRecord>;
  byAadObjectId: Map<string, MemberRecord>;
  byTeamsUserId: Map<string, MemberRecord>;
}

function directoryOf(members: MemberRecord[]): MemberDirectory {
  const index = (key: 'aadObjectId' | 'teamsUserId') =>
    new Map(members.filter((member) => member[key]).map((member) => [member[key] as string, member]));
  return {
    all: members,
    byId: new Map(members.map((member) => [member.id, member])),
    byAadObjectId: index('aadObjectId'),
    byTeamsUserId: index('teamsUserId'),
  };
}

/** The directory with this person's record added or replaced (a change applied in place). */
function withMember(member: MemberRecord): (directory: MemberDirectory) => MemberDirectory {
  return (directory) =>
    directoryOf(
      [...directory.all.filter((other) => other.id !== member.id), member].sort((a, b) =>
        a.displayName < b.displayName ? -1 : a.displayName > b.displayName ? 1 : 0,
      ),
    );
}

/** A conversation reference without the id of the activity it came with, which changes every turn. */
function stableReference(reference: ConversationReferenceJson | undefined): string {
  if (!reference) return '';
  const { activityId: _activityId, ...rest } = reference as Record<string, unknown>;
  return JSON.stringify(rest);
}

/** What the member directory shows of a person: everything but the time they were last seen. */
function directoryView(member: MemberRecord): string {
  const { lastSeenAt: _lastSeenAt, personalConversation, ...rest } = member;
  return JSON.stringify({ ...rest, personalConversation: stableReference(personalConversation) });
}

/** True when recording this sighting would change nothing but "last seen". */
function changesOnlyLastSeen(known: MemberRecord, sighting: Sighting): boolean {
  return (
    known.teamsUserId === sighting.teamsUserId &&
    known.displayName === sighting.displayName &&
    known.firstSeenAt !== undefined &&
    (!sighting.tenantId || known.tenantId === sighting.tenantId) &&
    (!sighting.locale || known.locale === sighting.locale) &&
    (!sighting.personalConversation ||
      stableReference(known.personalConversation) === stableReference(sighting.personalConversation))
  );
}

export async function createMembersRepository(connection: Connection) {
  const Members = modelOf(connection, 'Member', memberSchema);
  const RoleGrants = modelOf(connection, 'RoleGrant', roleGrantSchema);
  const Organisations = modelOf(connection, 'Organisation', organisationSchema);
  // Unique indexes must exist before the first write, or the invariants they carry are not enforced.
  await Promise.all([Members.init(), RoleGrants.init(), Organisations.init()]);
  const caches = sharedCachesOf(connection);
  const directory = () =>
    caches.get('members', async () =>
      directoryOf((await Members.find({}).sort({ displayName: 1 }).lean()).map(toMember)),
    );
  const allGrants = () => caches.get('roles', async () => (await RoleGrants.find({}).lean()).map(toGrant));
  /** When this process last wrote each person's "last seen" (member id → epoch ms). */
  const lastSeenWritten = new Map<string, number>();
  const knownBy = (found: MemberDirectory, identity: { aadObjectId?: string; teamsUserId?: string }) =>
    (identity.aadObjectId && found.byAadObjectId.get(identity.aadObjectId)) ||
    (identity.teamsUserId && found.byTeamsUserId.get(identity.teamsUserId)) ||
    undefined;

  const identityFilter = (identity: { aadObjectId?: string; teamsUserId?: string }) =>
    identity.aadObjectId ? { aadObjectId: identity.aadObjectId } : { teamsUserId: identity.teamsUserId };

  async function upsertSighting(sighting: Sighting) {
    return Members.findOneAndUpdate(
      identityFilter(sighting),
      {
        $set: {
          teamsUserId: sighting.teamsUserId,
          displayName: sighting.displayName,
          lastSeenAt: sighting.now,
          ...(sighting.tenantId ? { tenantId: sighting.tenantId } : {}),
          ...(sighting.locale ? { locale: sighting.locale } : {}),
          ...(sighting.personalConversation ? { personalConversation: sighting.personalConversation } : {}),
          ...(sighting.serviceUrl ? { serviceUrl: sighting.serviceUrl } : {}),
        },
        // Writing to the bot in private proves the 1:1 chat works again.
        ...(sighting.personalConversation ? { $unset: { unreachable: 1 } } : {}),
        $min: { firstSeenAt: sighting.now },
        $setOnInsert: {
          createdAt: sighting.now,
          profile: {},
          ...(sighting.aadObjectId ? { aadObjectId: sighting.aadObjectId } : {}),
        },
      },
      { upsert: true, returnDocument: 'after', lean: true },
    );
  }

  return {
    /**
     * Creates or refreshes the person we are talking to, atomically. `firstContact` is true the
     * first time this person talks to the bot (even if the seed already knew them).
     */
    async recordSighting(sighting: Sighting): Promise<{ member: MemberRecord; firstContact: boolean }> {
      const known = knownBy(await directory(), sighting);
      const writtenAt = known && lastSeenWritten.get(known.id);
      if (
        known &&
        writtenAt !== undefined &&
        sighting.now.getTime() - writtenAt < lastSeenPrecisionMs &&
        changesOnlyLastSeen(known, sighting)
      ) {
        return { member: known, firstContact: false };
      }
      let after;
      try {
        after = await upsertSighting(sighting);
      } catch (error) {
        // Two first messages at once: both upserts insert, the unique index refuses one; retry updates.
        if (!isDuplicateKey(error)) throw error;
        after = await upsertSighting(sighting);
      }
      if (!after) throw new Error('Member vanished right after being recorded');
      const member = toMember(after);
      lastSeenWritten.set(member.id, sighting.now.getTime());
      if (!known || directoryView(known) !== directoryView(member)) {
        await caches.changed('members', withMember(member));
      }
      // `$min` set firstSeenAt to this sighting's time only if the person had never been seen.
      return { member, firstContact: after.firstSeenAt?.getTime() === sighting.now.getTime() };
    },

    async setContactDetails(memberId: string, details: { email?: string; userPrincipalName?: string }) {
      const _id = objectIdFrom(memberId);
      if (!_id) return;
      const $set = Object.fromEntries(Object.entries(details).filter(([, value]) => value));
      if (Object.keys($set).length === 0) return;
      await Members.updateOne({ _id }, { $set });
      await caches.changed('members');
    },

    /** Stores the 1:1 chat the bot opened with someone who never wrote to it (e.g. added to a team). */
    async setPersonalConversation(memberId: string, reference: ConversationReferenceJson): Promise<void> {
      const _id = objectIdFrom(memberId);
      if (!_id) return;
      await Members.updateOne({ _id }, { $set: { personalConversation: reference } });
      await caches.changed('members');
    },

    /** Teams refused a 1:1 message: previews and the dashboard show it, sends skip the person. */
    async markUnreachable(
      memberId: string,
      failure: { reason: UnreachableReason; status?: number },
      now: Date,
    ): Promise<void> {
      const _id = objectIdFrom(memberId);
      if (!_id) return;
      await Members.updateOne({ _id }, { $set: { unreachable: { ...failure, at: now } } });
      await caches.changed('members');
    },

    /**
     * Records everyone of a roster in one bulk write: new people are created, known ones get their
     * Teams ids, name, contact details and Bot Connector address refreshed. Returns the member ids
     * in roster order and how many were new.
     */
    async recordRoster(
      people: readonly RosterPerson[],
      where: { serviceUrl: string; tenantId?: string; now: Date },
    ): Promise<{ memberIds: string[]; created: number }> {
      if (people.length === 0) return { memberIds: [], created: 0 };
      const result = await Members.bulkWrite(
        people.map((person) => ({
          updateOne: {
            // Either id finds the person: someone first seen without their Entra id gets it now.
            filter: person.aadObjectId
              ? { $or: [{ aadObjectId: person.aadObjectId }, { teamsUserId: person.teamsUserId }] }
              : { teamsUserId: person.teamsUserId },
            update: {
              $set: {
                teamsUserId: person.teamsUserId,
                ...(person.aadObjectId ? { aadObjectId: person.aadObjectId } : {}),
                serviceUrl: where.serviceUrl,
                ...Object.fromEntries(
                  Object.entries({
                    displayName: person.displayName,
                    email: person.email,
                    userPrincipalName: person.userPrincipalName,
                    tenantId: person.tenantId ?? where.tenantId,
                  }).filter(([, value]) => value),
                ),
              },
              $setOnInsert: {
                createdAt: where.now,
                profile: {},
                ...(person.displayName ? {} : { displayName: '' }),
              },
            },
            upsert: true,
          },
        })),
        { ordered: false },
      );
      await caches.changed('members');
      const documents = await Members.find(
        { teamsUserId: { $in: people.map((person) => person.teamsUserId) } },
        { _id: 1, teamsUserId: 1 },
      ).lean();
      const byTeamsId = new Map(
        documents.map((document) => [document.teamsUserId, document._id.toHexString()]),
      );
      return {
        memberIds: people
          .map((person) => byTeamsId.get(person.teamsUserId))
          .filter((id): id is string => id !== undefined),
        created: result.upsertedCount,
      };
    },

    async findById(memberId: string): Promise<MemberRecord | undefined> {
      return (await directory()).byId.get(memberId);
    },

    async findByIdentity(identity: {
      aadObjectId?: string;
      teamsUserId?: string;
    }): Promise<MemberRecord | undefined> {
      if (!identity.aadObjectId && !identity.teamsUserId) return undefined;
      return knownBy(await directory(), identity);
    },

    async findByIds(memberIds: string[]): Promise<MemberRecord[]> {
      const { byId } = await directory();
      return [...new Set(memberIds)]
        .map((memberId) => byId.get(memberId))
        .filter((member): member is MemberRecord => member !== undefined);
    },

    /** Everyone, sorted by name: the roster of 350 is small enough to hold at once. */
    async listAll(): Promise<MemberRecord[]> {
      return [...(await directory()).all];
    },

    async updateProfile(memberId: string, profile: Profile): Promise<MemberRecord | undefined> {
      const _id = objectIdFrom(memberId);
      if (!_id) return undefined;
      const document = await Members.findOneAndUpdate(
        { _id },
        { $set: { profile } },
        { returnDocument: 'after', lean: true },
      );
      if (!document) return undefined;
      const member = toMember(document);
      await caches.changed('members', withMember(member));
      return member;
    },

    /** Inserts or refreshes a seeded person by Entra id, without touching what they changed since. */
    async seedMember(seed: {
      aadObjectId: string;
      teamsUserId: string;
      displayName: string;
      email: string;
      profile: Profile;
      now: Date;
    }): Promise<MemberRecord> {
      const result = await Members.findOneAndUpdate(
        { aadObjectId: seed.aadObjectId },
        {
          $setOnInsert: {
            aadObjectId: seed.aadObjectId,
            teamsUserId: seed.teamsUserId,
            displayName: seed.displayName,
            email: seed.email,
            userPrincipalName: seed.email,
            profile: seed.profile,
            createdAt: seed.now,
          },
        },
        { upsert: true, returnDocument: 'after', lean: true, includeResultMetadata: true },
      );
      if (!result.value) throw new Error(`Seeding ${seed.displayName} failed`);
      const member = toMember(result.value);
      // Only an insert changes anything: a person seeded before keeps what they changed since.
      if (result.lastErrorObject?.updatedExisting === false)
        await caches.changed('members', withMember(member));
      return member;
    },

    async grantsOf(memberId: string): Promise<RoleGrant[]> {
      return (await allGrants()).filter((grant) => grant.memberId === memberId);
    },

    async grantsFor(role: RoleName, groupSlug?: string): Promise<RoleGrant[]> {
      return (await allGrants()).filter((grant) => grant.role === role && grant.groupSlug === groupSlug);
    },

    async grantsForGroups(groupSlugs: string[]): Promise<RoleGrant[]> {
      return (await allGrants()).filter((grant) => grant.groupSlug && groupSlugs.includes(grant.groupSlug));
    },

    /** Idempotent: granting twice leaves one grant. Returns true when the grant is new. */
    async grantRole(grant: Omit<RoleGrant, 'grantedAt'> & { now: Date }): Promise<boolean> {
      const memberId = objectIdFrom(grant.memberId);
      if (!memberId) return false;
      const groupKey = grant.groupSlug ?? '';
      try {
        const result = await RoleGrants.updateOne(
          { memberId, role: grant.role, groupKey },
          {
            $setOnInsert: {
              memberId,
              role: grant.role,
              groupKey,
              ...(grant.groupSlug ? { groupSlug: grant.groupSlug } : {}),
              grantedAt: grant.now,
              ...(grant.grantedBy ? { grantedBy: grant.grantedBy } : {}),
            },
          },
          { upsert: true },
        );
        if (result.upsertedCount === 1) await caches.changed('roles');
        return result.upsertedCount === 1;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    },

    async revokeRole(memberId: string, role: RoleName, groupSlug?: string): Promise<boolean> {
      const _id = objectIdFrom(memberId);
      if (!_id) return false;
      const result = await RoleGrants.deleteOne({ memberId: _id, role, groupKey: groupSlug ?? '' });
      if (result.deletedCount === 1) await caches.changed('roles');
      return result.deletedCount === 1;
    },

    async listOrganisations(): Promise<string[]> {
      return (await Organisations.find({}).sort({ name: 1 }).lean()).map((organisation) => organisation.name);
    },

    /** Returns false when an organisation of that name (ignoring case and accents) exists. */
    async addOrganisation(name: string, now: Date): Promise<boolean> {
      const nameKey = foldAccents(name).trim();
      const result = await Organisations.updateOne(
        { nameKey },
        { $setOnInsert: { name, nameKey, createdAt: now } },
        { upsert: true },
      );
      return result.upsertedCount === 1;
    },

    /** The member's record and role grants, for the GDPR export. */
    async exportMember(memberId: string) {
      const _id = objectIdFrom(memberId);
      if (!_id) return undefined;
      const [member, grants] = await Promise.all([
        Members.findById(_id).lean(),
        RoleGrants.find({ memberId: _id }).lean(),
      ]);
      return member ? { member: toMember(member), roles: grants.map(toGrant) } : undefined;
    },

    /** Deletes the member record and their role grants; grants they gave keep a tombstone. */
    async eraseMember(memberId: string): Promise<number> {
      const _id = objectIdFrom(memberId);
      if (!_id) return 0;
      const [grants, granted, members] = await Promise.all([
        RoleGrants.deleteMany({ memberId: _id }),
        // Roles this member granted to others stay; who granted them goes.
        RoleGrants.updateMany({ grantedBy: memberId }, { $set: { grantedBy: erasedMemberTombstone } }),
        Members.deleteOne({ _id }),
      ]);
      await caches.changed('roles');
      await caches.changed('members');
      return grants.deletedCount + granted.modifiedCount + members.deletedCount;
    },
  };
}
