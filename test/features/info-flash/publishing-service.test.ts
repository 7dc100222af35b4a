import {
  previewDigest,
  publishNow,
  readsReport,
  withdrawPublished,
} from '../../../src/features/info-flash/publishing-service';
import type { Actor } from '../../../src/people';
import { sliceFixture, type SliceFixture } from './slice-support';

describe('Info Flash publishing service', () => {
  let slice: SliceFixture;
  let nadia: Actor;
  const now = new Date('2026-12-07T09:00:00Z');

  beforeAll(async () => {
    slice = await sliceFixture(now);
    nadia = await slice.person('Nadia', { coordinator: true });
  });
  afterAll(async () => slice.close());

  async function approve(title: string) {
    return slice.deps.infoFlash.createItem(
      { title, text: `Texte de ${title}` },
      { id: nadia.member.id, name: 'Nadia' },
      'approved',
      slice.clock.now(),
    );
  }

  async function subscribe(conversationId: string, name?: string) {
    await slice.deps.infoFlash.subscribe({
      conversationId,
      ...(name ? { name } : {}),
      teamId: 'team-orleans',
      reference: { channelId: 'msteams', conversation: { id: conversationId } },
      subscribedBy: nadia.member.id,
      subscribedAt: slice.clock.now(),
    });
  }

  // In order: each test starts from what the one before left (one database per file).

  it('has nothing to preview or publish before an item is approved', async () => {
    expect(await previewDigest(slice.deps, now)).toEqual({ kind: 'empty' });
    expect(await publishNow(slice.deps)).toEqual({ kind: 'nothing', because: 'noItems' });
  });

  it('keeps approved items for a later run while no channel is subscribed', async () => {
    await approve('En attente de canal');
    expect(await publishNow(slice.deps)).toEqual({ kind: 'nothing', because: 'noChannels' });
    expect(await slice.deps.infoFlash.listPublishable()).toHaveLength(1);
  });

  it('previews the next digest without fixing its items', async () => {
    await subscribe('19:general@thread.tacv2', 'Général');
    const preview = await previewDigest(slice.deps, now);
    expect(preview).toMatchObject({ kind: 'preview', channels: 1, content: { number: 1, periodTo: now } });
    expect(preview.kind === 'preview' && preview.content.items.map((item) => item.title)).toEqual([
      'En attente de canal',
    ]);
    expect(await slice.deps.infoFlash.listPublishable()).toHaveLength(1);
  });

  it('publishes at once: the items are fixed and one post per channel is queued for the drainer', async () => {
    const outcome = await publishNow(slice.deps);
    expect(outcome).toMatchObject({
      kind: 'published',
      progress: { number: 1, channels: 1, sent: 0, pending: 1, finished: false },
    });
    expect(await slice.deps.infoFlash.listPublishable()).toEqual([]);
    expect(await previewDigest(slice.deps, now)).toEqual({ kind: 'empty' });
  });

  it('withdraws a digest once, deleting its posts in every channel it reached', async () => {
    const [digest] = await slice.deps.infoFlash.listPublished(1);
    const first = await withdrawPublished(slice.deps, nadia, digest.id, now);
    const second = await withdrawPublished(slice.deps, nadia, digest.id, now);
    expect(first.outcome).toEqual({ kind: 'withdrawn', channels: 1 });
    expect(second.outcome).toEqual({ kind: 'alreadyWithdrawn' });
    const deletions = await slice.deliveries.deliveriesOf(`digest:${digest.id}:withdraw`);
    expect(deletions.map((delivery) => delivery.operation)).toEqual(['delete']);
  });

  it('refuses to withdraw a digest that never went out', async () => {
    const building = await slice.deps.infoFlash.openDigest(now, now);
    expect((await withdrawPublished(slice.deps, nadia, building.id, now)).outcome).toEqual({
      kind: 'notPublished',
    });
  });

  it('counts reads per channel name, and every 1:1 read together', async () => {
    const digest = await slice.publishedDigest(['Lue partout']);
    await subscribe('19:equipe-a@thread.tacv2', 'Équipe');
    await subscribe('19:equipe-b@thread.tacv2', 'Équipe');
    const reads = [
      '19:equipe-a@thread.tacv2',
      '19:equipe-b@thread.tacv2',
      '19:left-since-then-0123456789@thread.tacv2',
      'a:1on1-lea',
      'personal',
    ];
    for (const [index, conversationId] of reads.entries()) {
      await slice.deps.infoFlash.recordRead(digest.id, `reader-${index}`, conversationId, now);
    }
    const [report] = await readsReport(slice.deps, [digest]);
    expect(report.total).toBe(5);
    expect(report.places).toHaveLength(3);
    expect(report.places).toEqual(
      expect.arrayContaining([
        { place: { kind: 'channel', name: 'Équipe' }, count: 2 },
        { place: { kind: 'channel', name: '19:left-since-then-01234' }, count: 1 },
        { place: { kind: 'personal' }, count: 2 },
      ]),
    );
  });
});
