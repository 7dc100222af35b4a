import {
  channelConversationId,
  channelPostReference,
} from '../../../src/features/info-flash/channel-reference';

describe('Info Flash channel reference', () => {
  const channel = '19:abc123@thread.tacv2';

  it('names the channel a thread belongs to, and leaves a channel id as it is', () => {
    expect(channelConversationId(`${channel};messageid=1733565600000`)).toBe(channel);
    expect(channelConversationId(channel)).toBe(channel);
  });

  it('stores a reference that posts in the channel, never in the thread it was taken from', () => {
    const reference = channelPostReference({
      activityId: '1733565600001',
      channelId: 'msteams',
      serviceUrl: 'https://smba.example.test/emea/',
      conversation: {
        id: `${channel};messageid=1733565600000`,
        name: 'Général',
        conversationType: 'channel',
      },
    });
    expect(reference).toEqual({
      channelId: 'msteams',
      serviceUrl: 'https://smba.example.test/emea/',
      conversation: { id: channel, name: 'Général', conversationType: 'channel' },
    });
  });
});
