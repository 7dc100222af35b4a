import { castBallot } from '../../../src/features/polls/ballot-service';
import { closePoll } from '../../../src/features/polls/closing-service';
import { remindNonVoters } from '../../../src/features/polls/sending-service';
import { mayManage, pollListsOf, pollsToManage } from '../../../src/features/polls/service';
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
});
