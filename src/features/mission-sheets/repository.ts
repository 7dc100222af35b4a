import { Schema, Types, type Connection } from 'mongoose';
import { isDuplicateKey, modelOf } from '../../db/mongoose-helpers';
import type { Milestone, SheetAuthor, SheetContent } from './sheet-content';
import { sheetStatuses } from './sheet-status';
import { sharedCachesOf } from '../../db/shared-cache';

/** The current state of a group's sheet; `version` counts the saves, starting at 1. */
export interface SheetRecord extends SheetContent {
  groupSlug: string;
  version: number;
  updatedAt: Date;
  updatedBy: SheetAuthor;
}

/** One saved version, kept for the history (and never rewritten, except to erase an author's name). */
export interface SheetVersionRecord {
  groupSlug: string;
  version: number;
  content: SheetContent;
  savedBy: SheetAuthor;
  savedAt: Date;
}

/** How authors are stored: flat, so that erasure and export can query `memberId`. */
interface AuthorDocument {
  kind: SheetAuthor['kind'];
  memberId?: string;
  name?: string;
}

interface SheetDocument extends SheetContent {
  _id: Types.ObjectId;
  groupSlug: string;
  version: number;
  updatedAt: Date;
  updatedBy: AuthorDocument;
}

interface SheetVersionDocument {
  _id: Types.ObjectId;
  groupSlug: string;
  version: number;
  content: SheetContent;
  savedBy: AuthorDocument;
  savedAt: Date;
}

const authorSchema = new Schema<AuthorDocument>(
  {
    kind: { type: String, required: true, enum: ['member', 'system', 'erased'] },
    memberId: String,
    name: String,
  },
  { _id: false },
);

const milestoneSchema = new Schema<Milestone>(
  { date: { type: String, required: true }, title: { type: String, required: true } },
  { _id: false },
);

const contentFields = {
  status: { type: String, required: true, enum: sheetStatuses },
  objective: { type: String, default: '' },
  context: { type: String, default: '' },
  deliverables: { type: [String], default: [] },
  milestones: { type: [milestoneSchema], default: [] },
};

const sheetSchema = new Schema<SheetDocument>(
  {
    groupSlug: { type: String, required: true },
    version: { type: Number, required: true },
    ...contentFields,
    updatedAt: { type: Date, required: true },
    updatedBy: { type: authorSchema, required: true },
  },
  { collection: 'mission_sheets', versionKey: false },
);
// One sheet per group: two first saves at once cannot both create it.
sheetSchema.index({ groupSlug: 1 }, { unique: true });
sheetSchema.index({ 'updatedBy.memberId': 1 });

const sheetVersionSchema = new Schema<SheetVersionDocument>(
  {
    groupSlug: { type: String, required: true },
    version: { type: Number, required: true },
    content: { type: new Schema(contentFields, { _id: false }), required: true },
    savedBy: { type: authorSchema, required: true },
    savedAt: { type: Date, required: true },
  },
  { collection: 'mission_sheet_versions', versionKey: false },
);
sheetVersionSchema.index({ groupSlug: 1, version: 1 }, { unique: true });
sheetVersionSchema.index({ 'savedBy.memberId': 1 });

function toAuthor(document: AuthorDocument): SheetAuthor {
  if (document.kind === 'member' && document.memberId) {
    return { kind: 'member', memberId: document.memberId, name: document.name ?? '' };
  }
  return { kind: document.kind === 'system' ? 'system' : 'erased' };
}

function toContent(document: SheetContent): SheetContent {
  return {
    status: document.status,
    objective: document.objective ?? '',
    context: document.context ?? '',
    deliverables: [...(document.deliverables ?? [])],
    milestones: (document.milestones ?? []).map(({ date, title }) => ({ date, title })),
  };
}

function toSheet(document: SheetDocument): SheetRecord {
  return {
    groupSlug: document.groupSlug,
    version: document.version,
    ...toContent(document),
    updatedAt: document.updatedAt,
    updatedBy: toAuthor(document.updatedBy),
  };
}

function toVersion(document: SheetVersionDocument): SheetVersionRecord {
  return {
    groupSlug: document.groupSlug,
    version: document.version,
    content: toContent(document.content),
    savedBy: toAuthor(document.savedBy),
    savedAt: document.savedAt,
  };
}

/** Only the fields of the content, so that nothing else a caller passes reaches `$set`. */
function contentOf(content: SheetContent): SheetContent {
  const { status, objective, context, deliverables, milestones } = content;
  return {
    status,
    objective,
    context,
    deliverables,
    milestones: milestones.map(({ date, title }) => ({ date, title })),
  };
}

const erasedAuthor: AuthorDocument = { kind: 'erased' };

export type MissionSheetsRepository = Awaited<ReturnType<typeof createMissionSheetsRepository>>;

export async function createMissionSheetsRepository(connection: Connection) {
  const Sheets = modelOf(connection, 'MissionSheet', sheetSchema);
  const Versions = modelOf(connection, 'MissionSheetVersion', sheetVersionSchema);
  // Unique indexes must exist before the first write, or the invariants they carry are not enforced.
  await Promise.all([Sheets.init(), Versions.init()]);
  // One sheet per group, read at every `fiche` turn and saved a few times a month: kept in process.
  const caches = sharedCachesOf(connection);
  const sheetsByGroup = () =>
    caches.get('missionSheets', async () => {
      const documents = await Sheets.find({}).lean();
      return new Map(documents.map((document) => [document.groupSlug, toSheet(document)]));
    });

  async function recordVersion(version: SheetVersionRecord): Promise<void> {
    // Idempotent on (groupSlug, version): replaying the history entry of a save never duplicates it.
    await Versions.updateOne(
      { groupSlug: version.groupSlug, version: version.version },
      { $setOnInsert: { ...version, content: contentOf(version.content) } },
      { upsert: true },
    );
  }

  return {
    async findSheet(groupSlug: string): Promise<SheetRecord | undefined> {
      const sheet = (await sheetsByGroup()).get(groupSlug);
      // A copy: the cached sheet is shared by every turn of this process.
      return sheet && structuredClone(sheet);
    },

    /**
     * Saves a new version if, and only if, the sheet is still at `expectedVersion` (0: no sheet
     * yet). One atomic update decides; a stale form gets `undefined` and changes nothing.
     */
    async saveSheetVersion(save: {
      groupSlug: string;
      expectedVersion: number;
      content: SheetContent;
      savedBy: SheetAuthor;
      savedAt: Date;
    }): Promise<SheetRecord | undefined> {
      const { groupSlug, expectedVersion, savedBy, savedAt } = save;
      const content = contentOf(save.content);
      let document: SheetDocument | null;
      try {
        document = await Sheets.findOneAndUpdate(
          { groupSlug, version: expectedVersion },
          { $set: { ...content, updatedAt: savedAt, updatedBy: savedBy }, $inc: { version: 1 } },
          // The first save creates the sheet; if someone created it meanwhile, the unique index refuses.
          { upsert: expectedVersion === 0, returnDocument: 'after', lean: true },
        );
      } catch (error) {
        if (isDuplicateKey(error)) return undefined;
        throw error;
      }
      if (!document) return undefined;
      await caches.changed('missionSheets');
      const sheet = toSheet(document);
      // The sheet update above is the decision; the history entry follows it (and is idempotent).
      await recordVersion({ groupSlug, version: sheet.version, content, savedBy, savedAt });
      return sheet;
    },

    /** The most recent versions first. */
    async listVersions(groupSlug: string, limit: number): Promise<SheetVersionRecord[]> {
      const documents = await Versions.find({ groupSlug }).sort({ version: -1 }).limit(limit).lean();
      return documents.map(toVersion);
    },

    /** Seeds version 1 of a group's sheet once; edits made since are never overwritten by a restart. */
    async seedSheet(seed: { groupSlug: string; content: SheetContent; savedBy: SheetAuthor; savedAt: Date }) {
      const content = contentOf(seed.content);
      const first = {
        groupSlug: seed.groupSlug,
        version: 1,
        updatedAt: seed.savedAt,
        updatedBy: seed.savedBy,
      };
      try {
        const result = await Sheets.updateOne(
          { groupSlug: seed.groupSlug },
          { $setOnInsert: { ...first, ...content } },
          { upsert: true },
        );
        if (result.upsertedCount === 1) await caches.changed('missionSheets');
      } catch (error) {
        // Two instances starting at once: one insert wins, the other has nothing left to do.
        if (!isDuplicateKey(error)) throw error;
      }
      await recordVersion({
        groupSlug: seed.groupSlug,
        version: 1,
        content,
        savedBy: seed.savedBy,
        savedAt: seed.savedAt,
      });
    },

    /** The versions a person saved, for the export of their data. */
    async versionsSavedBy(memberId: string): Promise<SheetVersionRecord[]> {
      const documents = await Versions.find({ 'savedBy.memberId': memberId }).sort({ savedAt: 1 }).lean();
      return documents.map(toVersion);
    },

    /** Replaces the person's id and name by an anonymous marker; the content stays. Returns the documents changed. */
    async eraseAuthor(memberId: string): Promise<number> {
      const [versions, sheets] = await Promise.all([
        Versions.updateMany({ 'savedBy.memberId': memberId }, { $set: { savedBy: erasedAuthor } }),
        Sheets.updateMany({ 'updatedBy.memberId': memberId }, { $set: { updatedBy: erasedAuthor } }),
      ]);
      if (sheets.modifiedCount > 0) await caches.changed('missionSheets');
      return versions.modifiedCount + sheets.modifiedCount;
    },
  };
}
