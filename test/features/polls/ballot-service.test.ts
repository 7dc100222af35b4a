import {
  castBallot,
  pollAsSeenBy,
  voteOnPoll,
  voterViewOf,
} from '../../../src/features/polls/ballot-service';
import { draftPoll } from '../../../src/features/polls/drafting-service';
import { countCommands } from '../../support/command-counter';
import { errorCodeOf, pollForm, sentPoll, startPollWorld, type PollWorld } from './service-support';

describe('ballot service', () => {
  let world: PollWorld;
  const personal = (userId = '29:viewer') => ({ userId, shared: false });

  beforeAll(async () => {
    world = await startPollWorld();
  });
  afterAll(async () => world.database.close());

  it('records one ballot per member and says when a second vote changed it', async () => {
    const poll = await sentPoll(world, { question: 'Changer d’avis ?' });
    const memberId = world.members[1].id;

    const first = await castBallot(world.deps, { poll, memberId, choices: 'o1', now: world.now });
    const second = await castBallot(world.deps, { poll, memberId, choices: 'o2', now: world.now });

    expect(first).toMatchObject({ kind: 'recorded', changed: false, ballot: { choices: ['o1'], memberId } });
    expect(second).toMatchObject({ kind: 'recorded', changed: true, ballot: { choices: ['o2'] } });
    expect((await world.deps.polls.tally(poll.id)).ballots).toBe(1);
  });

  it('answers a vote with the tally that holds this ballot once, with its new choices, and the others', async () => {
    const poll = await sentPoll(world, { question: 'Quel créneau ?' });
    const [, camille, julien] = world.members;
    await castBallot(world.deps, { poll, memberId: julien.id, choices: 'o1', now: world.now });
    await castBallot(world.deps, { poll, memberId: camille.id, choices: 'o1', now: world.now });

    const changedMind = await castBallot(world.deps, {
      poll,
      memberId: camille.id,
      choices: 'o2',
      now: world.now,
    });

    const expected = {
      ballots: 2,
      counts: new Map([
        ['o1', 1],
        ['o2', 1],
      ]),
    };
    expect(changedMind).toMatchObject({ kind: 'recorded', changed: true, tally: expected });
    expect(await world.deps.polls.tally(poll.id)).toEqual(expected);
  });

  it('answers votes cast at the same time each with a tally that holds their own ballot', async () => {
    const poll = await sentPoll(world, { question: 'Tous en même temps ?' });
    const choiceOf = (index: number) => (index % 2 === 0 ? 'o1' : 'o2');

    const outcomes = await Promise.all(
      world.members.map((member, index) =>
        castBallot(world.deps, { poll, memberId: member.id, choices: choiceOf(index), now: world.now }),
      ),
    );

    outcomes.forEach((outcome, index) => {
      if (outcome.kind !== 'recorded') throw new Error(`vote ${index} not recorded: ${outcome.kind}`);
      expect(outcome.tally.counts.get(choiceOf(index))).toBeGreaterThanOrEqual(1);
      expect(outcome.tally.ballots).toBeGreaterThanOrEqual(1);
    });
    const latest = Math.max(
      ...outcomes.map((outcome) => (outcome.kind === 'recorded' ? outcome.tally.ballots : 0)),
    );
    expect(latest).toBe(world.members.length);
  });

  it('counts the ballots once for the tallies asked while a count is on its way', async () => {
    const poll = await sentPoll(world, { question: 'Qui compte ?' });
    await castBallot(world.deps, { poll, memberId: world.members[1].id, choices: 'o1', now: world.now });
    const counter = countCommands(world.database);

    const tallies = await Promise.all(Array.from({ length: 6 }, () => world.deps.polls.tally(poll.id)));
    counter.stop();

    // The first ask's count, then one count for the five that asked while it was on its way.
    expect(counter.commands()).toEqual(['aggregate poll_ballots', 'aggregate poll_ballots']);
    for (const tally of tallies) expect(tally).toEqual({ ballots: 1, counts: new Map([['o1', 1]]) });
  });

  it('keeps no trace of the voter on an anonymous ballot', async () => {
    const poll = await sentPoll(world, { question: 'Anonyme ?', anonymous: true });

    const outcome = await castBallot(world.deps, {
      poll,
      memberId: world.members[2].id,
      choices: 'o1',
      now: world.now,
    });

    expect(outcome.kind).toBe('recorded');
    if (outcome.kind === 'recorded') expect(outcome.ballot).not.toHaveProperty('memberId');
    expect(await world.deps.polls.namedBallots(poll.id)).toEqual([]);
  });

  it('refuses people outside the audience fixed at sending, even if they join the group afterwards', async () => {
    const poll = await sentPoll(world, { question: 'Audience figée ?' });
    const latecomer = world.outsider.member.id;
    const before = await castBallot(world.deps, { poll, memberId: latecomer, choices: 'o1', now: world.now });
    await world.deps.people.groups.join('rh', latecomer, world.now);

    const after = await castBallot(world.deps, { poll, memberId: latecomer, choices: 'o1', now: world.now });
    await world.deps.people.groups.leave('rh', latecomer);

    expect(before.kind).toBe('notInAudience');
    expect(after.kind).toBe('notInAudience');
  });

  it('records nothing once the deadline has passed, even before the closing job ran', async () => {
    const poll = await sentPoll(world, { question: 'Trop tard ?' });
    const late = new Date(poll.deadline.getTime() + 1);

    const outcome = await castBallot(world.deps, {
      poll,
      memberId: world.members[1].id,
      choices: 'o1',
      now: late,
    });

    expect(outcome.kind).toBe('closed');
    expect((await world.deps.polls.tally(poll.id)).ballots).toBe(0);
  });

  it('refuses choices the poll does not offer', async () => {
    const poll = await sentPoll(world, { question: 'Choix inconnu ?' });

    const outcome = await castBallot(world.deps, {
      poll,
      memberId: world.members[1].id,
      choices: 'o9',
      now: world.now,
    });

    expect(outcome.kind).toBe('refused');
  });

  it('hides drafts from voters: voting on one answers that the poll is unknown', async () => {
    const { poll } = await draftPoll(world.deps, world.lead, pollForm(world.now), {
      networkTitle: 'Tout le réseau',
      now: world.now,
    });
    const sophie = await world.actorOf(world.members[1]);

    const vote = voteOnPoll(world.deps, {
      actor: sophie,
      pollId: poll.id,
      choices: 'o1',
      viewer: personal(),
      now: world.now,
    });

    expect(await errorCodeOf(vote)).toBe('NOT_FOUND');
  });

  it("shows the voter's own ballot on the card they see after voting", async () => {
    const poll = await sentPoll(world, { question: 'Ma réponse ?' });
    const amelie = await world.actorOf(world.members[2]);

    const outcome = await voteOnPoll(world.deps, {
      actor: amelie,
      pollId: poll.id,
      choices: 'o2',
      viewer: personal('29:amelie'),
      now: world.now,
    });

    expect(outcome).toMatchObject({
      kind: 'recorded',
      changed: false,
      view: { ballot: { choices: ['o2'] }, isInAudience: true, refreshUserIds: ['29:amelie'] },
    });
  });

  it('flags people outside the audience while the poll runs, and no longer once it is final', async () => {
    const poll = await sentPoll(world, { question: 'Vu de dehors ?' });
    const request = { pollId: poll.id, viewer: personal(), now: world.now };

    const running = await pollAsSeenBy(world.deps, world.outsider, request);
    const final = await pollAsSeenBy(world.deps, world.outsider, {
      ...request,
      now: new Date(poll.deadline.getTime() + 1),
    });

    expect(running.outsider).toBe(true);
    expect(running.view.isInAudience).toBe(false);
    expect(final.outsider).toBe(false);
  });

  it('refreshes a shared card for the viewer first, then for the audience', async () => {
    const poll = await sentPoll(world, { question: 'Carte partagée ?' });

    const view = await voterViewOf(world.deps, poll, world.members[1].id, {
      userId: '29:first',
      shared: true,
    });

    expect(view.refreshUserIds[0]).toBe('29:first');
    expect(view.refreshUserIds).toEqual(
      expect.arrayContaining(world.members.map((member) => member.teamsUserId)),
    );
  });
});
