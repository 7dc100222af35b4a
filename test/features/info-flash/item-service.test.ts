import {
  decideItem,
  itemToEdit,
  proposalForm,
  proposeItem,
  saveItem,
} from '../../../src/features/info-flash/item-service';
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

  it('says an unknown item is not found', async () => {
    await expect(itemToEdit(slice.deps, '0123456789abcdef01234567')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
