import { castBallot } from '../../../src/features/polls/ballot-service';
import { draftPoll } from '../../../src/features/polls/drafting-service';
import { remindNonVoters, sendDraft, sendPoll } from '../../../src/features/polls/sending-service';
import { pollMessageKeys } from '../../../src/features/polls/service';
import type { PollForm } from '../../../src/features/polls/poll-form';
import { errorCodeOf, pollForm, sentPoll, startPollWorld, type PollWorld } from './service-support';

describe('sending service', () => {
  let world: PollWorld;

  beforeAll(async () => {
    world = await startPollWorld();
  });
  afterAll(async () => world.database.close());

  async function draft(changes: Partial<PollForm> = {}) {
    const options = { networkTitle: 'Tout le réseau', now: world.now };
    return (await draftPoll(world.deps, world.lead, pollForm(world.now, changes), options)).poll;
  }

  it('queues one card per reachable member and opens the poll for the audience of the moment', async () => {
    const poll = await draft({ question: 'Une carte chacun ?' });

    const outcome = await sendPoll(world.deps, poll, world.now);

    expect(outcome).toMatchObject({ kind: 'sent', personal: world.members.length, channel: false });
    const deliveries = await world.deps.deliveries.deliveriesOf(pollMessageKeys.card(poll.id));
    expect(deliveries.map((delivery) => delivery.recipientMemberId).sort()).toEqual(
      world.members.map((member) => member.id).sort(),
    );
    const opened = await world.deps.polls.findPoll(poll.id);
    expect(opened?.status).toBe('open');
    expect(opened?.targetMemberIds.sort()).toEqual(world.members.map((member) => member.id).sort());
  });

  it('sends a poll once when its author clicks twice at once', async () => {
    const poll = await draft({ question: 'Double clic ?' });

    const outcomes = await Promise.all([
      sendDraft(world.deps, world.lead, poll.id, world.now),
      sendDraft(world.deps, world.lead, poll.id, world.now),
    ]);

    expect(outcomes.map((outcome) => outcome.kind).sort()).toEqual(['alreadySent', 'sent']);
    const deliveries = await world.deps.deliveries.deliveriesOf(pollMessageKeys.card(poll.id));
    expect(deliveries).toHaveLength(world.members.length);
    expect(outcomes.every((outcome) => outcome.progress?.waiting === world.members.length)).toBe(true);
  });

  it('refuses to send a draft whose deadline has passed, or one that reaches nobody', async () => {
    const past = await draft({ question: 'Déjà passé ?', deadline: new Date(world.now.getTime() - 1) });
    const nowhere = await draft({ question: 'Personne ?', sendPersonal: false, sendChannel: true });

    expect(await errorCodeOf(sendDraft(world.deps, world.lead, past.id, world.now))).toBe('INVALID_INPUT');
    expect(await errorCodeOf(sendDraft(world.deps, world.lead, nowhere.id, world.now))).toBe('INVALID_INPUT');
    expect((await world.deps.polls.findPoll(nowhere.id))?.status).toBe('draft');
  });

  it("keeps a draft its author's: others cannot send it", async () => {
    const poll = await draft({ question: 'À moi seul ?' });

    expect(await errorCodeOf(sendDraft(world.deps, world.coordinator, poll.id, world.now))).toBe('NOT_FOUND');
  });

  it('reminds only the members who have not voted, and only once', async () => {
    const poll = await sentPoll(world, { question: 'Un seul rappel ?', anonymous: true });
    await castBallot(world.deps, { poll, memberId: world.members[1].id, choices: 'o1', now: world.now });

    const first = await remindNonVoters(world.deps, poll, world.now);
    const second = await remindNonVoters(world.deps, poll, world.now);

    expect(first).toEqual({ kind: 'reminded', count: world.members.length - 1 });
    expect(second).toEqual({ kind: 'already', at: world.now });
    const reminders = (await world.deps.deliveries.deliveriesOf(pollMessageKeys.card(poll.id))).filter(
      (delivery) => delivery.messageKey === pollMessageKeys.reminder(poll.id),
    );
    expect(reminders.map((delivery) => delivery.recipientMemberId)).not.toContain(world.members[1].id);
  });

  it('does not remind once the deadline has passed', async () => {
    const poll = await sentPoll(world, { question: 'Rappel tardif ?' });

    expect(await remindNonVoters(world.deps, poll, new Date(poll.deadline.getTime() + 1))).toEqual({
      kind: 'closed',
    });
  });
});
