import { closeDuePolls, closeFor, closePoll } from '../../../src/features/polls/closing-service';
import { pollMessageKeys } from '../../../src/features/polls/service';
import { errorCodeOf, sentPoll, startPollWorld, type PollWorld } from './service-support';

describe('closing service', () => {
  let world: PollWorld;

  beforeAll(async () => {
    world = await startPollWorld();
  });
  afterAll(async () => world.database.close());

  const closings = (pollId: string) =>
    world.published.filter(
      (event) => event.name === 'poll:closed' && (event.data as { pollId: string }).pollId === pollId,
    );

  it('closes a poll once and publishes poll:closed once when the lead and the job close it at once', async () => {
    const poll = await sentPoll(world, { question: 'Deux clôtures ?' });

    const results = await Promise.all([
      closePoll(world.deps, poll.id, 'lead', world.now),
      closePoll(world.deps, poll.id, 'deadline', world.now),
    ]);

    expect(results.filter((closed) => closed !== undefined)).toHaveLength(1);
    expect(closings(poll.id)).toEqual([
      {
        name: 'poll:closed',
        data: { pollId: poll.id, groupSlug: 'rh', closedBy: expect.any(String), at: world.now },
      },
    ]);
    expect(await closePoll(world.deps, poll.id, 'lead', world.now)).toBeUndefined();
    expect(closings(poll.id)).toHaveLength(1);
  });

  it('replaces every personal poll card by the final results and sends the results to the lead', async () => {
    const poll = await sentPoll(world, { question: 'Cartes remplacées ?' });

    await closePoll(world.deps, poll.id, 'lead', world.now);

    const deliveries = await world.deps.deliveries.deliveriesOf(pollMessageKeys.card(poll.id));
    const edits = deliveries.filter((delivery) => delivery.operation === 'update');
    expect(edits).toHaveLength(world.members.length);
    expect(edits.every((edit) => edit.targetMessageKey === pollMessageKeys.card(poll.id))).toBe(true);
    const toLead = deliveries.filter((delivery) => delivery.messageKey === pollMessageKeys.results(poll.id));
    expect(toLead.map((delivery) => delivery.recipientMemberId)).toEqual([world.lead.member.id]);
  });

  it('closes only the polls past their deadline, as closed by the deadline', async () => {
    const due = await sentPoll(world, {
      question: 'Échu ?',
      deadline: new Date(world.now.getTime() + 60_000),
    });
    const running = await sentPoll(world, { question: 'En cours ?' });

    const closed = await closeDuePolls(world.deps, new Date(world.now.getTime() + 120_000));

    expect(closed.map((poll) => poll.id)).toContain(due.id);
    expect(closed.map((poll) => poll.id)).not.toContain(running.id);
    expect((await world.deps.polls.findPoll(due.id))?.closedBy).toBe('deadline');
    expect(closings(due.id)[0].data).toMatchObject({ closedBy: 'deadline' });
    expect(closings(running.id)).toHaveLength(0);
  });

  it('lets the lead close early, says when it already was, and refuses members', async () => {
    const poll = await sentPoll(world, { question: 'Clôture anticipée ?' });
    const member = await world.actorOf(world.members[1]);

    expect(await errorCodeOf(closeFor(world.deps, member, poll.id, world.now))).toBe('NOT_ALLOWED');
    const first = await closeFor(world.deps, world.lead, poll.id, world.now);
    const second = await closeFor(world.deps, world.lead, poll.id, world.now);

    expect(first.closed).toBe(true);
    expect(second.closed).toBe(false);
    expect(second.results.poll.status).toBe('closed');
    expect(closings(poll.id)).toHaveLength(1);
  });
});
