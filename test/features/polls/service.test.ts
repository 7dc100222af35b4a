import { castBallot } from '../../../src/features/polls/ballot-service';
import { closePoll } from '../../../src/features/polls/closing-service';
import { remindNonVoters } from '../../../src/features/polls/sending-service';
import { mayManage, pollListsOf, pollsToManage } from '../../../src/features/polls/service';
import { countCommands } from '../../support/command-counter';
import { errorCodeOf, sentPoll, startPollWorld, type PollWorld } from './service-support';

describe('polls service', () => {
  let world: PollWorld;

  beforeAll(async () => {
    world = await startPollWorld();
  });
  afterAll(async () => world.database.close());

  it('lets the leads of a group and coordinators manage its polls, and coordinators alone network polls', async () => {
    const member = await world.actorOf(world.members[1]);

    expect(
      [world.lead, world.coordinator, member].map((actor) => mayManage(actor, { groupSlug: 'rh' })),
    ).toEqual([true, true, false]);
    expect(mayManage(world.lead, { groupSlug: 'autre' })).toBe(false);
    expect(
      [world.lead, world.coordinator].map((actor) => mayManage(actor, { groupSlug: undefined })),
    ).toEqual([false, true]);
  });

  it('offers to remind only the open polls not reminded yet, and to close every open poll', async () => {
    const reminded = await sentPoll(world, { question: 'Déjà relancé ?' });
    const fresh = await sentPoll(world, { question: 'Pas encore relancé ?' });
    const closed = await sentPoll(world, { question: 'Déjà clos ?' });
    await remindNonVoters(world.deps, reminded, world.now);
    await closePoll(world.deps, closed.id, 'lead', world.now);

    const toRemind = (await pollsToManage(world.deps, world.lead, 'remind', world.now)).map(
      (poll) => poll.id,
    );
    const toClose = (await pollsToManage(world.deps, world.coordinator, 'close', world.now)).map(
      (poll) => poll.id,
    );

    expect(toRemind).toContain(fresh.id);
    expect(toRemind).not.toContain(reminded.id);
    expect(toClose).toEqual(expect.arrayContaining([fresh.id, reminded.id]));
    expect(toClose).not.toContain(closed.id);
    const member = await world.actorOf(world.members[1]);
    expect(await errorCodeOf(pollsToManage(world.deps, member, 'close', world.now))).toBe('NOT_ALLOWED');
  });

  it("lists a member's open polls with whether they answered, and a lead's own polls with their tally", async () => {
    const answered = await sentPoll(world, { question: 'Répondu ?' });
    const waiting = await sentPoll(world, { question: 'Pas répondu ?' });
    const sophie = await world.actorOf(world.members[1]);
    await castBallot(world.deps, {
      poll: answered,
      memberId: sophie.member.id,
      choices: 'o1',
      now: world.now,
    });

    const forSophie = await pollListsOf(world.deps, sophie, { now: world.now, length: 10 });
    const forLead = await pollListsOf(world.deps, world.lead, { now: world.now, length: 10 });

    const state = new Map(forSophie.toAnswer.map((listed) => [listed.poll.id, listed.answered]));
    expect(state.get(answered.id)).toBe(true);
    expect(state.get(waiting.id)).toBe(false);
    expect(forSophie.mine).toEqual([]);
    expect(forSophie.exportable).toEqual([]);
    expect(forLead.mine.find((listed) => listed.poll.id === answered.id)?.tally?.ballots).toBe(1);
  });

  it('reads the ballots of people listing their polls at the same time together, each seeing only their own', async () => {
    const poll = await sentPoll(world, { question: 'Tous ensemble ?' });
    const voters = await Promise.all(world.members.map((member) => world.actorOf(member)));
    const second = voters[1];
    await castBallot(world.deps, { poll, memberId: second.member.id, choices: 'o2', now: world.now });
    const counter = countCommands(world.database);

    const lists = await Promise.all(
      voters.map((voter) => pollListsOf(world.deps, voter, { now: world.now, length: 10 })),
    );
    counter.stop();

    const answeredBy = lists.map(
      (list) => list.toAnswer.find((listed) => listed.poll.id === poll.id)?.answered,
    );
    expect(answeredBy).toEqual(voters.map((voter) => voter === second));
    // The first asker's read, then one read for everyone who asked while it was on its way.
    expect(counter.commands().filter((command) => command === 'find poll_ballots')).toEqual([
      'find poll_ballots',
      'find poll_ballots',
    ]);
  });
});
