import {
  draftPoll,
  draftToEdit,
  linkGroupChannel,
  newPollForm,
} from '../../../src/features/polls/drafting-service';
import { networkAudience } from '../../../src/features/polls/poll-form';
import { errorCodeOf, pollForm, sentPoll, startPollWorld, type PollWorld } from './service-support';

describe('drafting service', () => {
  let world: PollWorld;
  const channel = { conversation: { id: '19:rh-channel@thread.tacv2' } };

  beforeAll(async () => {
    world = await startPollWorld();
  });
  afterAll(async () => world.database.close());

  const options = () => ({ networkTitle: 'Tout le réseau', now: world.now });

  it('offers a lead their groups, a coordinator the network too, and a member nothing', async () => {
    const member = await world.actorOf(world.members[1]);

    const lead = await newPollForm(world.deps.people, world.lead, '');
    const coordinator = await newPollForm(world.deps.people, world.coordinator, 'rh');

    expect(lead).toMatchObject({ network: false, selected: 'rh' });
    expect(lead.groups.map((group) => group.slug)).toEqual(['rh']);
    expect(coordinator).toMatchObject({ network: true, selected: 'rh' });
    expect(await errorCodeOf(newPollForm(world.deps.people, member, ''))).toBe('NOT_ALLOWED');
  });

  it('saves a draft with its options numbered and counts whom it will reach', async () => {
    const { poll, audience } = await draftPoll(world.deps, world.lead, pollForm(world.now), options());

    expect(poll).toMatchObject({ status: 'draft', audienceTitle: 'RH', groupSlug: 'rh' });
    expect(poll.options.map((option) => option.id)).toEqual(['o1', 'o2']);
    expect(audience).toMatchObject({ members: world.members.length, hasChannel: false });
    expect(audience.reach.reachable).toBe(world.members.length);
  });

  it('decides on the server who may poll what, whatever the card offered', async () => {
    const toNetwork = pollForm(world.now, { audience: networkAudience });
    const toUnknown = pollForm(world.now, { audience: 'inconnu' });

    expect(await errorCodeOf(draftPoll(world.deps, world.lead, toNetwork, options()))).toBe('NOT_ALLOWED');
    expect(await errorCodeOf(draftPoll(world.deps, world.coordinator, toUnknown, options()))).toBe(
      'NOT_FOUND',
    );
    const network = await draftPoll(world.deps, world.coordinator, toNetwork, options());
    expect(network.poll).toMatchObject({ audienceTitle: 'Tout le réseau' });
    expect(network.poll.groupSlug).toBeUndefined();
  });

  it("edits only the author's own drafts, never a poll already sent", async () => {
    const { poll } = await draftPoll(world.deps, world.lead, pollForm(world.now), options());
    const sent = await sentPoll(world, { question: 'Déjà envoyé ?' });

    expect((await draftToEdit(world.deps, world.lead, poll.id)).poll.id).toBe(poll.id);
    expect(await errorCodeOf(draftToEdit(world.deps, world.coordinator, poll.id))).toBe('NOT_FOUND');
    expect(await errorCodeOf(draftToEdit(world.deps, world.lead, sent.id))).toBe('CONFLICT');
    const edited = pollForm(world.now, { pollId: poll.id, question: 'Question revue ?' });
    expect(await errorCodeOf(draftPoll(world.deps, world.coordinator, edited, options()))).toBe('NOT_FOUND');
  });

  it("links a group's channel for its lead only, and asks which group when none matches", async () => {
    const member = await world.actorOf(world.members[1]);

    expect(await linkGroupChannel(world.deps, world.lead, 'groupe inexistant', channel)).toEqual({
      kind: 'unknownGroup',
    });
    expect(await errorCodeOf(linkGroupChannel(world.deps, member, 'rh', channel))).toBe('NOT_ALLOWED');
    expect(await linkGroupChannel(world.deps, world.lead, 'RH', channel)).toMatchObject({ kind: 'linked' });
    expect((await world.deps.people.groups.findGroup('rh'))?.channelReference).toEqual(channel);
  });
});
