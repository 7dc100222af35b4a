import {
  decideItem,
  itemToEdit,
  proposalForm,
  proposeItem,
  saveItem,
} from '../../../src/features/info-flash/item-service';
import { publishNow } from '../../../src/features/info-flash/publishing-service';
import type { Actor } from '../../../src/people';
import { sliceFixture, type SliceFixture } from './slice-support';

describe('Info Flash item service', () => {
  let slice: SliceFixture;
  let nadia: Actor;
  let yann: Actor;
  let lea: Actor;

  beforeAll(async () => {
    slice = await sliceFixture();
    nadia = await slice.person('Nadia', { coordinator: true });
    yann = await slice.person('Yann', { coordinator: true });
    lea = await slice.person('Léa');
    await slice.deps.people.groups.seedGroup({
      slug: 'numerique',
      title: 'Numérique',
      theme: 'Outils',
      workstreams: [],
      order: 0,
      createdAt: slice.clock.now(),
    });
  });
  afterAll(async () => slice.close());

  const notices = async () => slice.deliveries.deliveriesOf('info-flash:notices');
  const form = (title: string, groupSlug = '') => ({ title, text: `Texte de ${title}`, link: '', groupSlug });

  it('offers every group on the form and tells coordinators their items go out without review', async () => {
    expect(await proposalForm(slice.deps, nadia)).toEqual({
      groups: [{ title: 'Numérique', value: 'numerique' }],
      direct: true,
    });
    expect((await proposalForm(slice.deps, lea)).direct).toBe(false);
  });

  it("approves a coordinator's item at once and asks nobody to review it", async () => {
    const { item, direct } = await proposeItem(slice.deps, nadia, form('Écrit par Nadia'), slice.clock.now());
    expect(direct).toBe(true);
    expect(item).toMatchObject({ status: 'approved', approvedBy: nadia.member.id, authorName: 'Nadia' });
    expect((await notices()).filter((delivery) => delivery.messageKey.includes(item.id))).toEqual([]);
  });

  it("sends a member's proposal to every coordinator once, as a review card naming the group", async () => {
    const { item, direct } = await proposeItem(
      slice.deps,
      lea,
      form('Atelier', 'numerique'),
      slice.clock.now(),
    );
    expect(direct).toBe(false);
    expect(item.status).toBe('proposed');
    const reviews = (await notices()).filter(
      (delivery) => delivery.messageKey === `info-flash:item:${item.id}:review`,
    );
    expect(reviews.map((delivery) => delivery.recipientMemberId).sort()).toEqual(
      [nadia.member.id, yann.member.id].sort(),
    );
    expect(JSON.stringify(reviews[0].messages)).toContain('Numérique');
  });

  it('refuses an item about a group that does not exist, and writes nothing', async () => {
    const before = await slice.deps.infoFlash.listProposed(100);
    await expect(
      proposeItem(slice.deps, lea, form('Perdu', 'inconnu'), slice.clock.now()),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      params: { details: { messageKey: 'infoFlash.form.groupUnknown' } },
    });
    expect(await slice.deps.infoFlash.listProposed(100)).toEqual(before);
  });

  it('decides a proposal once: the second decision gets the item as the first left it', async () => {
    const { item } = await proposeItem(slice.deps, lea, form('Deux avis'), slice.clock.now());
    const first = await decideItem(slice.deps, nadia, item.id, { status: 'approved' }, slice.clock.now());
    const second = await decideItem(
      slice.deps,
      yann,
      item.id,
      { status: 'rejected', reason: 'Trop tard' },
      slice.clock.now(),
    );
    expect(first).toMatchObject({
      kind: 'decided',
      item: { status: 'approved', approvedBy: nadia.member.id },
    });
    expect(second).toMatchObject({ kind: 'unchanged', view: { item: { status: 'approved' } } });
    const toAuthor = (await notices()).filter((delivery) => delivery.recipientMemberId === lea.member.id);
    expect(toAuthor.map((delivery) => delivery.messageKey)).toEqual([`info-flash:item:${item.id}:approved`]);
  });

  it('tells the author why their proposal was rejected, in their 1:1 chat', async () => {
    const { item } = await proposeItem(slice.deps, lea, form('Refusé'), slice.clock.now());
    await decideItem(
      slice.deps,
      nadia,
      item.id,
      { status: 'rejected', reason: 'Déjà annoncé' },
      slice.clock.now(),
    );
    const [told] = (await notices()).filter(
      (delivery) => delivery.messageKey === `info-flash:item:${item.id}:rejected`,
    );
    expect(told.recipientMemberId).toBe(lea.member.id);
    expect(JSON.stringify(told.messages)).toContain('Déjà annoncé');
  });

  it('keeps a rejected item out of the editor and out of saves', async () => {
    const { item } = await proposeItem(slice.deps, lea, form('Fermé'), slice.clock.now());
    await decideItem(slice.deps, nadia, item.id, { status: 'rejected', reason: 'Non' }, slice.clock.now());
    expect(await itemToEdit(slice.deps, item.id)).toMatchObject({ kind: 'notEditable' });
    expect(await saveItem(slice.deps, item.id, form('Rouvert'), slice.clock.now())).toMatchObject({
      kind: 'notEditable',
      view: { item: { title: 'Fermé', status: 'rejected' } },
    });
  });

  it('saves an edited item without changing its status, and removes a link left empty', async () => {
    const { item } = await proposeItem(
      slice.deps,
      nadia,
      { ...form('Avec lien'), link: 'https://orleans.example/info' },
      slice.clock.now(),
    );
    const outcome = await saveItem(slice.deps, item.id, form('Sans lien', 'numerique'), slice.clock.now());
    expect(outcome).toMatchObject({
      kind: 'saved',
      view: { item: { title: 'Sans lien', status: 'approved' } },
    });
    const saved = await slice.deps.infoFlash.findItem(item.id);
    expect(saved?.link).toBeUndefined();
    expect(saved?.groupSlug).toBe('numerique');
  });

  it('corrects a published item in its digest: one in-place update per channel it was posted to', async () => {
    await slice.deps.infoFlash.subscribe({
      conversationId: '19:general@thread.tacv2',
      name: 'Général',
      reference: { channelId: 'msteams', conversation: { id: '19:general@thread.tacv2' } },
      subscribedBy: nadia.member.id,
      subscribedAt: slice.clock.now(),
    });
    const { item } = await proposeItem(slice.deps, nadia, form('Coquille'), slice.clock.now());
    expect(await publishNow(slice.deps)).toMatchObject({ kind: 'published', progress: { channels: 1 } });
    const published = (await slice.deps.infoFlash.findItem(item.id))!;

    const outcome = await saveItem(slice.deps, item.id, form('Sans coquille'), slice.clock.now());

    expect(outcome).toMatchObject({ kind: 'corrected', channels: 1, item: { title: 'Sans coquille' } });
    const digest = (await slice.deps.infoFlash.findDigest(published.digestId!))!;
    expect(digest.revision).toBe(1);
    expect(digest.items.map((entry) => entry.title)).toContain('Sans coquille');
    const updates = await slice.deliveries.deliveriesOf(`digest:${digest.id}:rev:1`);
    expect(updates.map(({ operation, targetMessageKey }) => ({ operation, targetMessageKey }))).toEqual([
      { operation: 'update', targetMessageKey: `digest:${digest.id}` },
    ]);
  });

  it('refuses a correction that no longer fits its card, and changes neither the item nor the digest', async () => {
    const { item } = await proposeItem(slice.deps, nadia, form('Court'), slice.clock.now());
    await publishNow(slice.deps);
    const { digestId } = (await slice.deps.infoFlash.findItem(item.id))!;
    // The part already carries long neighbours, as a digest of many full items would.
    const digest = (await slice.deps.infoFlash.findDigest(digestId!))!;
    const neighbours = Array.from({ length: 8 }, (_, index) => ({
      itemId: `neighbour-${index}`,
      title: `Voisin ${index}`,
      text: 'é'.repeat(1_500),
      sectionOrder: 0,
    }));
    const items = [...digest.items, ...neighbours];
    const partition = [{ itemIds: items.map((entry) => entry.itemId), card: digest.parts[0].card }];
    await slice.deps.infoFlash.reviseDigest(digest.id, digest.revision, items, partition);
    const short = await saveItem(slice.deps, item.id, form('Court, corrigé'), slice.clock.now());
    expect(short).toMatchObject({ kind: 'corrected' });
    const fitting = (await slice.deps.infoFlash.findDigest(digest.id))!;

    const long = { ...form('Trop long'), text: 'é'.repeat(1_500) };
    await expect(saveItem(slice.deps, item.id, long, slice.clock.now())).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      params: { details: { messageKey: 'infoFlash.edit.tooLarge' } },
    });
    expect((await slice.deps.infoFlash.findItem(item.id))?.title).toBe('Court, corrigé');
    expect((await slice.deps.infoFlash.findDigest(digest.id))?.revision).toBe(fitting.revision);
  });

  it('says an unknown item is not found', async () => {
    await expect(itemToEdit(slice.deps, '0123456789abcdef01234567')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
