import { Schema, Types, type Connection } from 'mongoose';
import { isDuplicateKey, modelOf, objectIdFrom } from '../../db/mongoose-helpers';
import { sharedCachesOf } from '../../db/shared-cache';
import { batchedRunsStartingAfterCall, sharedRunsStartingAfterCall } from '../../db/shared-runs';
import { pollLifeCycle, pollStatuses, type PollStatus } from './poll-status';

export interface PollOption {
  /** Stable id sent back by the card (`o1`…`o10`): labels may contain commas, ids never do. */
  id: string;
  label: string;
}

export type ResultsVisibility = 'afterVote' | 'afterClose';

/** What the lead decides in the form. */
export interface PollSettings {
  /** Absent: the whole network (coordinators only). */
  groupSlug?: string;
  /** The group's title when the poll was written, shown on its cards. */
  audienceTitle: string;
  question: string;
  options: PollOption[];
  multiple: boolean;
  /** For multiple choice: most options a ballot may hold (absent: all of them). */
  maxChoices?: number;
  anonymous: boolean;
  resultsVisibility: ResultsVisibility;
  deadline: Date;
  sendPersonal: boolean;
  sendChannel: boolean;
}

export interface PollAuthor {
  /** Absent once the author erased their personal data. */
  memberId?: string;
  name?: string;
}

export interface PollRecord extends PollSettings {
  id: string;
  status: PollStatus;
  createdBy: PollAuthor;
  createdAt: Date;
  updatedAt: Date;
  openedAt?: Date;
  closedAt?: Date;
  closedBy?: 'deadline' | 'lead';
  /** The group's members when the poll was sent: who is asked, for participation and reminders. */
  targetMemberIds: string[];
  /** Kept apart from the ids so that participation stays right after someone erases their data. */
  targetCount: number;
  remindedAt?: Date;
  /** Anonymous polls: id of the POLL_BALLOT_KEY entry their voter keys use (absent: legacy `k0`). */
  ballotKeyId?: string;
}

/**
 * One ballot. For a named poll `voterKey` is the member id and `memberId` is stored too; for an
 * anonymous poll `voterKey` is a keyed hash and nothing else about the voter is stored.
 */
export interface BallotRecord {
  pollId: string;
  voterKey: string;
  choices: string[];
  memberId?: string;
}

export interface Tally {
  ballots: number;
  /** Ballots holding each option id. */
  counts: Map<string, number>;
}

/**
 * The tally from the number of ballots holding each list of choices: every ballot counts once, and
 * once for each option it holds (ballots hold each option once: ballot-choices.ts).
 */
export function tallyOfChoiceLists(lists: Array<{ choices: string[]; count: number }>): Tally {
  const counts = new Map<string, number>();
  let ballots = 0;
  for (const { choices, count } of lists) {
    ballots += count;
    for (const option of choices) counts.set(option, (counts.get(option) ?? 0) + count);
  }
  return { ballots, counts };
}

interface PollDocument extends Omit<PollRecord, 'id'> {
  _id: Types.ObjectId;
}

interface BallotDocument {
  /**
   * `<pollId>:<voterKey>`, not an ObjectId: an ObjectId carries its creation time, which could be
   * matched against activity logs to tell who cast an anonymous ballot.
   */
  _id: string;
  pollId: string;
  voterKey: string;
  choices: string[];
  memberId?: string;
}

const pollSchema = new Schema<PollDocument>(
  {
    groupSlug: String,
    audienceTitle: { type: String, required: true },
    question: { type: String, required: true },
    options: [{ _id: false, id: { type: String, required: true }, label: { type: String, required: true } }],
    multiple: { type: Boolean, required: true },
    maxChoices: Number,
    anonymous: { type: Boolean, required: true },
    resultsVisibility: { type: String, required: true, enum: ['afterVote', 'afterClose'] },
    deadline: { type: Date, required: true },
    sendPersonal: { type: Boolean, required: true },
    sendChannel: { type: Boolean, required: true },
    status: { type: String, required: true, enum: pollStatuses },
    createdBy: { _id: false, memberId: String, name: String },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    openedAt: Date,
    closedAt: Date,
    closedBy: { type: String, enum: ['deadline', 'lead'] },
    targetMemberIds: { type: [String], default: [] },
    targetCount: { type: Number, default: 0 },
    remindedAt: Date,
    ballotKeyId: String,
  },
  { collection: 'polls', versionKey: false },
);
pollSchema.index({ status: 1, deadline: 1 });
pollSchema.index({ 'createdBy.memberId': 1 });
pollSchema.index({ targetMemberIds: 1 });

const ballotSchema = new Schema<BallotDocument>(
  {
    _id: { type: String, required: true },
    pollId: { type: String, required: true },
    voterKey: { type: String, required: true },
    choices: { type: [String], required: true },
    memberId: String,
  },
  { collection: 'poll_ballots', versionKey: false },
);
// The one-ballot rule lives here: whatever the clicks, devices or parallel requests.
ballotSchema.index({ pollId: 1, voterKey: 1 }, { unique: true });
// Tallies read one poll's ballots; the embedded engine uses an index only when every field is pinned.
ballotSchema.index({ pollId: 1 });
ballotSchema.index({ memberId: 1 }, { partialFilterExpression: { memberId: { $type: 'string' } } });

function toPoll(document: PollDocument): PollRecord {
  const { _id, ...rest } = document;
  return {
    ...rest,
    id: _id.toHexString(),
    options: (rest.options ?? []).map(({ id, label }) => ({ id, label })),
    createdBy: rest.createdBy ?? {},
    targetMemberIds: rest.targetMemberIds ?? [],
    targetCount: rest.targetCount ?? 0,
    groupSlug: rest.groupSlug ?? undefined,
    maxChoices: rest.maxChoices ?? undefined,
  };
}

function toBallot(document: BallotDocument): BallotRecord {
  return {
    pollId: document.pollId,
    voterKey: document.voterKey,
    choices: [...document.choices],
    ...(document.memberId ? { memberId: document.memberId } : {}),
  };
}

export type PollsRepository = Awaited<ReturnType<typeof createPollsRepository>>;

export async function createPollsRepository(connection: Connection) {
  const Polls = modelOf(connection, 'Poll', pollSchema);
  const Ballots = modelOf(connection, 'PollBallot', ballotSchema);
  await Promise.all([Polls.init(), Ballots.init()]);
  const caches = sharedCachesOf(connection);
  /**
   * Every poll, newest first (the `polls` shared cache): a few a month, so a network's whole
   * history stays small. Ballots are never cached: they change at every vote.
   */
  const allPolls = () =>
    caches.get('polls', async () => (await Polls.find({}).sort({ createdAt: -1 }).lean()).map(toPoll));
  /** Bumps the polls cache when a write changed a poll, and passes the write's answer on. */
  async function pollsChanged<T>(changed: T): Promise<T> {
    if (changed) await caches.changed('polls');
    return changed;
  }

  const ballotIdOf = (ballot: Pick<BallotRecord, 'pollId' | 'voterKey'>) =>
    `${ballot.pollId}:${ballot.voterKey}`;

  // The _id is in the filter, so an upsert seeds the new ballot with it (from the filter's equalities).
  const upsertBallot = (ballot: BallotRecord) =>
    Ballots.findOneAndUpdate(
      { _id: ballotIdOf(ballot), pollId: ballot.pollId, voterKey: ballot.voterKey },
      {
        $set: { choices: ballot.choices },
        ...(ballot.memberId ? { $setOnInsert: { memberId: ballot.memberId } } : {}),
      },
      { upsert: true, returnDocument: 'before', lean: true },
    );

  /**
   * One round trip and one grouping stage: ballots grouped by poll and whole list of choices (a poll
   * has few distinct lists), to be counted here (tallyOfChoiceLists). Cheaper for the database than
   * a $facet of a $count and an $unwind, which copies every ballot twice.
   */
  async function choiceLists(
    pollIds: string[],
  ): Promise<Array<{ pollId: string; choices: string[]; count: number }>> {
    // One poll (the card after a vote) groups by the list alone: cheaper than a compound key.
    const byPoll = pollIds.length > 1;
    const rows = await Ballots.aggregate<{
      _id: { pollId: string; choices?: string[] | null } | string[] | null;
      count: number;
    }>([
      {
        $match: { pollId: byPoll ? { $in: pollIds } : pollIds[0] },
      },
      {
        $group: {
          _id: byPoll ? { pollId: '$pollId', choices: '$choices' } : '$choices',
          count: { $sum: 1 },
        },
      },
    ]);
    return rows.map((row) =>
      row._id !== null && !Array.isArray(row._id)
        ? { pollId: row._id.pollId, choices: row._id.choices ?? [], count: row.count }
        : { pollId: pollIds[0], choices: row._id ?? [], count: row.count },
    );
  }

  /**
   * One poll's tally, from a count that starts after the call (it holds every ballot written
   * before). When a poll goes out, its members vote within the same minutes and each vote shows
   * the tally: votes that come while a count is on its way share the next one (shared-runs.ts),
   * so a burst of votes does not count every ballot once per vote.
   */
  const tallyOf = sharedRunsStartingAfterCall(async (pollId: string) =>
    tallyOfChoiceLists(await choiceLists([pollId])),
  );

  /**
   * Ballots by id, from a read that starts after the call (a ballot written before it is found).
   * `sondages` asks for the asker's ballots in the open polls at every turn: the ids asked for while
   * a read is on its way go out together in the next one, a single `$in` for everyone.
   */
  const ballotsWithIds = batchedRunsStartingAfterCall(async (ids: string[]) =>
    (await Ballots.find({ _id: { $in: ids } }).lean()).map(toBallot),
  );

  async function tallies(pollIds: string[]): Promise<Map<string, Tally>> {
    if (pollIds.length === 0) return new Map();
    const lists = await choiceLists(pollIds);
    return new Map(
      pollIds.map((pollId) => [pollId, tallyOfChoiceLists(lists.filter((list) => list.pollId === pollId))]),
    );
  }

  return {
    async createDraft(settings: PollSettings, author: Required<PollAuthor>, now: Date): Promise<PollRecord> {
      const [document] = await Polls.create([
        {
          ...settings,
          status: 'draft',
          createdBy: author,
          createdAt: now,
          updatedAt: now,
          targetMemberIds: [],
          targetCount: 0,
        },
      ]);
      await caches.changed('polls');
      return toPoll(document.toObject());
    },

    /** Rewrites a draft, only while it is one and only for its author; undefined otherwise. */
    async updateDraft(
      pollId: string,
      authorId: string,
      settings: PollSettings,
      now: Date,
    ): Promise<PollRecord | undefined> {
      const _id = objectIdFrom(pollId);
      if (!_id) return undefined;
      const unset = {
        ...(settings.groupSlug === undefined ? { groupSlug: 1 } : {}),
        ...(settings.maxChoices === undefined ? { maxChoices: 1 } : {}),
      };
      const document = await Polls.findOneAndUpdate(
        { _id, status: 'draft', 'createdBy.memberId': authorId },
        { $set: { ...settings, updatedAt: now }, ...(Object.keys(unset).length ? { $unset: unset } : {}) },
        { returnDocument: 'after', lean: true },
      );
      return pollsChanged(document ? toPoll(document) : undefined);
    },

    async findPoll(pollId: string): Promise<PollRecord | undefined> {
      return (await allPolls()).find((poll) => poll.id === pollId);
    },

    /** draft → open, atomically: of two "Envoyer" clicks at once, one opens the poll. */
    async openPoll(
      pollId: string,
      audience: { targetMemberIds: string[]; ballotKeyId?: string },
      now: Date,
    ): Promise<PollRecord | undefined> {
      const _id = objectIdFrom(pollId);
      if (!_id) return undefined;
      const document = await Polls.findOneAndUpdate(
        { _id, status: { $in: pollLifeCycle.leadingTo('open') } },
        {
          $set: {
            status: 'open',
            openedAt: now,
            updatedAt: now,
            targetMemberIds: audience.targetMemberIds,
            targetCount: audience.targetMemberIds.length,
            ...(audience.ballotKeyId ? { ballotKeyId: audience.ballotKeyId } : {}),
          },
        },
        { returnDocument: 'after', lean: true },
      );
      return pollsChanged(document ? toPoll(document) : undefined);
    },

    /**
     * open → closed, atomically: the closing job and "sondage clore" may race; exactly one of them
     * gets the poll back, and only that one notifies the lead.
     */
    async closePoll(
      pollId: string,
      closedBy: 'deadline' | 'lead',
      now: Date,
    ): Promise<PollRecord | undefined> {
      const _id = objectIdFrom(pollId);
      if (!_id) return undefined;
      const document = await Polls.findOneAndUpdate(
        { _id, status: { $in: pollLifeCycle.leadingTo('closed') } },
        { $set: { status: 'closed', closedAt: now, closedBy, updatedAt: now } },
        { returnDocument: 'after', lean: true },
      );
      return pollsChanged(document ? toPoll(document) : undefined);
    },

    async findDuePolls(now: Date): Promise<PollRecord[]> {
      return (await Polls.find({ status: 'open', deadline: { $lte: now } }).lean()).map(toPoll);
    },

    /** Open polls addressed to these groups (and to the whole network when asked), soonest deadline first. */
    async findOpenPollsFor(groupSlugs: string[], includeNetwork: boolean): Promise<PollRecord[]> {
      return (await allPolls())
        .filter(
          (poll) =>
            poll.status === 'open' &&
            (poll.groupSlug === undefined ? includeNetwork : groupSlugs.includes(poll.groupSlug)),
        )
        .sort((a, b) => (a.deadline?.getTime() ?? 0) - (b.deadline?.getTime() ?? 0));
    },

    async findPollsCreatedBy(memberId: string, limit: number): Promise<PollRecord[]> {
      return (await allPolls()).filter((poll) => poll.createdBy.memberId === memberId).slice(0, limit);
    },

    async findRecentlyClosed(limit: number): Promise<PollRecord[]> {
      return (await allPolls())
        .filter((poll) => poll.status === 'closed')
        .sort((a, b) => (b.closedAt?.getTime() ?? 0) - (a.closedAt?.getTime() ?? 0))
        .slice(0, limit);
    },

    /** Sets the reminder time once: true for the one call that did it. */
    async markReminded(pollId: string, now: Date): Promise<boolean> {
      const _id = objectIdFrom(pollId);
      if (!_id) return false;
      const result = await Polls.updateOne(
        { _id, status: 'open', remindedAt: { $exists: false } },
        { $set: { remindedAt: now } },
      );
      return pollsChanged(result.modifiedCount === 1);
    },

    /**
     * Writes the ballot (insert or update, keyed by poll and voter). Two first votes at once both
     * try to insert; the unique index refuses one, whose retry then updates. Returns whether a
     * ballot existed before, and the poll's tally counted once this ballot was written.
     */
    async recordBallot(ballot: BallotRecord): Promise<{ changed: boolean; tally: Tally }> {
      const before = await upsertBallot(ballot).catch((error: unknown) => {
        if (!isDuplicateKey(error)) throw error;
        return upsertBallot(ballot);
      });
      return { changed: before !== null, tally: await tallyOf(ballot.pollId) };
    },

    async findBallot(pollId: string, voterKey: string): Promise<BallotRecord | undefined> {
      const document = await Ballots.findOne({ pollId, voterKey }).lean();
      return document ? toBallot(document) : undefined;
    },

    /**
     * One person's ballots in several polls, in one round trip (their keys differ per poll), shared
     * with the other people asking at the same time.
     */
    async findBallots(keys: Array<{ pollId: string; voterKey: string }>): Promise<BallotRecord[]> {
      if (keys.length === 0) return [];
      const wanted = new Set(keys.map(ballotIdOf));
      return (await ballotsWithIds(wanted)).filter((ballot) => wanted.has(ballotIdOf(ballot)));
    },

    /** Counts computed by the database: ballots, and ballots per option. */
    /** Open polls, their ballots and how many people they ask: the dashboard's participation. */
    async participationInOpenPolls(): Promise<{ open: number; ballots: number; targeted: number }> {
      const open = await Polls.find({ status: 'open' }, { _id: 1, targetCount: 1 }).lean();
      const ballots = await Ballots.countDocuments({
        pollId: { $in: open.map((poll) => poll._id.toHexString()) },
      });
      return {
        open: open.length,
        ballots,
        targeted: open.reduce((sum, poll) => sum + (poll.targetCount ?? 0), 0),
      };
    },

    tally: tallyOf,

    /** The tallies of several polls, in one round trip (the `sondages` lists). */
    tallies,

    /** Named polls only: who answered what. */
    async namedBallots(pollId: string): Promise<BallotRecord[]> {
      return (await Ballots.find({ pollId, memberId: { $type: 'string' } }).lean()).map(toBallot);
    },

    /** Which of these voter keys have a ballot: how reminders tell voters without knowing them. */
    async existingVoterKeys(pollId: string, voterKeys: string[]): Promise<Set<string>> {
      const documents = await Ballots.find({ pollId, voterKey: { $in: voterKeys } }, { voterKey: 1 }).lean();
      return new Set(documents.map((document) => document.voterKey));
    },

    /** For the GDPR export: the polls a person started and their named ballots. */
    async exportMember(memberId: string) {
      const [created, ballots] = await Promise.all([
        Polls.find({ 'createdBy.memberId': memberId }).lean(),
        Ballots.find({ memberId }).lean(),
      ]);
      const pollIds = ballots.map((ballot) => objectIdFrom(ballot.pollId)).filter((id) => id !== undefined);
      const polls = new Map(
        (await Polls.find({ _id: { $in: pollIds } }).lean()).map((poll) => [
          poll._id.toHexString(),
          toPoll(poll),
        ]),
      );
      return {
        created: created.map(toPoll),
        ballots: ballots.map((ballot) => ({ ballot: toBallot(ballot), poll: polls.get(ballot.pollId) })),
      };
    },

    /** Deletes named ballots, removes the name from started polls and from their audiences. */
    async eraseMember(memberId: string): Promise<{ erased: number; wasAskedAnonymously: boolean }> {
      const wasAskedAnonymously = Boolean(await Polls.exists({ anonymous: true, targetMemberIds: memberId }));
      const [ballots, authored, asked] = await Promise.all([
        Ballots.deleteMany({ memberId }),
        Polls.updateMany({ 'createdBy.memberId': memberId }, { $set: { createdBy: {} } }),
        Polls.updateMany({ targetMemberIds: memberId }, { $pull: { targetMemberIds: memberId } }),
      ]);
      await caches.changed('polls');
      return {
        erased: ballots.deletedCount + authored.modifiedCount + asked.modifiedCount,
        wasAskedAnonymously,
      };
    },
  };
}
