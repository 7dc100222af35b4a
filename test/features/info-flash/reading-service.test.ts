import { answerDigestCard, openDigest, readerViewOf } from '../../../src/features/info-flash/reading-service';
import type { Actor } from '../../../src/people';
import { sliceFixture, type SliceFixture } from './slice-support';

describe('Info Flash reading service', () => {
  let slice: SliceFixture;
  let lea: Actor;
  let tom: Actor;
  const channel = '19:general-orleans@thread.tacv2';

  beforeAll(async () => {
    slice = await sliceFixture();
    lea = await slice.person('Léa');
    tom = await slice.person('Tom');
  });
  afterAll(async () => slice.close());

  const readerOf = (actor: Actor, conversation: { id: string; kind: 'personal' | 'channel' }) => ({
    memberId: actor.member.id,
    userId: actor.member.teamsUserId!,
    conversation,
  });
  const click = { acknowledge: true, now: new Date('2026-12-07T10:00:00Z') };

  it('counts a read once per person, in the channel a thread belongs to', async () => {
    const digest = await slice.publishedDigest(['Une nouvelle']);
    const inThread = readerOf(lea, { id: `${channel};messageid=1733565600000`, kind: 'channel' });
    await answerDigestCard(slice.deps, digest.id, inThread, click);
    const again = await answerDigestCard(slice.deps, digest.id, inThread, click);
    expect(again).toMatchObject({ kind: 'shown', view: { readCount: 1, hasRead: true, shared: true } });
    expect(await slice.deps.infoFlash.readCounts([digest.id])).toEqual([
      { digestId: digest.id, conversationId: channel, count: 1 },
    ]);
  });

  it('refreshes a card without counting a read', async () => {
    const digest = await slice.publishedDigest(['Sans clic']);
    const answer = await answerDigestCard(
      slice.deps,
      digest.id,
      readerOf(tom, { id: 'a:tom', kind: 'personal' }),
      {
        ...click,
        acknowledge: false,
      },
    );
    expect(answer).toMatchObject({ kind: 'shown', view: { readCount: 0, hasRead: false } });
  });

  it('lists the people who refresh the card only where the card is shared', async () => {
    const digest = await slice.publishedDigest(['Partagée']);
    const personal = await readerViewOf(slice.deps, digest, readerOf(tom, { id: 'a:tom', kind: 'personal' }));
    const shared = await readerViewOf(slice.deps, digest, readerOf(tom, { id: channel, kind: 'channel' }));
    expect(personal.refreshUserIds).toEqual([]);
    expect(shared.refreshUserIds).toContain(tom.member.teamsUserId);
    expect(shared.refreshUserIds).toContain(lea.member.teamsUserId);
  });

  it('answers a click on a withdrawn digest with the withdrawal, and records no read', async () => {
    const digest = await slice.publishedDigest(['Retirée']);
    await slice.deps.infoFlash.moveDigest(digest.id, 'withdrawn', click.now);
    const reader = readerOf(lea, { id: 'a:lea', kind: 'personal' });
    expect(await answerDigestCard(slice.deps, digest.id, reader, click)).toMatchObject({ kind: 'withdrawn' });
    expect(await slice.deps.infoFlash.countReads(digest.id)).toBe(0);
    expect(await openDigest(slice.deps, digest.id)).toMatchObject({ kind: 'withdrawn' });
  });

  it('opens a digest being sent, but not one still being built', async () => {
    const sending = await slice.publishedDigest(['En route'], 'sending');
    expect(await openDigest(slice.deps, sending.id)).toMatchObject({
      kind: 'open',
      digest: { id: sending.id },
    });
    const building = await slice.deps.infoFlash.openDigest(click.now, click.now);
    await expect(openDigest(slice.deps, building.id)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      params: { what: { messageKey: 'infoFlash.digest.unknown' } },
    });
  });
});
