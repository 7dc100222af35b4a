import { Schema, Types, type Connection, type Model } from 'mongoose';
import { involvements, type Involvement, type PathStep, type StepProgress } from './path-progress';
import { sharedCachesOf } from '../../db/shared-cache';
import { isRecordId } from '../../record-id';

/** A section of the welcome booklet; the body is Teams markdown and may be long (paginated on display). */
export interface BookletSection {
  slug: string;
  order: number;
  title: string;
  body: string;
}

export type WelcomeChannel = 'personal' | 'team';
export type MilestoneKind = 'profileCompleted' | 'pathCompleted';
export type ReminderStatus = 'sending' | 'sent' | 'failed';

interface StepDocument extends PathStep {
  _id: Types.ObjectId;
  updatedAt: Date;
  updatedBy?: string;
}

interface SectionDocument extends BookletSection {
  _id: Types.ObjectId;
  updatedAt: Date;
  updatedBy?: string;
}

interface ProgressDocument {
  _id: Types.ObjectId;
  memberId: Types.ObjectId;
  stepSlug: string;
  doneAt: Date;
}

interface WelcomeDocument {
  _id: Types.ObjectId;
  memberId: Types.ObjectId;
  welcomedAt: Date;
  channel: WelcomeChannel;
}

interface TeamGreetingDocument {
  _id: Types.ObjectId;
  teamId: string;
  memberId: Types.ObjectId;
  greetedAt: Date;
}

interface ReminderDocument {
  _id: Types.ObjectId;
  memberId: Types.ObjectId;
  /** The calendar day in the network's time zone: one reminder per person and day. */
  day: string;
  stepSlugs: string[];
  status: ReminderStatus;
  claimedAt: Date;
}

interface MilestoneDocument {
  _id: Types.ObjectId;
  memberId: Types.ObjectId;
  kind: MilestoneKind;
  notifiedAt: Date;
}

interface PreferenceDocument {
  _id: Types.ObjectId;
  memberId: Types.ObjectId;
  remindersPaused: boolean;
  updatedAt: Date;
}

const stepSchema = new Schema<StepDocument>(
  {
    slug: { type: String, required: true },
    order: { type: Number, required: true },
    title: { type: String, required: true },
    description: { type: String, required: true },
    link: String,
    dueDay: { type: Number, required: true },
    involves: [{ type: String, enum: involvements }],
    updatedAt: { type: Date, required: true },
    updatedBy: String,
  },
  { collection: 'onboarding_steps', versionKey: false },
);
stepSchema.index({ slug: 1 }, { unique: true });

const sectionSchema = new Schema<SectionDocument>(
  {
    slug: { type: String, required: true },
    order: { type: Number, required: true },
    title: { type: String, required: true },
    body: { type: String, required: true },
    updatedAt: { type: Date, required: true },
    updatedBy: String,
  },
  { collection: 'booklet_sections', versionKey: false },
);
sectionSchema.index({ slug: 1 }, { unique: true });

const progressSchema = new Schema<ProgressDocument>(
  {
    memberId: { type: Schema.Types.ObjectId, required: true },
    stepSlug: { type: String, required: true },
    doneAt: { type: Date, required: true },
  },
  { collection: 'onboarding_progress', versionKey: false },
);
// A step is done once per person: "Fait" clicked twice, or on two devices, records one tick.
progressSchema.index({ memberId: 1, stepSlug: 1 }, { unique: true });

const welcomeSchema = new Schema<WelcomeDocument>(
  {
    memberId: { type: Schema.Types.ObjectId, required: true },
    welcomedAt: { type: Date, required: true },
    channel: { type: String, required: true, enum: ['personal', 'team'] },
  },
  { collection: 'welcomes', versionKey: false },
);
// Inserting is claiming: concurrent install events race on this index and only one welcomes.
welcomeSchema.index({ memberId: 1 }, { unique: true });

const teamGreetingSchema = new Schema<TeamGreetingDocument>(
  {
    teamId: { type: String, required: true },
    memberId: { type: Schema.Types.ObjectId, required: true },
    greetedAt: { type: Date, required: true },
  },
  { collection: 'team_greetings', versionKey: false },
);
teamGreetingSchema.index({ teamId: 1, memberId: 1 }, { unique: true });
teamGreetingSchema.index({ memberId: 1 });

const reminderSchema = new Schema<ReminderDocument>(
  {
    memberId: { type: Schema.Types.ObjectId, required: true },
    day: { type: String, required: true },
    stepSlugs: [String],
    status: { type: String, required: true, enum: ['sending', 'sent', 'failed'] },
    claimedAt: { type: Date, required: true },
  },
  { collection: 'onboarding_reminders', versionKey: false },
);
// Claimed before sending: two instances, or a re-run of the job, never remind anyone twice a day.
reminderSchema.index({ memberId: 1, day: 1 }, { unique: true });

const milestoneSchema = new Schema<MilestoneDocument>(
  {
    memberId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, required: true, enum: ['profileCompleted', 'pathCompleted'] },
    notifiedAt: { type: Date, required: true },
  },
  { collection: 'onboarding_milestones', versionKey: false },
);
milestoneSchema.index({ memberId: 1, kind: 1 }, { unique: true });

const preferenceSchema = new Schema<PreferenceDocument>(
  {
    memberId: { type: Schema.Types.ObjectId, required: true },
    remindersPaused: { type: Boolean, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'onboarding_preferences', versionKey: false },
);
preferenceSchema.index({ memberId: 1 }, { unique: true });

function modelOf<T>(connection: Connection, name: string, schema: Schema<T>): Model<T> {
  return (connection.models[name] as Model<T> | undefined) ?? connection.model<T>(name, schema);
}

function objectId(id: string): Types.ObjectId | undefined {
  return isRecordId(id) ? new Types.ObjectId(id) : undefined;
}

function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: number })?.code === 11000;
}

function toStep(document: StepDocument): PathStep {
  return {
    slug: document.slug,
    order: document.order,
    title: document.title,
    description: document.description,
    ...(document.link ? { link: document.link } : {}),
    dueDay: document.dueDay,
    involves: (document.involves ?? []) as Involvement[],
  };
}

function toSection(document: SectionDocument): BookletSection {
  return { slug: document.slug, order: document.order, title: document.title, body: document.body };
}

export type OnboardingRepository = Awaited<ReturnType<typeof createOnboardingRepository>>;

export async function createOnboardingRepository(connection: Connection) {
  const Steps = modelOf(connection, 'OnboardingStep', stepSchema);
  const Sections = modelOf(connection, 'BookletSection', sectionSchema);
  const Progress = modelOf(connection, 'OnboardingProgress', progressSchema);
  const Welcomes = modelOf(connection, 'Welcome', welcomeSchema);
  const TeamGreetings = modelOf(connection, 'TeamGreeting', teamGreetingSchema);
  const Reminders = modelOf(connection, 'OnboardingReminder', reminderSchema);
  const Milestones = modelOf(connection, 'OnboardingMilestone', milestoneSchema);
  const Preferences = modelOf(connection, 'OnboardingPreference', preferenceSchema);
  // Unique indexes carry the "once" invariants: they must exist before the first write.
  await Promise.all([
    Steps.init(),
    Sections.init(),
    Progress.init(),
    Welcomes.init(),
    TeamGreetings.init(),
    Reminders.init(),
    Milestones.init(),
    Preferences.init(),
  ]);

  const caches = sharedCachesOf(connection);
  /** The path's steps in order (the `onboardingSteps` shared cache). */
  const allSteps = () =>
    caches.get('onboardingSteps', async () =>
      (await Steps.find({}).sort({ order: 1, dueDay: 1 }).lean()).map(toStep),
    );
  /** Who paused their reminders (the `remindersPaused` shared cache): a handful of people. */
  const pausedMembers = () =>
    caches.get('remindersPaused', async () => {
      const documents = await Preferences.find({ remindersPaused: true }).lean();
      return new Set(documents.map((document) => document.memberId.toHexString()));
    });
  /**
   * Everyone's ticks by member id (the `onboardingProgress` shared cache): a few hundred managers,
   * a dozen steps each, read by every path card, the reminders and the dashboard.
   */
  const progressCache = () =>
    caches.get('onboardingProgress', async () => {
      const byMember = new Map<string, StepProgress[]>();
      for (const { memberId, stepSlug, doneAt } of await Progress.find({}).lean()) {
        const key = memberId.toHexString();
        byMember.set(key, [...(byMember.get(key) ?? []), { stepSlug, doneAt }]);
      }
      return byMember;
    });
  /**
   * A person's ticks changed by this process: the copy is updated in place (a new map, so turns
   * holding the old one keep a consistent view). Idempotent, as the cache requires.
   */
  const progressChanged = (memberId: string, change: (ticks: StepProgress[]) => StepProgress[]) =>
    caches.changed<Map<string, StepProgress[]>>('onboardingProgress', (byMember) =>
      new Map(byMember).set(memberId, change(byMember.get(memberId) ?? [])),
    );
  /**
   * The database says the tick already is (or is not) there, maybe from a click still announcing
   * its change: a copy that disagrees is dropped, so this turn reads the tick as written. Always
   * false (this call changed nothing).
   */
  async function alreadyThere(memberId: string, stepSlug: string, done: boolean): Promise<false> {
    const ticked = ((await progressCache()).get(memberId) ?? []).some((tick) => tick.stepSlug === stepSlug);
    if (ticked !== done) caches.forget('onboardingProgress');
    return false;
  }
  /** Milestones this process knows are claimed: a claim is never given back, so no retry is needed. */
  const claimedMilestones = new Set<string>();

  /** Inserts a claim; false when the unique index says someone already holds it. */
  async function claim(insert: () => Promise<unknown>): Promise<boolean> {
    try {
      await insert();
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  return {
    // The path's steps (content owned by coordinators).
    async listSteps(): Promise<PathStep[]> {
      return [...(await allSteps())];
    },

    async findStep(slug: string): Promise<PathStep | undefined> {
      return (await allSteps()).find((step) => step.slug === slug);
    },

    /** Seeds a step once; a coordinator's later edit survives restarts. */
    async seedStep(step: PathStep, now: Date): Promise<void> {
      const result = await Steps.updateOne(
        { slug: step.slug },
        { $setOnInsert: { ...step, updatedAt: now } },
        { upsert: true },
      );
      if (result.upsertedCount === 1) await caches.changed('onboardingSteps');
    },

    /** Edits the texts, due day and people of a step; its slug, and so everyone's ticks, stay. */
    async updateStep(
      slug: string,
      changes: Omit<PathStep, 'slug' | 'order'>,
      by: string,
      now: Date,
    ): Promise<PathStep | undefined> {
      const { link, ...rest } = changes;
      const document = await Steps.findOneAndUpdate(
        { slug },
        {
          $set: { ...rest, updatedAt: now, updatedBy: by, ...(link ? { link } : {}) },
          ...(link ? {} : { $unset: { link: 1 } }),
        },
        { returnDocument: 'after', lean: true },
      );
      if (document) await caches.changed('onboardingSteps');
      return document ? toStep(document) : undefined;
    },

    /** Removes a step from the path; ticks on it are kept but no longer count. */
    async removeStep(slug: string): Promise<boolean> {
      const removed = (await Steps.deleteOne({ slug })).deletedCount === 1;
      if (removed) await caches.changed('onboardingSteps');
      return removed;
    },

    // The welcome booklet.
    async listSections(): Promise<BookletSection[]> {
      return (await Sections.find({}).sort({ order: 1 }).lean()).map(toSection);
    },

    async findSection(slug: string): Promise<BookletSection | undefined> {
      const document = await Sections.findOne({ slug }).lean();
      return document ? toSection(document) : undefined;
    },

    async seedSection(section: BookletSection, now: Date): Promise<void> {
      await Sections.updateOne(
        { slug: section.slug },
        { $setOnInsert: { ...section, updatedAt: now } },
        { upsert: true },
      );
    },

    async updateSection(
      slug: string,
      changes: { title: string; body: string },
      by: string,
      now: Date,
    ): Promise<BookletSection | undefined> {
      const document = await Sections.findOneAndUpdate(
        { slug },
        { $set: { ...changes, updatedAt: now, updatedBy: by } },
        { returnDocument: 'after', lean: true },
      );
      return document ? toSection(document) : undefined;
    },

    // Progress on the path.
    async progressOf(memberId: string): Promise<StepProgress[]> {
      return [...((await progressCache()).get(memberId) ?? [])];
    },

    /** Everyone's ticks, by member id: the network has a few hundred managers, a few steps each. */
    async progressByMember(): Promise<Map<string, StepProgress[]>> {
      return new Map([...(await progressCache())].map(([memberId, ticks]) => [memberId, [...ticks]]));
    },

    /** Idempotent: true when this call ticked the step, false if it was already done. */
    async markDone(memberId: string, stepSlug: string, now: Date): Promise<boolean> {
      const member = objectId(memberId);
      if (!member) return false;
      try {
        const result = await Progress.updateOne(
          { memberId: member, stepSlug },
          { $setOnInsert: { memberId: member, stepSlug, doneAt: now } },
          { upsert: true },
        );
        if (result.upsertedCount !== 1) return await alreadyThere(memberId, stepSlug, true);
      } catch (error) {
        // Two clicks at the same instant: both upserts insert, the unique index keeps one.
        if (isDuplicateKey(error)) return await alreadyThere(memberId, stepSlug, true);
        throw error;
      }
      await progressChanged(memberId, (ticks) =>
        ticks.some((tick) => tick.stepSlug === stepSlug) ? ticks : [...ticks, { stepSlug, doneAt: now }],
      );
      return true;
    },

    /** Idempotent: true when this call removed the tick. */
    async markUndone(memberId: string, stepSlug: string): Promise<boolean> {
      const member = objectId(memberId);
      if (!member) return false;
      if ((await Progress.deleteOne({ memberId: member, stepSlug })).deletedCount !== 1)
        return await alreadyThere(memberId, stepSlug, false);
      await progressChanged(memberId, (ticks) => ticks.filter((tick) => tick.stepSlug !== stepSlug));
      return true;
    },

    // "Once" claims.
    async claimWelcome(memberId: string, channel: WelcomeChannel, now: Date): Promise<boolean> {
      const member = objectId(memberId);
      if (!member) return false;
      return claim(() => Welcomes.create({ memberId: member, channel, welcomedAt: now }));
    },

    /** Gives a claim back when the welcome could not be delivered, so a later event can try again. */
    async releaseWelcome(memberId: string): Promise<void> {
      const member = objectId(memberId);
      if (member) await Welcomes.deleteOne({ memberId: member });
    },

    async claimTeamGreeting(teamId: string, memberId: string, now: Date): Promise<boolean> {
      const member = objectId(memberId);
      if (!member) return false;
      return claim(() => TeamGreetings.create({ teamId, memberId: member, greetedAt: now }));
    },

    async claimReminder(memberId: string, day: string, stepSlugs: string[], now: Date): Promise<boolean> {
      const member = objectId(memberId);
      if (!member) return false;
      return claim(() =>
        Reminders.create({ memberId: member, day, stepSlugs, status: 'sending', claimedAt: now }),
      );
    },

    async setReminderStatus(memberId: string, day: string, status: ReminderStatus): Promise<void> {
      const member = objectId(memberId);
      if (member) await Reminders.updateOne({ memberId: member, day }, { $set: { status } });
    },

    async claimMilestone(memberId: string, kind: MilestoneKind, now: Date): Promise<boolean> {
      const member = objectId(memberId);
      if (!member) return false;
      const key = `${memberId}:${kind}`;
      if (claimedMilestones.has(key)) return false;
      const claimed = await claim(() => Milestones.create({ memberId: member, kind, notifiedAt: now }));
      claimedMilestones.add(key);
      return claimed;
    },

    // Opting out of reminders.
    async setRemindersPaused(memberId: string, paused: boolean, now: Date): Promise<void> {
      const member = objectId(memberId);
      if (!member) return;
      await Preferences.updateOne(
        { memberId: member },
        { $set: { remindersPaused: paused, updatedAt: now }, $setOnInsert: { memberId: member } },
        { upsert: true },
      );
      await caches.changed('remindersPaused');
    },

    async remindersPaused(memberId: string): Promise<boolean> {
      return (await pausedMembers()).has(memberId);
    },

    async membersWithRemindersPaused(): Promise<Set<string>> {
      return new Set(await pausedMembers());
    },

    /** What the onboarding slice keeps about a person, for the GDPR export. */
    async exportMember(memberId: string) {
      const member = objectId(memberId);
      if (!member) return undefined;
      const [progress, welcome, greetings, reminders, milestones, preference] = await Promise.all([
        Progress.find({ memberId: member }).lean(),
        Welcomes.findOne({ memberId: member }).lean(),
        TeamGreetings.find({ memberId: member }).lean(),
        Reminders.find({ memberId: member }).sort({ day: 1 }).lean(),
        Milestones.find({ memberId: member }).lean(),
        Preferences.findOne({ memberId: member }).lean(),
      ]);
      return {
        stepsDone: progress.map(({ stepSlug, doneAt }) => ({ step: stepSlug, doneAt })),
        welcomedAt: welcome?.welcomedAt,
        teamGreetings: greetings.map(({ teamId, greetedAt }) => ({ teamId, greetedAt })),
        remindersSent: reminders.map(({ day, stepSlugs, status }) => ({ day, steps: stepSlugs, status })),
        referentNotified: milestones.map(({ kind, notifiedAt }) => ({ kind, notifiedAt })),
        remindersPaused: preference?.remindersPaused ?? false,
      };
    },

    async eraseMember(memberId: string): Promise<number> {
      const member = objectId(memberId);
      if (!member) return 0;
      const filter = { memberId: member };
      const results = await Promise.all([
        Progress.deleteMany(filter),
        Welcomes.deleteMany(filter),
        TeamGreetings.deleteMany(filter),
        Reminders.deleteMany(filter),
        Milestones.deleteMany(filter),
        Preferences.deleteMany(filter),
      ]);
      await caches.changed('remindersPaused');
      await caches.changed('onboardingProgress');
      return results.reduce((sum, result) => sum + result.deletedCount, 0);
    },
  };
}
