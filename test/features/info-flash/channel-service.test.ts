import type { ConversationInfo } from '../../../src/bot/turn';
import {
  endTeamSubscriptions,
  subscribeChannel,
  unsubscribeChannel,
} from '../../../src/features/info-flash/channel-service';
import { sliceFixture, type SliceFixture } from './slice-support';

describe('Info Flash channel service', () => {
  let slice: SliceFixture;
  const now = new Date('2026-12-07T09:00:00Z');

  beforeAll(async () => {
    slice = await sliceFixture(now);
  });
  afterAll(async () => slice.close());

  /** A message typed in a thread of a channel: Teams names it `<channel>;messageid=<root>`. */
  function placeIn(channelId: string, teamId: string, kind: ConversationInfo['kind'] = 'channel') {
    const id = kind === 'channel' ? `${channelId};messageid=1733565600000` : channelId;
    return {
      conversation: { id, kind, teamId, tenantId: 'tenant-orleans' },
      reference: {
        activityId: '1733565600001',
        channelId: 'msteams',
        serviceUrl: 'https://smba.example.test/emea/',
        conversation: { id, name: 'Général', conversationType: kind },
      },
    };
  }

  it('subscribes the channel itself, so digests are new posts and not replies in the thread', async () => {
    const channel = '19:general-a@thread.tacv2';
    expect(await subscribeChannel(slice.deps, placeIn(channel, 'team-a'), 'nadia', now)).toBe('subscribed');
    const [stored] = await slice.deps.infoFlash.findChannels([channel]);
    expect(stored).toMatchObject({
      conversationId: channel,
      name: 'Général',
      teamId: 'team-a',
      active: true,
    });
    expect(stored.reference).not.toHaveProperty('activityId');
    expect(stored.reference.conversation).toMatchObject({ id: channel });
  });

  it('subscribes a channel once, however many times it is asked', async () => {
    const place = placeIn('19:general-b@thread.tacv2', 'team-b');
    await subscribeChannel(slice.deps, place, 'nadia', now);
    expect(await subscribeChannel(slice.deps, place, 'nadia', now)).toBe('alreadySubscribed');
  });

  it('subscribes and unsubscribes channels only', async () => {
    const chat = placeIn('a:personal-chat', 'team-c', 'personal');
    expect(await subscribeChannel(slice.deps, chat, 'nadia', now)).toBe('channelOnly');
    expect(await unsubscribeChannel(slice.deps, chat.conversation, now)).toBe('channelOnly');
    expect(await slice.deps.infoFlash.findChannels(['a:personal-chat'])).toEqual([]);
  });

  it('unsubscribes the channel a thread belongs to, once', async () => {
    const place = placeIn('19:general-d@thread.tacv2', 'team-d');
    await subscribeChannel(slice.deps, place, 'nadia', now);
    expect(await unsubscribeChannel(slice.deps, place.conversation, now)).toBe('unsubscribed');
    expect(await unsubscribeChannel(slice.deps, place.conversation, now)).toBe('notSubscribed');
  });

  it("ends the subscriptions of the team the bot left, and only that team's", async () => {
    await subscribeChannel(slice.deps, placeIn('19:one@thread.tacv2', 'team-left'), 'nadia', now);
    await subscribeChannel(slice.deps, placeIn('19:two@thread.tacv2', 'team-left'), 'nadia', now);
    await subscribeChannel(slice.deps, placeIn('19:three@thread.tacv2', 'team-kept'), 'nadia', now);
    expect(await endTeamSubscriptions(slice.deps, 'team-left', now)).toBe(2);
    const active = (await slice.deps.infoFlash.activeChannels()).map((channel) => channel.conversationId);
    expect(active).toContain('19:three@thread.tacv2');
    expect(active).not.toContain('19:one@thread.tacv2');
  });
});
