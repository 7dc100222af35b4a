import {
  belongsToAudience,
  conversationIdOf,
  loadAudience,
  summarize,
} from '../../../src/features/polls/audience';
import { startPollWorld, type PollWorld } from './service-support';

describe('poll audience', () => {
  let world: PollWorld;

  beforeAll(async () => {
    world = await startPollWorld();
  });
  afterAll(async () => world.database.close());

  it("addresses a group's members with its linked channel, and the network without one", async () => {
    const channel = { conversation: { id: '19:rh@thread.tacv2' } };
    await world.deps.people.groups.linkChannel('rh', channel);

    const group = await loadAudience(world.deps.people, { groupSlug: 'rh' });
    const network = await loadAudience(world.deps.people, { groupSlug: undefined });

    expect(group.members.map((member) => member.id).sort()).toEqual(
      world.members.map((member) => member.id).sort(),
    );
    expect(group.channel).toEqual(channel);
    expect(summarize(group)).toMatchObject({ members: 4, hasChannel: true });
    expect(network.members).toHaveLength(6);
    expect(network.channel).toBeUndefined();
  });

  it('lets vote only those asked at sending who are still in the group', async () => {
    const [lead, sophie] = world.members;
    const poll = { groupSlug: 'rh', targetMemberIds: [lead.id, sophie.id] };
    await world.deps.people.groups.leave('rh', sophie.id);

    const asked = await belongsToAudience(world.deps.people, poll, lead.id);
    const left = await belongsToAudience(world.deps.people, poll, sophie.id);
    const notAsked = await belongsToAudience(world.deps.people, poll, world.members[2].id);
    await world.deps.people.groups.join('rh', sophie.id, world.now);

    expect([asked, left, notAsked]).toEqual([true, false, false]);
    expect(await belongsToAudience(world.deps.people, { targetMemberIds: [sophie.id] }, sophie.id)).toBe(
      true,
    );
  });

  it('reads the conversation id of a stored reference, and nothing from a malformed one', () => {
    expect(conversationIdOf({ conversation: { id: '19:abc' } })).toBe('19:abc');
    expect(conversationIdOf({ conversation: { id: 42 } })).toBeUndefined();
    expect(conversationIdOf({})).toBeUndefined();
  });
});
