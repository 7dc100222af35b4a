import pino from 'pino';
import { connectDatabase, type Database } from '../../../src/db/database';
import { createPollsRepository, tallyOfChoiceLists } from '../../../src/features/polls/repository';

describe('the tally from ballots grouped by their list of choices', () => {
  it('counts every ballot once and each option once per ballot holding it', () => {
    const tally = tallyOfChoiceLists([
      { choices: ['o1'], count: 3 },
      { choices: ['o1', 'o2'], count: 2 },
      { choices: ['o2', 'o1'], count: 1 },
      { choices: ['o3'], count: 4 },
    ]);
    expect(tally).toEqual({
      ballots: 10,
      counts: new Map([
        ['o1', 6],
        ['o2', 3],
        ['o3', 4],
      ]),
    });
  });

  it('counts a ballot without choices in the total only, and no ballots as zero', () => {
    expect(tallyOfChoiceLists([{ choices: [], count: 2 }])).toEqual({ ballots: 2, counts: new Map() });
    expect(tallyOfChoiceLists([])).toEqual({ ballots: 0, counts: new Map() });
  });
});

describe('the tally of a poll in the database', () => {
  let database: Database;

  beforeAll(async () => {
    database = await connectDatabase({ embedded: {} }, pino({ level: 'silent' }));
  });
  afterAll(async () => {
    await database.close();
  });

  it('counts the multiple-choice ballots of one poll only, a changed ballot once', async () => {
    const polls = await createPollsRepository(database.connection);
    const cast = (pollId: string, voterKey: string, choices: string[]) =>
      polls.recordBallot({ pollId, voterKey, choices });
    await cast('poll-a', 'k1', ['o1', 'o2']);
    await cast('poll-a', 'k2', ['o2']);
    await cast('poll-a', 'k3', ['o1', 'o2']);
    await cast('poll-a', 'k4', ['o3']);
    await cast('poll-a', 'k4', ['o1', 'o3']);
    await cast('poll-b', 'k1', ['o1']);

    expect(await polls.tally('poll-a')).toEqual({
      ballots: 4,
      counts: new Map([
        ['o1', 3],
        ['o2', 3],
        ['o3', 1],
      ]),
    });
    expect(await polls.tally('poll-none')).toEqual({ ballots: 0, counts: new Map() });
  });
  it('tallies several polls in one call, a poll without ballots as zero', async () => {
    const polls = await createPollsRepository(database.connection);
    await polls.recordBallot({ pollId: 'poll-c', voterKey: 'k1', choices: ['o2'] });
    await polls.recordBallot({ pollId: 'poll-d', voterKey: 'k1', choices: ['o1', 'o2'] });
    await polls.recordBallot({ pollId: 'poll-d', voterKey: 'k2', choices: ['o1'] });

    const tallies = await polls.tallies(['poll-c', 'poll-d', 'poll-empty']);

    expect(tallies).toEqual(
      new Map([
        ['poll-c', { ballots: 1, counts: new Map([['o2', 1]]) }],
        [
          'poll-d',
          {
            ballots: 2,
            counts: new Map([
              ['o1', 2],
              ['o2', 1],
            ]),
          },
        ],
        ['poll-empty', { ballots: 0, counts: new Map() }],
      ]),
    );
    expect(await polls.tallies([])).toEqual(new Map());
  });
});
