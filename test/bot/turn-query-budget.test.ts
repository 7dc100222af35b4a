import { Types } from 'mongoose';
import { sharedCachesOf } from '../../src/db/shared-cache';
import { countCommands, type CommandCounter } from '../support/command-counter';
import { messageActivity } from '../support/activities';
import { as, type PersonaName } from '../support/personas';
import { startTestBot, type TestBot } from '../support/test-bot';
import { pollDriver } from '../features/polls/poll-support';

/** A read turn of a known person may cost 2 database round trips, a write 4 (issue 15). */
const readBudget = 2;
const writeBudget = 4;

/** Friday 27 November 2026, 10:00 in Paris. */
const clock = { now: () => new Date('2026-11-27T09:00:00Z') };

describe('database round trips of one turn', () => {
  let bot: TestBot;
  let counter: CommandCounter;
  let pollId: string;

  beforeAll(async () => {
    bot = await startTestBot({ clock });
    // Scheduled jobs would add their own commands at any minute: the turns alone are counted.
    await bot.app.jobs.stop();
    const driver = pollDriver(bot);
    for (const who of ['julien', 'sophie', 'camille'] as PersonaName[]) await driver.say('aide', who);
    pollId = await driver.createPoll('julien', {
      question: 'Atelier en présentiel ou à distance ?',
      options: 'Présentiel\nÀ distance',
    });
    // Likewise the background drainer: deliveries a turn enqueues are sent outside the turn.
    await bot.outboxIdle();
    await bot.app.outbox.stop();
    counter = countCommands(bot.database);
  });
  afterAll(async () => {
    counter.stop();
    await bot.stop();
  });

  async function commandsOf(turn: () => Promise<unknown>): Promise<string[]> {
    counter.reset();
    await turn();
    return counter.commands();
  }

  const say = (text: string, who: PersonaName) => () =>
    bot.post(messageActivity(text, as(who, bot.connector.url)));
  const click = (verb: string, data: Record<string, unknown>, who: PersonaName) => () =>
    bot.execute(verb, data, as(who, bot.connector.url));

  /** Each turn: a first call that warms what may be cached (for writes, the undo), then the counted one. */
  type CountedTurn = { warm: () => Promise<unknown>; counted: () => Promise<unknown> };
  const read = (text: string): CountedTurn => ({ warm: say(text, 'sophie'), counted: say(text, 'sophie') });
  const reads: Array<[string, () => CountedTurn]> = [
    ['aide', () => read('aide')],
    ['groupes', () => read('groupes')],
    ['fiche gps', () => read('fiche gps')],
    ['parcours', () => read('parcours')],
    ['sondages', () => read('sondages')],
  ];
  const writes: Array<[string, () => CountedTurn]> = [
    [
      'join a group',
      () => ({
        warm: click('group.leave', { groupSlug: 'trans' }, 'sophie'),
        counted: click('group.join', { groupSlug: 'trans' }, 'sophie'),
      }),
    ],
    [
      'vote',
      () => ({
        warm: click('poll.vote', { pollId, choices: 'o1' }, 'sophie'),
        counted: click('poll.vote', { pollId, choices: 'o2' }, 'sophie'),
      }),
    ],
    [
      'tick a step',
      () => ({
        warm: click('onboarding.step.toggle', { stepSlug: 'lire-livret', done: false }, 'sophie'),
        counted: click('onboarding.step.toggle', { stepSlug: 'lire-livret', done: true }, 'sophie'),
      }),
    ],
  ];

  async function measureAll(): Promise<Record<string, string[]>> {
    const measured: Record<string, string[]> = {};
    for (const [name, turn] of [...reads, ...writes]) {
      const { warm, counted } = turn();
      await warm();
      measured[name] = await commandsOf(counted);
    }
    return measured;
  }

  let seededCounts: Record<string, string[]>;
  afterAll(() => {
    if (process.env.PRINT_TURN_COMMANDS) console.log(JSON.stringify(seededCounts, null, 1));
  });

  it.each(reads.map(([name]) => name))(
    'answers "%s" to a known person in at most 2 round trips',
    async (name) => {
      seededCounts ??= await measureAll();
      expect(seededCounts[name].length).toBeLessThanOrEqual(readBudget);
    },
  );

  it.each(writes.map(([name]) => name))(
    'does "%s" for a known person in at most 4 round trips',
    async (name) => {
      seededCounts ??= await measureAll();
      expect(seededCounts[name].length).toBeLessThanOrEqual(writeBudget);
    },
  );

  it('costs the same whatever the number of groups, members and roles', async () => {
    seededCounts ??= await measureAll();
    // Once-only work (a milestone claimed at the first tick) is behind us for both measures.
    const baseline = await measureAll();
    // Another writer adds 12 groups with a lead each and 300 people, then says so (cache counters).
    const connection = bot.database.connection;
    const now = clock.now();
    const groups = Array.from({ length: 12 }, (_, index) => ({
      _id: new Types.ObjectId(),
      slug: `groupe-${index}`,
      title: `Groupe ${index}`,
      theme: 'Un groupe de plus',
      workstreams: [],
      order: 100 + index,
      createdAt: now,
    }));
    const people = Array.from({ length: 300 }, (_, index) => ({
      _id: new Types.ObjectId(),
      aadObjectId: `aad-extra-${index}`,
      teamsUserId: `29:extra-${index}`,
      displayName: `Personne ${index}`,
      profile: {},
      createdAt: now,
    }));
    await connection.collection('groups').insertMany(groups);
    await connection.collection('members').insertMany(people);
    await connection.collection('group_memberships').insertMany(
      people.map((person, index) => ({
        groupSlug: `groupe-${index % 12}`,
        memberId: person._id,
        joinedAt: now,
      })),
    );
    await connection.collection('role_grants').insertMany(
      groups.map((group, index) => ({
        memberId: people[index]._id,
        role: 'lead',
        groupSlug: group.slug,
        groupKey: group.slug,
        grantedAt: now,
      })),
    );
    const caches = sharedCachesOf(connection);
    for (const name of ['groups', 'members', 'memberships', 'roles'] as const) await caches.changed(name);
    const grown = await measureAll();
    const counts = (measured: Record<string, string[]>) =>
      Object.fromEntries(Object.entries(measured).map(([name, commands]) => [name, commands.length]));
    expect(counts(grown)).toEqual(counts(baseline));
  }, 60_000);

  it('answers "sondages" to a poll author in as many round trips whatever the number of their polls', async () => {
    const sondages = say('sondages', 'julien');
    await sondages();
    const withOnePoll = await commandsOf(sondages);
    // Another writer adds three more of Julien's polls, then says so (cache counters).
    const polls = bot.database.connection.collection('polls');
    const { _id, ...sent } = (await polls.findOne({ _id: new Types.ObjectId(pollId) }))!;
    await polls.insertMany(
      ['le tutorat', 'les visites', 'le forum'].map((topic) => ({
        ...sent,
        _id: new Types.ObjectId(),
        question: `Un atelier sur ${topic} ?`,
      })),
    );
    await sharedCachesOf(bot.database.connection).changed('polls');
    await sondages();
    const withFourPolls = await commandsOf(sondages);
    expect(withFourPolls).toEqual(withOnePoll);
  }, 60_000);
});
