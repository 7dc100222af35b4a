import { createOutboxRepository } from '../../../src/delivery/repository';
import { groupsFeature } from '../../../src/features/groups';
import { helpFeature } from '../../../src/features/help';
import { infoFlashFeature } from '../../../src/features/info-flash';
import {
  createInfoFlashRepository,
  type InfoFlashRepository,
} from '../../../src/features/info-flash/repository';
import { membersFeature } from '../../../src/features/members';
import { createMembersRepository } from '../../../src/people/members-repository';
import {
  botAccount,
  membersAddedActivity,
  messageActivity,
  type ActivityOptions,
} from '../../support/activities';
import { as, persona, type PersonaName } from '../../support/personas';
import { cardOf, startTestBot, textsOf, type TestBot } from '../../support/test-bot';

interface CardAction {
  verb?: string;
  data?: Record<string, unknown>;
}

const team = 'team-ix';
const general = '19:general-ix@thread.tacv2';

function actionsOf(card: unknown): CardAction[] {
  const found: CardAction[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (typeof record.verb === 'string') found.push(record as CardAction);
      Object.values(record).forEach(walk);
    }
  };
  walk(card);
  return found;
}

describe('Info Flash', () => {
  let bot: TestBot;
  let infoFlash: InfoFlashRepository;

  beforeAll(async () => {
    bot = await startTestBot({ features: [helpFeature, membersFeature, groupsFeature, infoFlashFeature] });
    infoFlash = await createInfoFlashRepository(bot.database.connection);
    // People the bot knows a 1:1 chat of: Nadia (coordinator) and Camille (member).
    for (const who of ['nadia', 'camille'] as const) await say('aide', who);
  });
  afterAll(async () => {
    await bot.stop();
  });
  beforeEach(() => {
    bot.connector.reset();
    bot.connector.respondWith(undefined);
  });

  /** Options of an activity typed in a channel thread of the iX team. */
  function inChannel(who: PersonaName, channel = general) {
    return {
      serviceUrl: bot.connector.url,
      from: persona(who),
      locale: 'fr-FR',
      conversation: {
        id: `${channel};messageid=1700000000001`,
        conversationType: 'channel' as const,
        tenantId: 'tenant-orleans',
      },
      channelData: { tenant: { id: 'tenant-orleans' }, team: { id: team }, channel: { id: channel } },
    };
  }

  async function say(text: string, who: PersonaName) {
    bot.connector.reset();
    await bot.post(messageActivity(text, as(who, bot.connector.url)));
    await bot.outboxIdle();
    return bot.connector.sentActivities();
  }

  async function invoke(
    verb: string,
    data: Record<string, unknown>,
    who: PersonaName,
    options: ActivityOptions = as(who, bot.connector.url),
  ) {
    const body = await bot.execute(verb, data, options);
    await bot.outboxIdle();
    return body;
  }

  const callsTo = (who: PersonaName) =>
    bot.connector.calls.filter((call) => call.conversationId === `a:personal-${persona(who).id}`);

  async function propose(who: PersonaName, title: string, extra: Record<string, string> = {}) {
    return invoke(
      'infoFlash.propose',
      { title, text: `Tout savoir sur ${title}.`, link: '', groupSlug: '', ...extra },
      who,
    );
  }

  async function itemTitled(title: string) {
    return (
      (await infoFlash.listPublishable()).find((item) => item.title === title) ??
      (await infoFlash.listProposed(100)).find((item) => item.title === title)
    );
  }

  async function subscribe(channel: string) {
    await bot.post(messageActivity('<at>iX</at> abonner info flash', inChannel('nadia', channel)));
  }

  /** "info flash publier", then what the background does: the drainer sends, the catch-up job closes. */
  async function publishNow() {
    await say('info flash publier', 'nadia');
    await bot.app.jobs.runNow('info-flash.catch-up');
    await bot.outboxIdle();
    return bot.connector.calls;
  }

  it('opens the proposal form for "info" and for "news"', async () => {
    for (const words of ['info', 'news']) {
      const [reply] = await say(words, 'camille');
      const card = cardOf(reply);
      expect(textsOf(card)).toEqual(expect.arrayContaining(['Proposer une info', 'Envoyer']));
      expect(actionsOf(card).map((action) => action.verb)).toEqual(['infoFlash.propose']);
    }
  });

  it('stores a member’s item as proposed and sends coordinators a review card', async () => {
    const body = await propose('camille', 'Atelier réunionite', {
      groupSlug: 'reunionite',
      link: 'https://intranet.example/atelier',
    });

    expect(textsOf(body.value)[0]).toMatch(/^Merci ! « Atelier réunionite » est transmise/);
    expect((await itemTitled('Atelier réunionite'))?.status).toBe('proposed');
    const [review] = callsTo('nadia');
    expect(textsOf(cardOf(review.body))).toEqual(
      expect.arrayContaining([
        'Info proposée par Camille Martin',
        'Atelier réunionite',
        'Groupe : La réunionite, elle est finite',
      ]),
    );
    expect(actionsOf(cardOf(review.body)).map((action) => action.verb)).toEqual([
      'infoFlash.approve',
      'infoFlash.edit',
      'infoFlash.reject',
    ]);
  });

  it('approves once, tells the author, and refuses a member who tries', async () => {
    await propose('camille', 'Kit GPS v2');
    const item = (await itemTitled('Kit GPS v2'))!;
    bot.connector.reset();

    const refused = await invoke('infoFlash.approve', { itemId: item.id }, 'camille');
    const approved = await invoke('infoFlash.approve', { itemId: item.id }, 'nadia');
    const twice = await invoke('infoFlash.approve', { itemId: item.id }, 'nadia');

    expect(refused.value).toMatch(/^Cette action est réservée à la coordination iX/);
    expect(textsOf(approved.value)).toEqual([
      '« Kit GPS v2 » est approuvée : elle partira dans le prochain Info Flash.',
    ]);
    expect(textsOf(twice.value)).toEqual(['« Kit GPS v2 » a déjà été traitée (statut : approuvée).']);
    expect(callsTo('camille').map((call) => call.body.text)).toEqual([
      'Bonne nouvelle : votre info « Kit GPS v2 » est approuvée et paraîtra dans le prochain Info Flash.',
    ]);
  });

  it('rejects with a reason sent to the author, and requires that reason', async () => {
    await propose('camille', 'Pot de départ');
    const item = (await itemTitled('Pot de départ'))!;
    bot.connector.reset();

    const withoutReason = await invoke('infoFlash.reject', { itemId: item.id, reason: '  ' }, 'nadia');
    const rejected = await invoke(
      'infoFlash.reject',
      { itemId: item.id, reason: 'Hors sujet pour le réseau.' },
      'nadia',
    );

    expect(withoutReason.value).toMatch(/le motif du refus \(obligatoire/);
    expect(textsOf(rejected.value)[0]).toBe(
      '« Pot de départ » est refusée ; Camille Martin en est informé·e.',
    );
    expect(callsTo('camille').map((call) => call.body.text)).toEqual([
      "Votre info « Pot de départ » n'a pas été retenue pour l'Info Flash. Motif : Hors sujet pour le réseau.",
    ]);
  });

  it('refuses invalid forms with French messages and stores nothing', async () => {
    const tooLong = await propose('camille', 'x'.repeat(121));
    const badLink = await propose('camille', 'Lien douteux', { link: 'javascript:alert(1)' });
    const injected = await invoke('infoFlash.propose', { title: { $gt: '' }, text: 'a' }, 'camille');
    const extra = await invoke('infoFlash.propose', { title: 'a', text: 'b', status: 'approved' }, 'camille');
    const unknownGroup = await propose('camille', 'Groupe fantôme', { groupSlug: 'nope' });

    expect(tooLong.value).toMatch(/le titre \(120 caractères au plus\)/);
    expect(badLink.value).toMatch(/le lien \(une adresse complète/);
    expect(injected.value).toMatch(/le titre \(obligatoire\)/);
    expect(extra.value).toMatch(/^Ces informations ne sont pas valides/);
    expect(unknownGroup.value).toMatch(/le groupe choisi, qui n'existe pas/);
    expect(await itemTitled('Lien douteux')).toBeUndefined();
  });

  it('subscribes a channel only from the channel itself, storing a reference that posts new messages', async () => {
    const [inPersonal] = await say('abonner info flash', 'nadia');
    expect(inPersonal.text).toMatch(/^Tapez cette commande dans le canal à abonner/);

    bot.connector.reset();
    await bot.post(messageActivity('<at>iX</at> abonner info flash', inChannel('camille')));
    expect(bot.connector.sentActivities()[0].text).toMatch(/^Cette action est réservée à la coordination iX/);

    bot.connector.reset();
    await subscribe(general);
    await subscribe(general);
    expect(bot.connector.sentActivities().map((activity) => activity.text)).toEqual([
      "C'est fait : ce canal recevra l'Info Flash.",
      "Ce canal est déjà abonné à l'Info Flash.",
    ]);
    const [channel] = await infoFlash.findChannels([general]);
    expect(channel).toMatchObject({ conversationId: general, teamId: team, active: true });
    expect(channel.reference.activityId).toBeUndefined();
    expect((channel.reference.conversation as { id: string }).id).toBe(general);
  });

  it('publishes on demand to the subscribed channels, and "info flash" shows it with my own read state', async () => {
    await subscribe('19:annonces@thread.tacv2');
    await propose('nadia', 'Info de la coordination');
    expect((await itemTitled('Info de la coordination'))?.status).toBe('approved');

    const calls = await publishNow();

    const posted = calls.filter((call) => call.conversationId === '19:annonces@thread.tacv2');
    expect(posted).toHaveLength(1);
    const card = cardOf(posted[0].body);
    expect(textsOf(card)).toEqual(
      expect.arrayContaining(['Info Flash', 'Info de la coordination', 'Lu par 0', "J'ai lu"]),
    );
    expect((card as { refresh?: { action: { verb: string } } }).refresh?.action.verb).toBe(
      'infoFlash.refresh',
    );
    const texts = bot.connector
      .sentActivities()
      .map((activity) => activity.text)
      .filter(Boolean);
    // The turn answers at once; the channels are served in the background.
    expect(texts).toEqual([
      expect.stringMatching(/^Info Flash n° \d+ en route vers 2 canal\(aux\) : suivi en cours/),
    ]);
    expect((await infoFlash.latestPublished())?.state).toBe('sent');

    const [latest] = await say('info flash', 'camille');
    expect(textsOf(cardOf(latest))).toEqual(expect.arrayContaining(['Info de la coordination', "J'ai lu"]));
  });

  it('counts "J’ai lu" once per person and answers with that person’s view', async () => {
    const digest = (await infoFlash.latestPublished())!;
    const clicked = inChannel('camille', '19:annonces@thread.tacv2');

    const first = await invoke('infoFlash.read', { digestId: digest.id, part: '1' }, 'camille', clicked);
    await invoke('infoFlash.read', { digestId: digest.id, part: '1' }, 'camille', clicked);
    const other = await invoke(
      'infoFlash.refresh',
      { digestId: digest.id, part: '1' },
      'thomas',
      inChannel('thomas', '19:annonces@thread.tacv2'),
    );

    expect(textsOf(first.value)).toEqual(expect.arrayContaining(['Lu par 1', "✓ Vous l'avez lu"]));
    expect(actionsOf(first.value).map((action) => action.verb)).not.toContain('infoFlash.read');
    expect(textsOf(other.value)).toContain('Lu par 1');
    expect(textsOf(other.value)).not.toContain("✓ Vous l'avez lu");
    expect(await infoFlash.countReads(digest.id)).toBe(1);

    bot.connector.reset();
    await say('info flash lectures', 'nadia');
    expect(textsOf(cardOf(bot.connector.sentActivities()[0]))).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^N° \d+ du .* : lu par 1$/),
        expect.stringMatching(/^Canal .* : 1$/),
      ]),
    );
  });

  it('corrects a published item by updating the posted card in every channel', async () => {
    const digest = (await infoFlash.latestPublished())!;
    const [item] = digest.items;
    bot.connector.reset();

    const body = await invoke(
      'infoFlash.save',
      { itemId: item.itemId, title: 'Info corrigée', text: 'Nouveau texte.', link: '', groupSlug: '' },
      'nadia',
    );

    expect(textsOf(body.value)[0]).toMatch(
      /^« Info corrigée » est corrigée : les cartes déjà postées sont mises à jour dans \d+ canal/,
    );
    const updates = bot.connector.calls.filter((call) => call.method === 'PUT');
    const deliveries = await createOutboxRepository(bot.database.connection);
    const posts = (await deliveries.deliveriesOf(`digest:${digest.id}`)).filter(
      (delivery) => delivery.operation === 'post',
    );
    expect(updates.map((call) => call.activityId).sort()).toEqual(
      posts.map((post) => post.activityIds[0]).sort(),
    );
    expect(textsOf(cardOf(updates[0].body))).toContain('Info corrigée');
    expect((await infoFlash.findDigest(digest.id))?.revision).toBe(1);
  });

  it('withdraws a digest by deleting its posts, for coordinators only', async () => {
    const digest = (await infoFlash.latestPublished())!;
    bot.connector.reset();

    const refused = await invoke('infoFlash.withdraw', { digestId: digest.id, confirm: 'yes' }, 'camille');
    await invoke('infoFlash.withdraw', { digestId: digest.id, confirm: 'yes' }, 'nadia');

    expect(refused.value).toMatch(/^Cette action est réservée/);
    const deletes = bot.connector.calls.filter((call) => call.method === 'DELETE');
    expect(deletes.length).toBeGreaterThan(0);
    expect((await infoFlash.findDigest(digest.id))?.state).toBe('withdrawn');
    const [archives] = await say('info flash archives', 'camille');
    expect(textsOf(cardOf(archives))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^N° \d+ · .* · retiré$/)]),
    );
  });

  it('refuses to open a withdrawn digest by its id, telling it was withdrawn', async () => {
    const [withdrawn] = (await infoFlash.listPublished(10)).filter((digest) => digest.state === 'withdrawn');
    bot.connector.reset();

    await invoke('infoFlash.open', { digestId: withdrawn.id }, 'camille');

    const sent = bot.connector.sentActivities();
    expect(sent).toHaveLength(1);
    expect(cardOf(sent[0])).toBeUndefined();
    expect(sent[0].text).toBe(`L'Info Flash n° ${withdrawn.number} a été retiré par la coordination.`);
  });

  it('offers the General channel when installed in a team, and ends the team’s subscriptions when removed', async () => {
    bot.connector.reset();
    await bot.post(membersAddedActivity([botAccount], inChannel('nadia', general)));
    const offer = cardOf(bot.connector.sentActivities()[0]);
    expect(textsOf(offer)).toContain("L'Info Flash dans ce canal ?");
    expect(actionsOf(offer).map((action) => action.verb)).toEqual(['infoFlash.subscribe']);
    const clicked = await invoke('infoFlash.subscribe', {}, 'nadia', inChannel('nadia', general));
    expect(textsOf(clicked.value)[0]).toMatch(/ce canal|déjà abonné/);

    await bot.post({
      ...membersAddedActivity([], inChannel('nadia', general)),
      membersRemoved: [botAccount],
    });

    const channels = await infoFlash.findChannels([general, '19:annonces@thread.tacv2']);
    expect(channels.every((channel) => !channel.active && channel.deactivationReason === 'botRemoved')).toBe(
      true,
    );
  });

  it('previews the next digest for coordinators without publishing anything', async () => {
    await propose('nadia', 'En avant-première');
    bot.connector.reset();

    const [audience, preview] = await say('info flash aperçu', 'nadia');

    expect(audience.text).toMatch(/^Destinataires : \d+ canal\(aux\) abonné\(s\) à l'Info Flash/);
    expect(textsOf(cardOf(preview))).toEqual(
      expect.arrayContaining(["Aperçu : cet Info Flash n'est pas encore publié.", 'En avant-première']),
    );
    expect((await itemTitled('En avant-première'))?.status).toBe('approved');
    const [refused] = await say('info flash aperçu', 'camille');
    expect(refused.text).toMatch(/^Cette action est réservée/);
  });

  it('exports and erases an author’s items and reads, keeping published news and counts', async () => {
    const members = await createMembersRepository(bot.database.connection);
    const camille = (await members.findByIdentity({ aadObjectId: persona('camille').aadObjectId }))!;
    const source = (await import('../../../src/features/info-flash/personal-data')).infoFlashPersonalData(
      infoFlash,
    );
    const digest = (await infoFlash.listPublished(1))[0];
    const readsBefore = await infoFlash.countReads(digest.id);

    const exported = (await source.export(camille.id)) as {
      items: Array<{ title: string }>;
      reads: unknown[];
    };
    const report = await source.erase(camille.id);

    expect(exported.items.map((item) => item.title)).toEqual(
      expect.arrayContaining(['Atelier réunionite', 'Info corrigée', 'Pot de départ']),
    );
    expect(exported.reads).toHaveLength(1);
    expect(report).toMatchObject({ keptReasonKey: 'infoFlash.privacyKept' });
    expect(await infoFlash.itemsAuthoredBy(camille.id)).toEqual([]);
    expect(await itemTitled('Atelier réunionite')).toBeUndefined();
    // Kit GPS v2, published (then corrected), stays in its digest without its author.
    const kept = (await infoFlash.itemsOf(digest.id)).find((item) => item.title === 'Info corrigée');
    expect(kept).toBeDefined();
    expect(kept?.authorId).toBeUndefined();
    expect(kept?.authorName).toBeUndefined();
    expect(await infoFlash.countReads(digest.id)).toBe(readsBefore);
  });
});
