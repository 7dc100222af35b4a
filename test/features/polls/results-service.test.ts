import { castBallot } from '../../../src/features/polls/ballot-service';
import { closePoll } from '../../../src/features/polls/closing-service';
import {
  exportPollResults,
  pollResultsFor,
  resultsViewOf,
} from '../../../src/features/polls/results-service';
import { pollMessageKeys } from '../../../src/features/polls/service';
import { createTranslator } from '../../../src/i18n/translator';
import { errorCodeOf, sentPoll, startPollWorld, type PollWorld } from './service-support';

describe('results service', () => {
  let world: PollWorld;
  const t = createTranslator('fr');

  beforeAll(async () => {
    world = await startPollWorld();
  });
  afterAll(async () => world.database.close());

  async function votedPoll(anonymous: boolean) {
    const poll = await sentPoll(world, {
      question: `Résultats ${anonymous ? 'anonymes' : 'nominatifs'} ?`,
      anonymous,
    });
    const [, sophie, amelie, marc] = world.members;
    for (const [member, choices] of [
      [sophie, 'o1'],
      [amelie, 'o1'],
      [marc, 'o2'],
    ] as const) {
      await castBallot(world.deps, { poll, memberId: member.id, choices, now: world.now });
    }
    return poll;
  }

  it('names the voters of each option and those who did not answer, sorted by name', async () => {
    const poll = await votedPoll(false);

    const view = await resultsViewOf(world.deps, poll);

    expect(view.tally.ballots).toBe(3);
    expect(view.votersByOption?.get('o1')).toEqual(['Amélie Roux', 'Sophie Lefèvre']);
    expect(view.votersByOption?.get('o2')).toEqual(['Marc Petit']);
    expect(view.nonRespondents).toEqual(['Julien Moreau']);
  });

  it('names nobody on an anonymous poll', async () => {
    const poll = await votedPoll(true);

    const view = await resultsViewOf(world.deps, poll);

    expect(view.tally.ballots).toBe(3);
    expect(view.votersByOption).toBeUndefined();
    expect(view.nonRespondents).toBeUndefined();
  });

  it('shows the lead the buttons to remind and close, and the export to coordinators only', async () => {
    const poll = await votedPoll(false);

    const byLead = await pollResultsFor(world.deps, world.lead, poll.id);
    const byCoordinator = await pollResultsFor(world.deps, world.coordinator, poll.id);

    expect(byLead).toMatchObject({ canRemind: true, canClose: true, canExport: false });
    expect(byCoordinator).toMatchObject({ canRemind: true, canClose: true, canExport: true });
    expect(await errorCodeOf(pollResultsFor(world.deps, world.outsider, poll.id))).toBe('NOT_ALLOWED');
  });

  it('exports a closed poll for coordinators: here in their 1:1 chat, privately from anywhere else', async () => {
    const poll = await votedPoll(false);
    const request = { pollId: poll.id, t, inPersonalChat: true };

    expect(await errorCodeOf(exportPollResults(world.deps, world.coordinator, request))).toBe(
      'INVALID_INPUT',
    );
    await closePoll(world.deps, poll.id, 'lead', world.now);
    expect(await errorCodeOf(exportPollResults(world.deps, world.lead, request))).toBe('NOT_ALLOWED');
    const here = await exportPollResults(world.deps, world.coordinator, request);
    const elsewhere = await exportPollResults(world.deps, world.coordinator, {
      ...request,
      inPersonalChat: false,
    });

    expect(here.kind).toBe('here');
    // Named after the day it closed (early, here), not its deadline.
    const file = here.kind === 'here' ? here.message.files?.[0] : undefined;
    expect(file).toMatchObject({ name: 'sondage-rh-2026-11-27.csv', contentType: 'text/csv' });
    expect(file?.content).toMatch(/Sophie Lefèvre/);
    expect(elsewhere).toEqual({ kind: 'sentPrivately' });
    const sentPrivately = (await world.deps.deliveries.deliveriesOf(pollMessageKeys.card(poll.id))).filter(
      (delivery) => delivery.messageKey.includes(':export:'),
    );
    expect(sentPrivately.map((delivery) => delivery.recipientMemberId)).toEqual([
      world.coordinator.member.id,
    ]);
  });
});
