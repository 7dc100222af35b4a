import { createOnboardingRepository } from '../../../src/features/onboarding/repository';
import { createMembersRepository } from '../../../src/people/members-repository';
import { messageActivity, tenantId } from '../../support/activities';
import { as, type PersonaName } from '../../support/personas';
import { cardOf, startTestBot, textsOf, type TestBot, type InvokeBody } from '../../support/test-bot';

type Account = { id: string; name: string; aadObjectId: string };

/** Friday 13 March 2026, 09:00 in Paris. */
const clock = { now: () => new Date('2026-03-13T08:00:00Z') };

describe('integration path', () => {
  let bot: TestBot;

  beforeAll(async () => {
    bot = await startTestBot({ clock });
  });
  afterAll(async () => {
    await bot.stop();
  });
  beforeEach(() => {
    bot.connector.reset();
    bot.connector.respondWith(undefined);
  });

  const personal = (from: Account) => ({
    serviceUrl: bot.connector.url,
    from,
    conversation: { id: `a:personal-${from.id}`, conversationType: 'personal' as const, tenantId },
  });
  const optionsOf = (who: Account | PersonaName) =>
    typeof who === 'string' ? as(who, bot.connector.url) : personal(who);

  async function say(text: string, who: Account | PersonaName) {
    bot.connector.reset();
    await bot.post(messageActivity(text, optionsOf(who)));
    return bot.connector.sentActivities()[0];
  }

  async function invoke(verb: string, data: Record<string, unknown>, who: Account | PersonaName) {
    return bot.execute(verb, data, optionsOf(who));
  }

  async function newcomer(name: string, startDate?: string): Promise<Account> {
    const key = name.toLowerCase().replace(/\W+/g, '-');
    const account = { id: `29:${key}`, name, aadObjectId: `aad-${key}` };
    await say('aide', account);
    if (startDate) await invoke('onboarding.startDate.save', { startDate }, account);
    return account;
  }

  async function memberIdOf(account: Account): Promise<string> {
    const members = await createMembersRepository(bot.database.connection);
    return (await members.findByIdentity({ aadObjectId: account.aadObjectId }))!.id;
  }

  const progressLine = (card: unknown) => textsOf(card).find((text) => /étape\(s\) sur/.test(text));

  function stepBlock(card: unknown, title: string) {
    const containers = (card as { body: Array<{ type: string }> }).body.filter(
      (element) => element.type === 'Container',
    );
    return containers.find((container) => textsOf(container).includes(title));
  }

  it('asks for the start date first, then shows the path with due dates counted from it', async () => {
    const zoe = await newcomer('Zoé Nouvelle');

    const asked = await say('parcours', zoe);
    expect(textsOf(cardOf(asked))).toContain('Quand êtes-vous arrivé·e ?');

    const shown = await invoke('onboarding.startDate.save', { startDate: '2026-03-02' }, zoe);
    const texts = textsOf(shown.value);
    expect(texts).toContain("C'est noté : arrivée le 2 mars 2026.");
    expect(texts).toContain('Arrivée le 2 mars 2026');
    expect(progressLine(shown.value)).toBe('0 étape(s) sur 10 · 0 %');
    // J+10 was due on 12 March: overdue on the 13th. J+21 is still ahead.
    expect(textsOf(stepBlock(shown.value, 'Rencontrer mon ou ma référent·e RH'))).toContain(
      '⚠ En retard : prévue le 12 mars 2026 (J+10)',
    );
    expect(textsOf(stepBlock(shown.value, 'Découvrir les cinq groupes et en rejoindre un'))).toContain(
      "À faire d'ici le 23 mars 2026 (J+21)",
    );
    const members = await createMembersRepository(bot.database.connection);
    expect((await members.findByIdentity({ aadObjectId: zoe.aadObjectId }))?.profile.startDate).toBe(
      '2026-03-02',
    );
  });

  it.each(['2026-02-30', '2031-01-01', 'demain'])(
    'refuses the start date %s with a French message',
    async (startDate) => {
      const account = await newcomer(`Date ${startDate}`);

      const answer = await invoke('onboarding.startDate.save', { startDate }, account);

      expect(answer.value).toBe(
        "Ces informations ne sont pas valides : la date d'arrivée (une vraie date, au plus tard dans un an). Corrigez-les puis réessayez.",
      );
    },
  );

  it('toggles a step in place, updating the percentage, and counts a double click once', async () => {
    const leo = await newcomer('Léo Arrivant', '2026-03-02');
    const stepSlug = 'lire-livret';
    bot.connector.reset();

    const [first, second] = await Promise.all([
      invoke('onboarding.step.toggle', { stepSlug, done: true }, leo),
      invoke('onboarding.step.toggle', { stepSlug, done: true }, leo),
    ]);
    const notices = [first, second].map((body) => textsOf(body.value)[0]).sort();
    expect(notices).toEqual([
      "Bravo, « Lire le livret d’accueil » : c'est fait !",
      '« Lire le livret d’accueil » était déjà cochée.',
    ]);
    expect(progressLine(second.value)).toBe('1 étape(s) sur 10 · 10 %');
    expect(textsOf(stepBlock(second.value, 'Lire le livret d’accueil'))).toEqual(
      expect.arrayContaining(['✓ Fait le 13 mars 2026', 'Annuler']),
    );
    const onboarding = await createOnboardingRepository(bot.database.connection);
    expect(await onboarding.progressOf(await memberIdOf(leo))).toHaveLength(1);

    const undone = await invoke('onboarding.step.toggle', { stepSlug, done: false }, leo);
    expect(textsOf(undone.value)[0]).toBe('« Lire le livret d’accueil » est de nouveau à faire.');
    expect(progressLine(undone.value)).toBe('0 étape(s) sur 10 · 0 %');
    const again = await invoke('onboarding.step.toggle', { stepSlug, done: false }, leo);
    expect(textsOf(again.value)[0]).toBe("« Lire le livret d’accueil » n'était pas cochée.");
    expect(await onboarding.progressOf(await memberIdOf(leo))).toHaveLength(0);
    // Nothing was posted as a new message: the card was replaced each time.
    expect(bot.connector.sentActivities()).toHaveLength(0);
  });

  it('refuses an unknown step or a forged payload and changes nothing', async () => {
    const max = await newcomer('Max Forge', '2026-03-02');

    const unknown = await invoke('onboarding.step.toggle', { stepSlug: 'nope', done: true }, max);
    const injected = await invoke('onboarding.step.toggle', { stepSlug: { $gt: '' }, done: true }, max);
    const extra = await invoke(
      'onboarding.step.toggle',
      { stepSlug: 'lire-livret', done: true, memberId: 'x' },
      max,
    );

    expect(unknown.value).toBe(
      'Je ne trouve pas cette étape du parcours. Vérifiez le nom ou tapez **aide**.',
    );
    expect(injected.value).toMatch(/^Ces informations ne sont pas valides/);
    expect(extra.value).toMatch(/^Ces informations ne sont pas valides/);
    const onboarding = await createOnboardingRepository(bot.database.connection);
    expect(await onboarding.progressOf(await memberIdOf(max))).toHaveLength(0);
  });

  it('pauses and resumes the reminders', async () => {
    const eva = await newcomer('Éva Pause', '2026-03-02');

    expect((await say('parcours pause', eva)).text).toBe(
      "C'est noté, je ne vous enverrai plus de rappels. Tapez **parcours reprendre** pour les réactiver.",
    );
    expect(textsOf(cardOf(await say('parcours', eva)))).toContain('Rappels en pause.');
    expect((await say('onboarding resume', eva)).text).toBe(
      'Les rappels reprennent : au plus un par jour, et seulement si une étape est en retard.',
    );
    expect(textsOf(cardOf(await say('mon parcours', eva)))).not.toContain('Rappels en pause.');
  });

  it('tells the HR referent once when a newcomer completes their profile, and once when they complete the path', async () => {
    await say('aide', 'sophie'); // the referent of "Bon accueil" has a personal chat with the bot
    const ana = await newcomer('Ana Complète', '2026-03-02');
    const toSophie = () =>
      bot.connector.calls.filter((call) => call.conversationId === 'a:personal-ix-user-sophie');

    // Whichever moment tells the referents (the profile save's event, or opening the path), once.
    bot.connector.reset();
    await invoke(
      'profile.save',
      {
        organisation: 'Ville d’Orléans',
        direction: 'Direction de la Culture',
        site: 'Médiathèque',
        trade: 'Responsable de service',
        startDate: '2026-03-02',
      },
      ana,
    );
    await bot.post(messageActivity('parcours', personal(ana)));
    await bot.post(messageActivity('parcours', personal(ana)));
    await bot.outboxIdle();

    expect(toSophie().map((call) => call.body.text)).toEqual([
      "Ana Complète a complété son profil iX (Ville d’Orléans · Direction de la Culture · Médiathèque · Responsable de service), arrivée le 2 mars 2026. C'est le bon moment pour lui proposer un premier rendez-vous.",
    ]);

    bot.connector.reset();
    const onboarding = await createOnboardingRepository(bot.database.connection);
    const steps = await onboarding.listSteps();
    let last: InvokeBody | undefined;
    for (const step of steps)
      last = await invoke('onboarding.step.toggle', { stepSlug: step.slug, done: true }, ana);
    expect(textsOf(last!.value)).toContain('🎉 Parcours terminé ! Bienvenue pour de bon dans le réseau.');
    expect(progressLine(last!.value)).toBe('10 étape(s) sur 10 · 100 %');
    await invoke('onboarding.step.toggle', { stepSlug: steps[0].slug, done: false }, ana);
    await invoke('onboarding.step.toggle', { stepSlug: steps[0].slug, done: true }, ana);
    await bot.outboxIdle();

    expect(toSophie().map((call) => call.body.text)).toEqual([
      "🎉 Ana Complète a terminé son parcours d'intégration. Un petit mot de félicitations fera plaisir !",
    ]);
  });

  it('shows the newcomers in progress to the HR referent, latest first, and sorts on demand', async () => {
    const late = await newcomer('Zacharie Retard', '2026-02-01');
    const onTime = await newcomer('Alice Àlheure', '2026-03-12');
    const onboarding = await createOnboardingRepository(bot.database.connection);
    await onboarding.markDone(await memberIdOf(onTime), 'lire-livret', clock.now());

    const card = cardOf(await say('parcours suivi', 'sophie'));
    const texts = textsOf(card);
    expect(texts).toContain('Suivi des nouveaux arrivants');
    const names = texts.filter((text) => [late.name, onTime.name].includes(text));
    expect(names).toEqual([late.name, onTime.name]);
    expect(texts).toContain('0 % · 7 en retard');
    expect(texts).toContain('10 % · 0 en retard');
    // Long-standing managers of the seed are not newcomers.
    expect(texts).not.toContain('Thomas Girard');

    const byName = await invoke('onboarding.followUp', { sort: 'name' }, 'sophie');
    const sorted = textsOf(byName.value).filter((text) => [late.name, onTime.name].includes(text));
    expect(sorted).toEqual([onTime.name, late.name]);
  });

  it('keeps the follow-up for HR referents and the coordination', async () => {
    expect((await say('parcours suivi', 'thomas')).text).toBe(
      "Cette action est réservée aux référents RH du groupe « Bon accueil, pas d'écueil » et à la coordination iX. Si vous pensez que c'est une erreur, contactez la coordination iX.",
    );
    expect(textsOf(cardOf(await say('parcours suivi', 'nadia')))).toContain('Suivi des nouveaux arrivants');
  });

  it('lets a coordinator edit a step without losing anyone’s tick, and refuses a plain member', async () => {
    const kim = await newcomer('Kim Garde', '2026-03-02');
    await invoke('onboarding.step.toggle', { stepSlug: 'rencontrer-referent-rh', done: true }, kim);

    const form = cardOf(await say('parcours modifier référent', 'nadia'));
    expect(textsOf(form)).toContain("Modifier l'étape");
    const saved = await invoke(
      'onboarding.step.save',
      {
        slug: 'rencontrer-referent-rh',
        title: 'Prendre un café avec mon ou ma référent·e RH',
        description: 'Un moment pour faire connaissance.',
        link: '',
        dueDay: '14',
        involves: 'hrReferent',
      },
      'nadia',
    );
    expect(textsOf(saved.value)[0]).toBe(
      'Étape « Prendre un café avec mon ou ma référent·e RH » enregistrée.',
    );

    const path = cardOf(await say('parcours', kim));
    expect(progressLine(path)).toBe('1 étape(s) sur 10 · 10 %');
    expect(textsOf(stepBlock(path, 'Prendre un café avec mon ou ma référent·e RH'))).toEqual(
      expect.arrayContaining(['✓ Fait le 13 mars 2026', 'Avec : votre référent·e RH (Sophie Lefèvre)']),
    );

    const refused = await invoke(
      'onboarding.step.save',
      { slug: 'lire-livret', title: 'Piraté', description: 'x', dueDay: 1 },
      'thomas',
    );
    expect(refused.value).toMatch(/^Cette action est réservée à la coordination iX/);
    expect((await say('parcours modifier', 'thomas')).text).toMatch(
      /^Cette action est réservée à la coordination iX/,
    );
  });

  it('stops counting a step the coordination removes, and keeps the tick in the database', async () => {
    const rey = await newcomer('Rey Retrait', '2026-03-02');
    await invoke('onboarding.step.toggle', { stepSlug: 'bilan-trois-mois', done: true }, rey);

    const removed = await invoke('onboarding.step.remove', { slug: 'bilan-trois-mois' }, 'nadia');
    expect(textsOf(removed.value)[0]).toMatch(
      /^Étape « Faire le bilan de mes trois premiers mois » retirée du parcours/,
    );

    expect(progressLine(cardOf(await say('parcours', rey)))).toBe('0 étape(s) sur 9 · 0 %');
    const onboarding = await createOnboardingRepository(bot.database.connection);
    expect(await onboarding.progressOf(await memberIdOf(rey))).toHaveLength(1);
  });
  it('exports and erases what the onboarding keeps about a person', async () => {
    const pia = await newcomer('Pia Privée', '2026-03-02');
    await invoke('onboarding.step.toggle', { stepSlug: 'lire-livret', done: true }, pia);
    await say('parcours pause', pia);

    const exported = await say('mes données', pia);
    const file = (exported.attachments as Array<{ contentType: string; contentUrl?: string }>).find(
      (attachment) => attachment.contentType === 'application/json',
    );
    const content = JSON.parse(Buffer.from(file!.contentUrl!.split(',')[1], 'base64').toString('utf8'));
    expect(content.onboarding).toMatchObject({
      stepsDone: [{ step: 'lire-livret' }],
      remindersPaused: true,
    });

    const memberId = await memberIdOf(pia);
    await invoke('privacy.delete', { confirm: 'yes' }, pia);
    const onboarding = await createOnboardingRepository(bot.database.connection);
    expect(await onboarding.progressOf(memberId)).toEqual([]);
    expect(await onboarding.remindersPaused(memberId)).toBe(false);
  });
});
