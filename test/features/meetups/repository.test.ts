import pino from 'pino';
import { connectDatabase, type Database } from '../../../src/db/database';
import { createMeetupsRepository, type MeetupsRepository } from '../../../src/features/meetups/repository';

describe('meetups repository', () => {
  let database: Database;
  let meetups: MeetupsRepository;
  const now = new Date('2026-12-07T09:00:00Z');
  const figures = {
    groups: 1,
    trios: 0,
    people: 2,
    repeatedPairs: 0,
    crossDirection: 1,
    crossSite: 1,
    newcomerWithExperienced: 0,
    optedIn: 2,
    paused: 0,
    notDue: 0,
  };

  beforeAll(async () => {
    database = await connectDatabase({ embedded: {} }, pino({ level: 'silent' }));
    meetups = await createMeetupsRepository(database.connection);
  });
  afterAll(async () => {
    await database.close();
  });

  it('keeps one participant record when the same person opts in twice at once', async () => {
    await Promise.all([
      meetups.saveParticipant('p1', { active: true, rhythm: 'monthly' }, now),
      meetups.saveParticipant('p1', { active: true, rhythm: 'monthly' }, now),
    ]);
    expect(await meetups.activeParticipants()).toEqual([
      expect.objectContaining({ memberId: 'p1', rhythm: 'monthly' }),
    ]);
    await meetups.saveParticipant('p1', { active: true, pausedUntil: '2027-01-04' }, now);
    expect((await meetups.findParticipant('p1'))?.pausedUntil).toBe('2027-01-04');
    await meetups.saveParticipant('p1', { active: true, pausedUntil: null }, now);
    expect((await meetups.findParticipant('p1'))?.pausedUntil).toBeUndefined();
  });

  it('stores one round per day, whoever creates it', async () => {
    const round = {
      day: '2026-12-07',
      trigger: 'schedule' as const,
      formedAt: now,
      pendingGroups: [['a', 'b']],
      figures,
    };
    const [first, second] = await Promise.all([meetups.createRound(round), meetups.createRound(round)]);
    expect([first, second].filter(Boolean)).toHaveLength(1);
  });

  it("stores a round's meetups once, counts one answer per person, and keeps a former member after erasure", async () => {
    const round = (await meetups.findRoundOn('2026-12-07'))!;
    const meetup = {
      roundId: round.id,
      index: 0,
      day: round.day,
      memberIds: ['a', 'b'],
      formerMembers: 0,
      formedAt: now,
      followUpDueAt: new Date(now.getTime() + 7 * 86_400_000),
      crossDirection: true,
      crossSite: true,
      crossOrganisation: true,
    };
    await meetups.storeMeetups([meetup]);
    const [stored] = await meetups.storeMeetups([meetup]);
    expect(await meetups.history()).toHaveLength(1);

    await meetups.recordAnswer({ meetupId: stored.id, memberId: 'a', answer: 'notYet', answeredAt: now });
    await meetups.recordAnswer({ meetupId: stored.id, memberId: 'a', answer: 'yes', answeredAt: now });
    expect(await meetups.answersTo([stored.id])).toEqual([
      expect.objectContaining({ memberId: 'a', answer: 'yes' }),
    ]);
    expect(await meetups.figures()).toMatchObject({
      formed: 1,
      held: 1,
      crossDirection: 1,
      crossOrganisation: 1,
    });

    expect(await meetups.eraseMember('a')).toBe(2);
    expect(await meetups.findMeetup(stored.id)).toMatchObject({
      memberIds: ['b'],
      formerMembers: 1,
      heldAt: now,
    });
    // The answer went with its author; the meeting still took place for the figures.
    expect(await meetups.answersTo([stored.id])).toEqual([]);
    expect(await meetups.figures()).toMatchObject({ formed: 1, held: 1 });
  });
});
