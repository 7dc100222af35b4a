import { createMembersRepository } from '../../../src/people/members-repository';
import { pollsPersonalData } from '../../../src/features/polls/personal-data';
import { closeDuePolls, closePoll } from '../../../src/features/polls/closing-service';
import { createPollsRepository } from '../../../src/features/polls/repository';
import { as, persona, type PersonaName } from '../../support/personas';
import { cardOf, startTestBot, textsOf, type TestBot } from '../../support/test-bot';
import {
  actionsOf,
  cardMessage,
  movableClock,
  pollDependencies,
  pollDriver,
  textMessage,
} from './poll-support';

/** Friday 27 November 2026, 10:00 in Paris. */
const start = new Date('2026-11-27T09:00:00Z');
const hour = 60 * 60 * 1000;

describe('polls', () => {
  let bot: TestBot;
  const clock = movableClock(start);
  let driver: ReturnType<typeof pollDriver>;
  /** The people of Bon accueil who talked to the bot, so it knows their 1:1 chat. */
  const reachable: PersonaName[] = ['julien', 'sophie', 'amelie', 'nadia'];

  beforeAll(async () => {
    bot = await startTestBot({ clock });
    // The test drives the closing job itself, with a fixed time.
    expect(bot.app.jobs.names()).toContain('polls.close');
    await bot.app.jobs.stop();
    driver = pollDriver(bot);
    for (const who of [...reachable, 'thomas', 'marc'] as PersonaName[]) await driver.say('aide', who);
  });
  afterAll(async () => {
    await bot.stop();
  });
  beforeEach(() => bot.connector.reset());

  const personalChat = (who: PersonaName) => `a:personal-${persona(who).id}`;
  const callsTo = (conversationId: string, method = 'POST') =>
    bot.connector.calls.filter((call) => call.conversationId === conversationId && call.method === method);

  async function repository() {
    return createPollsRepository(bot.database.connection);
  }

  async function ballotsOf(pollId: string) {
    return bot.database.connection.collection('poll_ballots').find({ pollId }).toArray();
  }

  async function memberId(who: PersonaName): Promise<string> {
    const members = await createMembersRepository(bot.database.connection);
    return (await members.findByIdentity({ aadObjectId: persona(who).aadObjectId }))!.id;
  }

  /** The first line of a card's body: where notices go. */
  function noticeOf(card: unknown): string {
    return (card as { body: Array<{ text?: string }> }).body[0].text ?? '';
  }

  /** A deadline `days` from the test clock, at `time` Paris time: each closing test gets its own. */
  function deadlineIn(days: number, time: string) {
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(
      clock.now().getTime() + days * 24 * hour,
    );
    return { deadlineDate: day, deadlineTime: time };
  }

  function vote(pollId: string, choices: string, who: PersonaName) {
    return driver.invoke('poll.vote', { pollId, choices }, who);
  }

  describe('creating', () => {
    it('refuses the form to a member who leads no group', async () => {
      const [reply] = await driver.say('sondage', 'thomas');
      expect(reply.text).toBe(
        "Cette action est réservée aux pilotes du groupe et à la coordination iX. Si vous pensez que c'est une erreur, contactez la coordination iX.",
      );
    });

    it('shows a preview and sends nothing until the lead confirms, then sends 1:1 to each reachable member', async () => {
      const previewed = await driver.preview('julien', {
        question: 'Quel créneau pour notre prochain atelier ?',
        options: 'Mardi matin\nJeudi après-midi',
      });

      expect(previewed.type).toBe(cardMessage);
      const texts = textsOf(previewed.value);
      expect(texts).toEqual(
        expect.arrayContaining([
          'Aperçu de votre sondage',
          'Quel créneau pour notre prochain atelier ?',
          '• Mardi matin',
          '4 joignable(s) en conversation privée',
        ]),
      );
      // Seeded people the bot never met in Teams: nothing to open a chat with yet.
      expect(texts.join(' ')).toMatch(/\d+ encore inconnu\(s\) de Teams/);
      expect(bot.connector.calls).toHaveLength(0);
      const pollId = actionsOf(previewed.value).find((action) => action.verb === 'poll.send')!.data!
        .pollId as string;
      expect((await (await repository()).findPoll(pollId))?.status).toBe('draft');

      const sent = await driver.invoke('poll.send', { pollId }, 'julien');

      expect(textsOf(sent.value)).toContain(
        "C'est parti ! Sondage envoyé à 4 personne(s) en privé : suivi en cours…",
      );
      for (const who of reachable) {
        const [post] = callsTo(personalChat(who));
        expect(post).toBeDefined();
        const card = cardOf(post.body) as { refresh?: { action: { verb: string }; userIds: string[] } };
        expect(textsOf(card)).toContain('Quel créneau pour notre prochain atelier ?');
        expect(card.refresh?.action.verb).toBe('poll.refresh');
        expect(card.refresh?.userIds).toEqual([persona(who).id]);
      }
      const poll = await (await repository()).findPoll(pollId);
      expect(poll?.status).toBe('open');
      expect(poll?.targetCount).toBeGreaterThanOrEqual(4);

      // A second click on "Envoyer" sends nothing again.
      bot.connector.reset();
      const again = await driver.invoke('poll.send', { pollId }, 'julien');
      expect(textsOf(again.value)).toContain("Ce sondage est déjà envoyé : rien n'a été renvoyé.");
      expect(bot.connector.calls).toHaveLength(0);
    });

    it('refuses a lead who forges the card to poll another group or the whole network', async () => {
      const otherGroup = await driver.preview('julien', { group: 'gps', question: 'Q ?', options: 'A\nB' });
      const network = await driver.preview('julien', { group: '*', question: 'Q ?', options: 'A\nB' });

      for (const answer of [otherGroup, network]) {
        expect(answer.type).toBe(textMessage);
        expect(answer.value).toMatch(/^Cette action est réservée/);
      }
    });

    it('lets a coordinator poll the whole network', async () => {
      const previewed = await driver.preview('nadia', {
        group: '*',
        question: 'Tout le monde ?',
        options: 'A\nB',
      });

      const everyone = await bot.database.connection.collection('members').countDocuments();
      expect(textsOf(previewed.value)).toContain(`${everyone} membre(s) de « Tout le réseau iX »`);
    });

    it("does not let anyone else send or edit a lead's draft", async () => {
      const previewed = await driver.preview('julien', { question: 'Brouillon privé ?', options: 'A\nB' });
      const pollId = actionsOf(previewed.value).find((action) => action.verb === 'poll.send')!.data!.pollId;

      const byMarc = await driver.invoke('poll.send', { pollId }, 'marc');
      const byNadia = await driver.invoke('poll.edit', { pollId }, 'nadia');

      expect(byMarc.value).toBe('Je ne trouve pas ce sondage. Vérifiez le nom ou tapez **aide**.');
      expect(byNadia.value).toBe('Je ne trouve pas ce sondage. Vérifiez le nom ou tapez **aide**.');
      expect(bot.connector.calls).toHaveLength(0);
    });

    it('explains every problem of the form in French and stores nothing', async () => {
      const before = await bot.database.connection.collection('polls').countDocuments();
      const answer = await driver.preview('julien', {
        question: '',
        options: 'Oui\noui',
        deadlineTime: '25:00',
      });

      expect(answer.value).toBe(
        "Ces informations ne sont pas valides : la question est obligatoire ; la réponse « oui » apparaît deux fois ; la date ou l'heure de clôture est illisible. Corrigez-les puis réessayez.",
      );
      expect(await bot.database.connection.collection('polls').countDocuments()).toBe(before);
    });

    it('reopens a draft in the form with its values, and keeps one draft when previewed again', async () => {
      const first = await driver.preview('julien', { question: 'Première version ?', options: 'A\nB' });
      const pollId = actionsOf(first.value).find((action) => action.verb === 'poll.edit')!.data!.pollId;

      const form = await driver.invoke('poll.edit', { pollId }, 'julien');
      const preview = actionsOf(form.value).find((action) => action.verb === 'poll.preview');
      expect(preview?.data).toEqual({ pollId });
      const inputs = (await import('./poll-support')).inputsOf(form.value);
      expect(inputs.question).toBe('Première version ?');
      const second = await driver.invoke(
        'poll.preview',
        { ...inputs, ...preview!.data, question: 'Seconde version ?' },
        'julien',
      );

      expect(textsOf(second.value)).toContain('Seconde version ?');
      expect((await (await repository()).findPoll(pollId as string))?.question).toBe('Seconde version ?');
    });
  });

  describe('voting', () => {
    let pollId: string;

    beforeAll(async () => {
      pollId = await driver.createPoll('julien', {
        question: 'Atelier en présentiel ou à distance ?',
        options: 'Présentiel\nÀ distance\nPeu importe',
      });
    });

    it('records a vote and shows the voter their choice and the live counts', async () => {
      const answer = await vote(pollId, 'o1', 'sophie');

      expect(answer.type).toBe(cardMessage);
      const texts = textsOf(answer.value);
      expect(texts).toContain(
        "Merci, votre vote est enregistré ! Vous pouvez le modifier jusqu'à la clôture.",
      );
      expect(texts).toContain('Votre réponse : Présentiel');
      expect(texts).toContain('Modifier mon vote');
      expect(texts.join(' ')).toMatch(/1 vote\(s\) · 100 %/);
      expect(await ballotsOf(pollId)).toHaveLength(1);
    });

    it('lets a member change their ballot before the deadline, still one ballot', async () => {
      await vote(pollId, 'o1', 'amelie');
      const changed = await vote(pollId, 'o2', 'amelie');

      expect(textsOf(changed.value)).toContain('Votre vote est modifié.');
      expect(textsOf(changed.value)).toContain('Votre réponse : À distance');
      const ballots = (await ballotsOf(pollId)).filter((ballot) => ballot.memberId !== undefined);
      const amelie = await memberId('amelie');
      expect(ballots.filter((ballot) => ballot.memberId === amelie)).toEqual([
        expect.objectContaining({ choices: ['o2'] }),
      ]);
    });

    it('counts one ballot when the same member votes 10 times in parallel', async () => {
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, index) => vote(pollId, index % 2 === 0 ? 'o3' : 'o2', 'nadia')),
      );

      expect(answers.every((answer) => answer.type === cardMessage)).toBe(true);
      const nadia = await memberId('nadia');
      expect((await ballotsOf(pollId)).filter((ballot) => ballot.memberId === nadia)).toHaveLength(1);
    });

    it('refuses a member of another group with an explanation', async () => {
      const answer = await vote(pollId, 'o1', 'thomas');

      expect(answer.type).toBe(textMessage);
      expect(answer.value).toBe(
        "Cette action est réservée aux membres de « Bon accueil, pas d’écueil » (tapez **groupes** pour rejoindre le groupe). Si vous pensez que c'est une erreur, contactez la coordination iX.",
      );
      const thomas = await memberId('thomas');
      expect((await ballotsOf(pollId)).some((ballot) => ballot.memberId === thomas)).toBe(false);
    });

    it('refuses a forged option, two options in a single-choice poll, and forged fields', async () => {
      const before = await ballotsOf(pollId);
      const forged = await vote(pollId, 'o9', 'julien');
      const two = await vote(pollId, 'o1,o2', 'julien');
      const injected = await driver.invoke('poll.vote', { pollId, choices: { $ne: '' } }, 'julien');
      const extra = await driver.invoke('poll.vote', { pollId, choices: 'o1', memberId: 'x' }, 'julien');

      expect(forged.value).toBe(
        'Ces informations ne sont pas valides : une réponse choisie ne fait pas partie du sondage. Corrigez-les puis réessayez.',
      );
      expect(two.value).toMatch(/n'accepte qu'une réponse/);
      expect(injected.value).toMatch(/^Ces informations ne sont pas valides/);
      expect(extra.value).toMatch(/^Ces informations ne sont pas valides/);
      expect(await ballotsOf(pollId)).toHaveLength(before.length);
    });

    it('shows each person their own state when a shared card refreshes', async () => {
      const sophie = await driver.invoke('poll.refresh', { pollId }, 'sophie');
      const julien = await driver.invoke('poll.refresh', { pollId }, 'julien');
      const thomas = await driver.invoke('poll.refresh', { pollId }, 'thomas');

      expect(textsOf(sophie.value)).toContain('Votre réponse : Présentiel');
      expect(textsOf(julien.value)).toContain('Voter');
      expect(textsOf(julien.value).join(' ')).not.toMatch(/Votre réponse :/);
      expect(noticeOf(thomas.value)).toMatch(/^Ce sondage s'adresse aux membres de « Bon accueil/);
      expect(actionsOf(thomas.value).some((action) => action.verb === 'poll.vote')).toBe(false);
    });

    it('hides the counts until closing when the lead chose so', async () => {
      const hidden = await driver.createPoll('julien', {
        question: 'Résultats cachés ?',
        options: 'Oui\nNon',
        visibility: 'afterClose',
      });

      const answer = await vote(hidden, 'o1', 'sophie');

      const texts = textsOf(answer.value);
      expect(texts).toContain('Les résultats seront visibles à la clôture.');
      expect(texts.join(' ')).not.toMatch(/vote\(s\) ·/);
    });

    it('accepts up to the maximum in a multiple-choice poll', async () => {
      const multiple = await driver.createPoll('julien', {
        question: 'Quels thèmes ?',
        options: 'Accueil\nOutils\nFormation',
        mode: 'multiple',
        maxChoices: '2',
      });

      const ok = await vote(multiple, 'o3,o1', 'sophie');
      const tooMany = await vote(multiple, 'o1,o2,o3', 'amelie');

      expect(textsOf(ok.value)).toContain('Votre réponse : Accueil, Formation');
      expect(tooMany.value).toMatch(/2 réponses au plus/);
    });
  });

  describe('audience fixed at sending', () => {
    it('refuses a person who joins the group after the poll was sent', async () => {
      const pollId = await driver.createPoll('julien', {
        question: 'Qui vient au petit-déjeuner ?',
        options: 'Moi\nPas moi',
      });
      const joined = await driver.invoke('group.join', { groupSlug: 'bon-accueil' }, 'marc');
      expect(joined.type).toBe(cardMessage);

      const answer = await vote(pollId, 'o1', 'marc');

      expect(answer.type).toBe(textMessage);
      expect(String(answer.value)).toMatch(/^Cette action est réservée aux membres de « Bon accueil/);
      expect(await ballotsOf(pollId)).toHaveLength(0);
      // The group as the other tests expect it.
      await driver.invoke('group.leave', { groupSlug: 'bon-accueil' }, 'marc');
    });
  });

  describe('anonymous polls', () => {
    it('store ballots with no trace of the voter, still one per member', async () => {
      const pollId = await driver.createPoll('julien', {
        question: 'Êtes-vous satisfait·e de l’accueil ?',
        options: 'Oui\nNon',
        anonymous: 'true',
      });

      await vote(pollId, 'o1', 'sophie');
      await Promise.all([
        vote(pollId, 'o2', 'amelie'),
        vote(pollId, 'o2', 'amelie'),
        vote(pollId, 'o1', 'amelie'),
      ]);

      const ballots = await ballotsOf(pollId);
      expect(ballots).toHaveLength(2);
      const stored = JSON.stringify(ballots);
      for (const who of ['sophie', 'amelie'] as PersonaName[]) {
        const member = await createMembersRepository(bot.database.connection).then((members) =>
          members.findByIdentity({ aadObjectId: persona(who).aadObjectId }),
        );
        for (const trace of [
          member!.id,
          persona(who).id,
          persona(who).aadObjectId,
          persona(who).name,
          personalChat(who),
        ]) {
          expect(stored).not.toContain(trace);
        }
      }
      for (const ballot of ballots) {
        expect(Object.keys(ballot).sort()).toEqual(['_id', 'choices', 'pollId', 'voterKey']);
        expect(ballot.voterKey).toMatch(/^k0:[0-9a-f]{64}$/);
      }
    });

    it('leave the voter’s "last seen" time untouched, so it cannot date the ballot', async () => {
      const pollId = await driver.createPoll('julien', {
        question: 'Le livret d’accueil vous a-t-il aidé ?',
        options: 'Oui\nNon',
        anonymous: 'true',
      });
      const members = bot.database.connection.collection('members');
      const sophie = { aadObjectId: persona('sophie').aadObjectId };
      const before = (await members.findOne(sophie))!;
      clock.advance(60 * 60 * 1000);

      await vote(pollId, 'o1', 'sophie');

      const after = (await members.findOne(sophie))!;
      expect(after.lastSeenAt).toEqual(before.lastSeenAt);
      expect(await ballotsOf(pollId)).toHaveLength(1);
      clock.advance(-60 * 60 * 1000);
    });

    it('show the lead counts only', async () => {
      const pollId = await driver.createPoll('julien', {
        question: 'Anonyme : vos horaires ?',
        options: 'Matin\nSoir',
        anonymous: 'true',
      });
      await vote(pollId, 'o2', 'sophie');

      const results = await driver.invoke('poll.results', { pollId }, 'julien');

      const texts = textsOf(results.value).join(' ');
      expect(texts).toMatch(/1 vote\(s\) · 100 %/);
      expect(texts).toMatch(/seuls les totaux sont connus/);
      expect(texts).not.toMatch(/Sophie|Ont répondu|N'ont pas répondu/);
    });

    it('remind only the members who did not vote, without knowing who voted', async () => {
      const pollId = await driver.createPoll('julien', {
        question: 'Anonyme : un rappel ?',
        options: 'Oui\nNon',
        anonymous: 'true',
      });
      await vote(pollId, 'o1', 'sophie');
      bot.connector.reset();

      const reminded = await driver.invoke('poll.remind', { pollId }, 'julien');

      expect(textsOf(reminded.value)[0]).toBe(
        "Rappel envoyé à 3 membre(s) qui n'avai(en)t pas encore répondu.",
      );
      expect(callsTo(personalChat('sophie'))).toHaveLength(0);
      for (const who of ['julien', 'amelie', 'nadia'] as PersonaName[]) {
        const [reminder] = callsTo(personalChat(who));
        expect(reminder.body.text).toMatch(/^Petit rappel : votre avis compte !/);
      }
    });
  });

  describe('deadline and closing', () => {
    it('refuses a vote after the deadline with a French message and the final results', async () => {
      const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(clock.now());
      const pollId = await driver.createPoll('julien', {
        question: 'Vote express ?',
        options: 'Oui\nNon',
        deadlineDate: day,
        deadlineTime: new Intl.DateTimeFormat('en-GB', {
          timeZone: 'Europe/Paris',
          hour: '2-digit',
          minute: '2-digit',
        }).format(clock.now().getTime() + hour),
      });
      await vote(pollId, 'o1', 'sophie');

      clock.advance(2 * hour);
      const late = await vote(pollId, 'o2', 'amelie');
      const changeLate = await vote(pollId, 'o2', 'sophie');

      expect(late.type).toBe(cardMessage);
      const texts = textsOf(late.value);
      expect(noticeOf(late.value)).toBe(
        "Ce sondage est clos : votre vote n'a pas été pris en compte. Voici les résultats définitifs.",
      );
      expect(texts.join(' ')).toMatch(/1 vote\(s\) · 100 %/);
      expect(actionsOf(late.value).some((action) => action.verb === 'poll.vote')).toBe(false);
      expect(textsOf(changeLate.value)).toContain('Votre réponse : Oui');
      const ballots = await ballotsOf(pollId);
      expect(ballots).toEqual([expect.objectContaining({ choices: ['o1'] })]);
    });

    it('the closing job (fixed clock) closes once and notifies the lead once, even run twice at once', async () => {
      const pollId = await driver.createPoll('julien', {
        question: 'Fin de sondage ?',
        options: 'Oui\nNon',
        ...deadlineIn(1, '12:00'),
      });
      await vote(pollId, 'o1', 'sophie');
      await vote(pollId, 'o2', 'amelie');
      const deps = await pollDependencies(bot);
      const poll = (await deps.polls.findPoll(pollId))!;
      const fixedNow = new Date(poll.deadline.getTime() + 30_000);
      bot.connector.reset();

      const [first, second] = await Promise.all([
        closeDuePolls(deps, fixedNow),
        closeDuePolls(deps, fixedNow),
      ]);
      const third = await closeDuePolls(deps, new Date(fixedNow.getTime() + 60_000));
      await bot.outboxIdle();

      expect([...first, ...second, ...third].filter((closed) => closed.id === pollId)).toHaveLength(1);
      const closed = (await deps.polls.findPoll(pollId))!;
      expect(closed.status).toBe('closed');
      expect(closed.closedBy).toBe('deadline');
      const toLead = callsTo(personalChat('julien')).filter((call) =>
        textsOf(cardOf(call.body)).some((text) =>
          text.startsWith('Votre sondage « Fin de sondage ? » est clos'),
        ),
      );
      expect(toLead).toHaveLength(1);
      const results = textsOf(cardOf(toLead[0].body)).join(' ');
      expect(results).toMatch(/1 vote\(s\) · 50 %/);
      expect(results).toMatch(/Ont répondu : Sophie Lefèvre/);
      expect(results).toMatch(/N'ont pas répondu \(\d+\) : .*Julien Moreau/);
      expect(results).toMatch(/2 réponse\(s\) sur \d+ membre\(s\) sollicité\(s\)/);
      // Every poll card sent is edited in place, once, to show the final results.
      for (const who of reachable) {
        const edits = callsTo(personalChat(who), 'PUT').filter((call) =>
          textsOf(cardOf(call.body)).includes('Fin de sondage ?'),
        );
        expect(edits).toHaveLength(1);
        expect(textsOf(cardOf(edits[0].body)).join(' ')).toMatch(/Clos le .* résultats définitifs/);
      }
    });

    it('closes once when "sondage clore" and the job race', async () => {
      const pollId = await driver.createPoll('julien', {
        question: 'Course à la clôture ?',
        options: 'A\nB',
        ...deadlineIn(1, '12:05'),
      });
      const deps = await pollDependencies(bot);
      const poll = (await deps.polls.findPoll(pollId))!;
      bot.connector.reset();

      const [byLead, byJob] = await Promise.all([
        driver.invoke('poll.close', { pollId }, 'julien'),
        closeDuePolls(deps, new Date(poll.deadline.getTime() + 1)),
      ]);
      await bot.outboxIdle();

      expect(textsOf(byLead.value)[0]).toMatch(/^(Sondage clos\.|Ce sondage est déjà clos\.)/);
      const toLead = callsTo(personalChat('julien')).filter((call) =>
        textsOf(cardOf(call.body)).some((text) => text.includes('« Course à la clôture ? » est clos')),
      );
      expect(toLead).toHaveLength(1);
      expect(byJob.length + (textsOf(byLead.value)[0].startsWith('Sondage clos.') ? 1 : 0)).toBe(1);
      expect(await closePoll(deps, pollId, 'lead', new Date())).toBeUndefined();
    });

    it('lets the lead close early with "sondage clore", then refuses votes', async () => {
      const pollId = await driver.createPoll('julien', { question: 'Clôture anticipée ?', options: 'A\nB' });

      const [pick] = await driver.say('sondage clore', 'julien');
      const close = actionsOf(cardOf(pick)).find((action) => action.data?.pollId === pollId);
      expect(close?.verb).toBe('poll.close');
      const closed = await driver.invoke('poll.close', { pollId }, 'julien');
      const again = await driver.invoke('poll.close', { pollId }, 'julien');
      const late = await vote(pollId, 'o1', 'sophie');

      expect(textsOf(closed.value)[0]).toBe(
        'Sondage clos. Les résultats vous sont envoyés en conversation privée.',
      );
      expect(textsOf(again.value)[0]).toBe('Ce sondage est déjà clos.');
      expect(noticeOf(late.value)).toMatch(/^Ce sondage est clos/);
      expect(await ballotsOf(pollId)).toHaveLength(0);
      const byMember = await driver.invoke('poll.close', { pollId }, 'sophie');
      expect(byMember.value).toMatch(/^Cette action est réservée aux pilotes/);
    });
  });

  describe('following', () => {
    it('reminds non-voters once with "sondage rappel"', async () => {
      const pollId = await driver.createPoll('julien', { question: 'Un seul rappel ?', options: 'A\nB' });
      await vote(pollId, 'o1', 'amelie');

      const [pick] = await driver.say('sondage rappel', 'julien');
      expect(actionsOf(cardOf(pick)).find((action) => action.data?.pollId === pollId)?.verb).toBe(
        'poll.remind',
      );
      bot.connector.reset();
      const first = await driver.invoke('poll.remind', { pollId }, 'julien');
      const reminded = bot.connector.sentActivities().length;
      const second = await driver.invoke('poll.remind', { pollId }, 'julien');

      expect(textsOf(first.value)[0]).toBe("Rappel envoyé à 3 membre(s) qui n'avai(en)t pas encore répondu.");
      expect(reminded).toBe(3);
      expect(callsTo(personalChat('amelie'))).toHaveLength(0);
      expect(textsOf(second.value)[0]).toMatch(/^Vous avez déjà relancé ce sondage le/);
      expect(bot.connector.sentActivities()).toHaveLength(3);
    });

    it('lists my open polls to answer and, for leads, their polls with participation', async () => {
      const pollId = await driver.createPoll('julien', {
        question: 'Visible dans la liste ?',
        options: 'A\nB',
      });
      await vote(pollId, 'o1', 'sophie');

      const [forSophie] = await driver.say('sondages', 'sophie');
      const [forJulien] = await driver.say('sondages', 'julien');
      const [forThomas] = await driver.say('sondages', 'thomas');

      const sophieTexts = textsOf(cardOf(forSophie));
      const index = sophieTexts.indexOf('Visible dans la liste ?');
      expect(sophieTexts[index + 2]).toBe('✓ Répondu');
      const julienTexts = textsOf(cardOf(forJulien));
      expect(julienTexts).toContain('Vos sondages');
      expect(julienTexts.join(' ')).toMatch(/En cours · 1\/\d+ réponse\(s\)/);
      expect(textsOf(cardOf(forThomas))).not.toContain('Visible dans la liste ?');
      expect(textsOf(cardOf(forThomas))).not.toContain('Vos sondages');
    });
  });

  describe('export', () => {
    it('gives a coordinator the results of a closed poll as a CSV attachment in 1:1', async () => {
      const pollId = await driver.createPoll('julien', {
        question: 'Export ; "CSV" ?',
        options: 'Oui, bien sûr\n=SOMME(A1)',
      });
      await vote(pollId, 'o1', 'sophie');
      await vote(pollId, 'o2', 'amelie');
      await driver.invoke('poll.close', { pollId }, 'julien');
      bot.connector.reset();

      await driver.invoke('poll.export', { pollId }, 'nadia');

      const [message] = callsTo(personalChat('nadia'));
      const attachment = (
        message.body.attachments as Array<{ contentType: string; contentUrl: string; name: string }>
      )[0];
      expect(attachment.contentType).toBe('text/csv');
      expect(attachment.name).toMatch(/^sondage-bon-accueil-\d{4}-\d{2}-\d{2}\.csv$/);
      const csv = Buffer.from(
        attachment.contentUrl.replace(/^data:text\/csv;base64,/, ''),
        'base64',
      ).toString('utf8');
      expect(csv.startsWith('\uFEFFSondage;"Export ; ""CSV"" ?"\r\n')).toBe(true);
      expect(csv).toContain("Réponse;Votes;Pourcentage (%)\r\nOui, bien sûr;1;50\r\n'=SOMME(A1);1;50\r\n");
      expect(csv).toContain(
        "Membre;Réponse(s)\r\nAmélie Roux;'=SOMME(A1)\r\nSophie Lefèvre;Oui, bien sûr\r\n",
      );
    });

    it('refuses the export to a lead who is not a coordinator, and before closing', async () => {
      const pollId = await driver.createPoll('julien', { question: 'Pas encore clos ?', options: 'A\nB' });

      const byLead = await driver.invoke('poll.export', { pollId }, 'julien');
      const open = await driver.invoke('poll.export', { pollId }, 'nadia');

      expect(byLead.value).toBe(
        "Cette action est réservée à la coordination iX. Si vous pensez que c'est une erreur, contactez la coordination iX.",
      );
      expect(open.value).toMatch(/l'export est possible après la clôture/);
    });
  });

  describe('group channel', () => {
    const channel = {
      id: '19:bon-accueil@thread.tacv2',
      conversationType: 'channel' as const,
      tenantId: 'tenant-orleans',
    };
    const inChannel = (who: PersonaName) => ({ ...as(who, bot.connector.url), conversation: channel });

    it('links a channel to a group (leads only) and posts the poll there with per-user refresh', async () => {
      const [refused] = await driver.say('sondage canal bon accueil', 'thomas', inChannel('thomas'));
      expect(refused.text).toMatch(/^Cette action est réservée aux pilotes/);
      const [linked] = await driver.say('sondage canal bon accueil', 'julien', inChannel('julien'));
      expect(linked.text).toBe(
        'Ce canal est désormais lié à « Bon accueil, pas d’écueil » : ses prochains sondages pourront y être publiés.',
      );

      const pollId = await driver.createPoll('julien', {
        question: 'Aussi dans le canal ?',
        options: 'A\nB',
        sendPersonal: 'false',
        sendChannel: 'true',
      });

      const posts = callsTo(channel.id);
      expect(posts).toHaveLength(1);
      const card = cardOf(posts[0].body) as { refresh: { action: { verb: string }; userIds: string[] } };
      expect(card.refresh.action.verb).toBe('poll.refresh');
      expect(card.refresh.userIds.length).toBeGreaterThan(0);
      expect(card.refresh.userIds.length).toBeLessThanOrEqual(60);
      expect(card.refresh.userIds).toContain(persona('sophie').id);
      expect(callsTo(personalChat('sophie'))).toHaveLength(0);
      const mine = await driver.invoke('poll.vote', { pollId, choices: 'o2' }, inChannel('sophie'));
      expect(textsOf(mine.value)).toContain('Votre réponse : B');
      expect(textsOf(mine.value)).toContain('Actualiser');
    });
  });

  describe('personal data', () => {
    it('exports named answers and started polls, erases them, and explains what anonymous polls keep', async () => {
      const named = await driver.createPoll('julien', { question: 'Données perso ?', options: 'A\nB' });
      await driver.createPoll('julien', {
        question: 'Données anonymes ?',
        options: 'A\nB',
        anonymous: 'true',
      });
      await vote(named, 'o2', 'amelie');
      const source = pollsPersonalData(await repository());
      const amelie = await memberId('amelie');

      const exported = (await source.export(amelie)) as {
        namedAnswers: Array<{ question: string; answers: string[] }>;
      };
      expect(exported.namedAnswers).toContainEqual({ question: 'Données perso ?', answers: ['B'] });
      const julienExport = (await source.export(await memberId('julien'))) as { started: unknown[] };
      expect(julienExport.started.length).toBeGreaterThan(0);

      const report = await source.erase(amelie);

      expect(report.keptReasonKey).toBe('polls.privacyKept');
      expect(report.erased).toBeGreaterThan(0);
      expect(
        await bot.database.connection.collection('poll_ballots').countDocuments({ memberId: amelie }),
      ).toBe(0);
      expect(
        await bot.database.connection.collection('polls').countDocuments({ targetMemberIds: amelie }),
      ).toBe(0);
    });
  });
});
