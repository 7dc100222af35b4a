import pino from 'pino';
import { createApp, type App } from '../../../src/app';
import { createMembersRepository } from '../../../src/people/members-repository';
import { pairKey } from '../../../src/features/meetups/pairing';
import { createMeetupsRepository } from '../../../src/features/meetups/repository';
import { meetupStep } from '../../../src/features/onboarding/seed-content';
import { createOnboardingRepository } from '../../../src/features/onboarding/repository';
import { ConnectorStandIn } from '../../support/connector-stand-in';
import { as, persona, type PersonaName } from '../../support/personas';
import { cardOf, startTestBot, textsOf, type TestBot } from '../../support/test-bot';
import { actionsOf, movableClock, pollDriver } from '../polls/poll-support';

/** Monday 7 December 2026, 10:00 in Paris. */
const start = new Date('2026-12-07T09:00:00Z');
const day = 24 * 60 * 60 * 1000;

const nine: PersonaName[] = [
  'camille',
  'julien',
  'sophie',
  'thomas',
  'elodie',
  'marc',
  'amelie',
  'karim',
  'paul',
];

describe('meetups', () => {
  let bot: TestBot;
  const clock = movableClock(start);
  let driver: ReturnType<typeof pollDriver>;

  beforeAll(async () => {
    bot = await startTestBot({ clock });
    // The tests run the jobs' bodies themselves, at times they choose.
    await bot.app.jobs.stop();
    driver = pollDriver(bot);
    for (const who of [...nine, 'nadia', 'lea'] as PersonaName[]) await driver.say('aide', who);
  });
  afterAll(async () => {
    await bot.stop();
  });
  beforeEach(() => bot.connector.reset());

  const personalChat = (who: PersonaName) => `a:personal-${persona(who).id}`;
  /** Where a person's deliveries land: the chat they wrote from, or the 1:1 chat the outbox opens. */
  const chatsOf = (who: PersonaName) => [
    personalChat(who),
    ConnectorStandIn.personalConversationId(persona(who).id),
  ];
  const cardsTo = (who: PersonaName) =>
    bot.connector.calls
      .filter((call) => chatsOf(who).includes(call.conversationId ?? '') && call.method === 'POST')
      .map((call) => cardOf(call.body))
      .filter((card): card is Record<string, unknown> => card !== undefined);

  /** What the bot answered `who` in their own chat (the turn's reply, not the deliveries to others). */
  async function ask(text: string, who: PersonaName) {
    const replies = (await driver.say(text, who)).filter(
      (activity) => (activity.conversation as { id?: string } | undefined)?.id === personalChat(who),
    );
    return replies[replies.length - 1];
  }

  async function memberId(who: PersonaName): Promise<string> {
    const members = await createMembersRepository(bot.database.connection);
    return (await members.findByIdentity({ aadObjectId: persona(who).aadObjectId }))!.id;
  }

  async function meetupsOfRound(roundDay: string) {
    const repository = await createMeetupsRepository(bot.database.connection);
    return (await repository.history()).filter((meetup) => meetup.day === roundDay);
  }

  const pairsOf = (groups: string[][]) =>
    groups.flatMap((group) => group.flatMap((a, index) => group.slice(index + 1).map((b) => pairKey(a, b))));

  /** A second bot process on the same database, its jobs registered but never scheduled. */
  async function anotherInstance(): Promise<App> {
    return createApp({ config: bot.config, log: pino({ level: 'silent' }), database: bot.database, clock });
  }

  it('opens the settings card, and joining needs one click', async () => {
    const [reply] = await driver.say('rencontres', 'camille');
    const card = cardOf(reply);
    expect(textsOf(card)).toContain(
      'Vous ne participez pas encore. Choisissez votre rythme et lancez-vous !',
    );
    expect(actionsOf(card).map((action) => action.verb)).toEqual(['meetups.join']);

    const joined = await driver.invoke('meetups.join', { rhythm: 'fortnightly' }, 'camille');

    const texts = textsOf(joined.value);
    expect(texts[0]).toBe("C'est noté : vous serez présenté·e à quelqu'un lors de la prochaine tournée.");
    expect(texts).toContain('Vous participez : toutes les deux semaines.');
  });

  it('keeps the settings card out of channels, where everyone would see my meetups', async () => {
    bot.connector.reset();
    const inChannel = {
      ...as('thomas', bot.connector.url),
      conversation: {
        id: '19:general@thread.tacv2',
        conversationType: 'channel' as const,
        tenantId: 'tenant-orleans',
      },
    };
    const [reply] = await driver.say('rencontres', 'thomas', inChannel);
    expect(reply.text).toBe(
      'Vos rencontres sont personnelles : tapez **rencontres** dans votre conversation privée avec iX.',
    );
  });

  it('refuses a pause that ends in the past, in French', async () => {
    const refused = await driver.invoke(
      'meetups.save',
      { rhythm: 'monthly', pausedUntil: '2026-01-01' },
      'camille',
    );
    expect(refused.value).toBe(
      "Ces informations ne sont pas valides : La pause doit finir après aujourd'hui (choisissez une date à venir). Corrigez-les puis réessayez.",
    );
  });

  it('refuses to run a round for someone who is not a coordinator', async () => {
    const [reply] = await driver.say('rencontres lancer', 'thomas');
    expect(reply.text).toMatch(/^Cette action est réservée à la coordination iX/);
  });

  it('sends nothing when a single person is due, and keeps the day open for a real round', async () => {
    const reply = await ask('rencontres lancer', 'nadia');

    const texts = textsOf(cardOf(reply));
    expect(texts[0]).toBe("Personne n'était à son tour de rencontre : aucune carte envoyée.");
    expect(texts[texts.indexOf('Inscrits') + 1]).toBe('1');
    expect(cardsTo('camille')).toHaveLength(0);
    expect(await meetupsOfRound('2026-12-07')).toEqual([]);
  });

  it('gives 9 people 4 meetups (3 pairs and a trio), then two weeks later 4 again with no repeated pair', async () => {
    for (const who of nine) await driver.invoke('meetups.join', { rhythm: 'fortnightly' }, who);
    bot.connector.reset();

    const first = await ask('rencontres lancer', 'nadia');

    const firstFigures = textsOf(cardOf(first));
    expect(firstFigures).toEqual(expect.arrayContaining(['Binômes', 'Trios', 'Personnes présentées']));
    const figure = (texts: string[], title: string) => texts[texts.indexOf(title) + 1];
    expect(figure(firstFigures, 'Rencontres formées')).toBe('4');
    expect(figure(firstFigures, 'Binômes')).toBe('3');
    expect(figure(firstFigures, 'Trios')).toBe('1');
    expect(figure(firstFigures, 'Personnes présentées')).toBe('9');
    expect(figure(firstFigures, 'Paires déjà rencontrées')).toBe('0');
    for (const who of nine) {
      const cards = cardsTo(who);
      expect(cards).toHaveLength(1);
      expect(textsOf(cards[0])).toContain('Votre rencontre iX est là ☕');
    }
    const firstRound = await meetupsOfRound('2026-12-07');
    expect(firstRound.map((meetup) => meetup.memberIds.length).sort()).toEqual([2, 2, 2, 3]);

    // The same day again: nothing new, the figures of the round already formed.
    bot.connector.reset();
    const again = await ask('rencontres lancer', 'nadia');
    expect(textsOf(cardOf(again))[0]).toBe(
      "Une tournée a déjà eu lieu aujourd'hui ; voici ses chiffres. La prochaine suivra le calendrier.",
    );
    expect(nine.flatMap((who) => cardsTo(who))).toHaveLength(0);

    clock.advance(14 * day);
    const second = await ask('rencontres lancer', 'nadia');
    const secondFigures = textsOf(cardOf(second));
    expect(figure(secondFigures, 'Rencontres formées')).toBe('4');
    expect(figure(secondFigures, 'Trios')).toBe('1');
    const secondRound = await meetupsOfRound('2026-12-21');
    expect(secondRound).toHaveLength(4);
    const before = new Set(pairsOf(firstRound.map((meetup) => meetup.memberIds)));
    expect(pairsOf(secondRound.map((meetup) => meetup.memberIds)).filter((pair) => before.has(pair))).toEqual(
      [],
    );
  });

  it('introduces the other person with their service, groups, a Teams chat link and a first question', async () => {
    clock.advance(14 * day);
    await driver.say('rencontres lancer', 'nadia');

    const [card] = cardsTo('camille');
    const repository = await createMeetupsRepository(bot.database.connection);
    const members = await createMembersRepository(bot.database.connection);
    const camille = await memberId('camille');
    const [latest] = await repository.meetupsOf(camille, 1);
    const others = await members.findByIds(latest.memberIds.filter((id) => id !== camille));
    const texts = textsOf(card);
    for (const other of others) {
      expect(texts).toEqual(
        expect.arrayContaining([other.displayName, other.profile.direction, `Écrire à ${other.displayName}`]),
      );
    }
    expect(texts).toEqual(
      expect.arrayContaining(['Organisation', 'Direction', 'Site', 'Métier', 'Groupes iX']),
    );
    expect(texts).toContain('Pour briser la glace');
    const links = JSON.stringify(card).match(/https:\/\/teams\.microsoft\.com\/l\/chat\/0\/0\?users=[^"]+/g);
    const user = others[0].userPrincipalName ?? others[0].aadObjectId ?? '';
    expect(links).toContain(`https://teams.microsoft.com/l/chat/0/0?users=${encodeURIComponent(user)}`);
  });

  it('asks a week later whether people met; a "yes" from a newcomer ticks their path step and feeds the figures', async () => {
    const members = await createMembersRepository(bot.database.connection);
    const camille = await memberId('camille');
    const startDate = new Date(clock.now().getTime() - 40 * day).toISOString().slice(0, 10);
    await members.updateProfile(camille, { ...(await members.findById(camille))!.profile, startDate });
    clock.advance(7 * day + 60_000);
    const other = await anotherInstance();
    bot.connector.reset();

    await other.jobs.runNow('meetups.follow-up');
    // That instance only queues: the follow-ups leave through the drainer of the running bot.
    await bot.outboxIdle();

    const [question] = cardsTo('camille').filter((card) => textsOf(card).includes('Alors, ce café ?'));
    expect(question).toBeDefined();
    const answer = actionsOf(question).find((action) => action.title === 'Oui')!;
    const answered = await driver.invoke('meetups.answer', answer.data!, 'camille');
    expect(textsOf(answered.value)[0]).toBe('Merci ! Votre réponse : Oui.');
    const onboarding = await createOnboardingRepository(bot.database.connection);
    expect((await onboarding.progressOf(camille)).map((entry) => entry.stepSlug)).toContain(meetupStep.slug);

    // Someone outside that meetup cannot answer for it.
    const stranger = await driver.invoke('meetups.answer', answer.data!, 'lea');
    expect(stranger.value).toBe(
      'Je ne trouve pas ce rendez-vous parmi les vôtres. Vérifiez le nom ou tapez **aide**.',
    );

    // The follow-up is asked once, whichever instance runs the job again.
    bot.connector.reset();
    await Promise.all([
      other.jobs.runNow('meetups.follow-up'),
      (await anotherInstance()).jobs.runNow('meetups.follow-up'),
    ]);
    await bot.outboxIdle();
    expect(nine.flatMap((who) => cardsTo(who))).toHaveLength(0);

    const figures = await ask('rencontres bilan', 'nadia');
    const texts = textsOf(cardOf(figures));
    expect(texts[texts.indexOf('Rencontres qui ont eu lieu') + 1]).toBe('1');
    expect(texts[texts.indexOf('Cadres inscrits') + 1]).toBe('9');
  });

  it('skips people who paused or left, and shows each person their past meetups', async () => {
    const pauseUntil = new Date(clock.now().getTime() + 30 * day).toISOString().slice(0, 10);
    const paused = await driver.invoke(
      'meetups.save',
      { rhythm: 'fortnightly', pausedUntil: pauseUntil },
      'julien',
    );
    expect(textsOf(paused.value).join(' ')).toMatch(/en pause jusqu'au/);
    await driver.invoke('meetups.leave', {}, 'sophie');
    clock.advance(7 * day);
    bot.connector.reset();

    const round = await ask('rencontres lancer', 'nadia');

    const texts = textsOf(cardOf(round));
    expect(texts[texts.indexOf('Personnes présentées') + 1]).toBe('7');
    expect(texts[texts.indexOf('En pause') + 1]).toBe('1');
    expect(cardsTo('julien')).toHaveLength(0);
    expect(cardsTo('sophie')).toHaveLength(0);
    const [settings] = await driver.say('rencontres', 'thomas');
    const history = (cardOf(settings)!.body as Array<{ type: string; facts?: unknown[] }>).find(
      (element) => element.type === 'FactSet',
    );
    expect(history?.facts?.length).toBe(4);
  });

  it('keeps "un ancien membre" in the others\' history after someone erases their data', async () => {
    const camille = await memberId('camille');
    const repository = await createMeetupsRepository(bot.database.connection);
    const [latest] = await repository.meetupsOf(camille, 1);
    const members = await createMembersRepository(bot.database.connection);
    const [partner] = await members.findByIds(latest.memberIds.filter((id) => id !== camille));
    const partnerName = nine.find((who) => persona(who).aadObjectId === partner.aadObjectId)!;

    await driver.say('supprimer mes données', 'camille');
    await driver.invoke('privacy.delete', { confirm: 'yes' }, 'camille');

    expect(await repository.findParticipant(camille)).toBeUndefined();
    const [settings] = await driver.say('rencontres', partnerName);
    expect(textsOf(cardOf(settings)).join('\n')).toMatch(/un ancien membre · /);
  });

  it('forms the scheduled round once when two instances run it together', async () => {
    clock.advance(14 * day);
    const [a, b] = await Promise.all([anotherInstance(), anotherInstance()]);
    bot.connector.reset();

    await Promise.all([a.jobs.runNow('meetups.round'), b.jobs.runNow('meetups.round')]);
    await bot.outboxIdle();

    const roundDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(clock.now());
    const meetups = await meetupsOfRound(roundDay);
    expect(meetups.length).toBeGreaterThan(0);
    const introduced = meetups.flatMap((meetup) => meetup.memberIds);
    expect(new Set(introduced).size).toBe(introduced.length);
    const oneToOne = ConnectorStandIn.personalConversationId('');
    const posts = bot.connector.calls.filter(
      (call) =>
        call.method === 'POST' &&
        (call.conversationId?.startsWith('a:personal-') || call.conversationId?.startsWith(oneToOne)),
    );
    expect(posts).toHaveLength(introduced.length);
  });
});
