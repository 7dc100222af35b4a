import { createMissionSheetsRepository } from '../../../src/features/mission-sheets/repository';
import { messageActivity } from '../../support/activities';
import { as, type PersonaName } from '../../support/personas';
import { cardOf, startTestBot, textsOf, type TestBot, type InvokeBody } from '../../support/test-bot';

interface CardAction {
  type: string;
  title: string;
  verb?: string;
  data?: Record<string, unknown>;
}

/** Sunday 29 November 2026, 11:00 in Orléans: milestones up to the 28th are past. */
const fixedNow = new Date('2026-11-29T10:00:00Z');

const cardMessage = 'application/vnd.microsoft.card.adaptive';
const textMessage = 'application/vnd.microsoft.activity.message';

const actionsOf = (card: unknown) => ((card as { actions?: CardAction[] }).actions ?? []) as CardAction[];

/** The input values of an edit card, as Teams merges them into the `sheet.save` action data. */
function submittedForm(editCard: unknown, changes: Record<string, string> = {}): Record<string, unknown> {
  const inputs = (editCard as { body: Array<{ id?: string; value?: string }> }).body.filter(
    (element) => element.id,
  );
  const save = actionsOf(editCard).find((action) => action.verb === 'sheet.save');
  return {
    ...save?.data,
    ...Object.fromEntries(inputs.map((input) => [input.id, input.value ?? ''])),
    ...changes,
  };
}

describe('mission sheets', () => {
  let bot: TestBot;

  beforeAll(async () => {
    bot = await startTestBot({ clock: { now: () => fixedNow } });
  });
  afterAll(async () => {
    await bot.stop();
  });
  beforeEach(() => bot.connector.reset());

  async function say(text: string, who: PersonaName, locale?: string) {
    bot.connector.reset();
    await bot.post(messageActivity(text, as(who, bot.connector.url, locale)));
    return bot.connector.sentActivities()[0];
  }

  async function invoke(verb: string, data: Record<string, unknown>, who: PersonaName): Promise<InvokeBody> {
    return bot.execute(verb, data, as(who, bot.connector.url));
  }

  async function storedSheet(groupSlug: string) {
    const sheets = await createMissionSheetsRepository(bot.database.connection);
    return sheets.findSheet(groupSlug);
  }

  async function editForm(groupSlug: string, who: PersonaName) {
    const body = await invoke('sheet.edit', { groupSlug }, who);
    expect(body.type).toBe(cardMessage);
    return body.value;
  }

  describe('reading', () => {
    it('shows the bon-accueil sheet for "fiche accueil", with its team, members and dated calendar', async () => {
      const reply = await say('fiche accueil', 'thomas');

      const texts = textsOf(cardOf(reply));
      expect(texts).toEqual(
        expect.arrayContaining([
          'Fiche mission · Bon accueil, pas d’écueil',
          'Bien accueillir les nouveaux cadres',
          'Active',
          'Objectif',
          expect.stringContaining("Réussir l'arrivée de chaque nouveau cadre"),
          'Livrables attendus',
          "• Livret d'accueil des cadres, en ligne et tenu à jour",
          'Calendrier',
          '14 avril 2026',
          'Première journée des nouveaux arrivants (JNR)',
          '31 mars 2027',
          'Julien Moreau',
          'Sophie Lefèvre',
          expect.stringMatching(/^\d+ membres$/),
          'Modifiée le 29 novembre 2026 à 11:00 par Coordination iX',
        ]),
      );
    });

    it('ticks and greys out the milestones whose day is over', async () => {
      const card = cardOf(await say('fiche accueil', 'thomas'));
      const rows = (card as { body: Array<{ type: string; columns?: unknown[] }> }).body.filter(
        (element) => element.type === 'ColumnSet',
      );
      const rowOf = (title: string) => rows.find((row) => textsOf(row).includes(title));

      expect(textsOf(rowOf('Première journée des nouveaux arrivants (JNR)'))[0]).toBe('✓');
      expect(JSON.stringify(rowOf('Première journée des nouveaux arrivants (JNR)'))).toContain(
        '"isSubtle":true',
      );
      expect(textsOf(rowOf('Bilan du parcours avec les référents RH'))[0]).toBe('○');
      expect(JSON.stringify(rowOf('Bilan du parcours avec les référents RH'))).not.toContain(
        '"isSubtle":true',
      );
    });

    it('offers the version history to everyone but the edit button only to the group’s leads', async () => {
      const asMember = actionsOf(cardOf(await say('fiche accueil', 'thomas')));
      const asLead = actionsOf(cardOf(await say('fiche accueil', 'julien')));
      const asLeadOfAnotherGroup = actionsOf(cardOf(await say('fiche gps', 'julien')));

      expect(asMember.map((action) => action.verb)).toEqual(['sheet.history']);
      expect(asLead.map((action) => [action.title, action.verb])).toEqual([
        ['Modifier', 'sheet.edit'],
        ['Historique des versions', 'sheet.history'],
      ]);
      expect(asLeadOfAnotherGroup.map((action) => action.verb)).toEqual(['sheet.history']);
    });

    it.each([
      ['fiche GPS', 'Fiche mission · La GPS'],
      ['fiche info flash', 'Fiche mission · Entrez dans la trans’'],
      ['Fiche  réunionite !', 'Fiche mission · La réunionite, elle est finite'],
    ])('finds the group from "%s"', async (text, title) => {
      expect(textsOf(cardOf(await say(text, 'thomas')))).toContain(title);
    });

    it('answers in English with "sheet gps" from an English Teams', async () => {
      const texts = textsOf(cardOf(await say('sheet gps', 'thomas', 'en-US')));

      expect(texts).toEqual(expect.arrayContaining(['Mission sheet · La GPS', 'Objective', 'Calendar']));
    });

    it('offers the matching groups when the name is ambiguous', async () => {
      const card = cardOf(await say('fiche outils', 'thomas'));

      expect(textsOf(card)).toContain('Plusieurs groupes correspondent à « outils ». Lequel ?');
      const buttons = actionsOf(card);
      expect(
        buttons.every((button) => button.type === 'Action.Execute' && button.verb === 'sheet.show'),
      ).toBe(true);
      expect(buttons.map((button) => button.data?.groupSlug)).toEqual([
        'reunionite',
        'bon-accueil',
        'temps-perdu',
      ]);
    });

    it.each([
      ['fiche piscine', 'Je ne trouve pas de groupe « piscine ». Voici les groupes du réseau :'],
      ['fiche', 'De quel groupe voulez-vous lire la fiche mission ?'],
    ])('offers every group for "%s"', async (text, intro) => {
      const card = cardOf(await say(text, 'thomas'));

      expect(textsOf(card)).toContain(intro);
      expect(actionsOf(card).map((button) => button.data?.groupSlug)).toEqual([
        'reunionite',
        'bon-accueil',
        'gps',
        'trans',
        'temps-perdu',
      ]);
    });

    it('replaces the clicked card with the sheet on sheet.show', async () => {
      const body = await invoke('sheet.show', { groupSlug: 'gps' }, 'thomas');

      expect(body).toMatchObject({ statusCode: 200, type: cardMessage });
      expect(textsOf(body.value)).toContain('Fiche mission · La GPS');
    });

    it('says kindly that a group does not exist', async () => {
      const body = await invoke('sheet.show', { groupSlug: 'piscine' }, 'thomas');

      expect(body).toEqual({
        statusCode: 200,
        type: textMessage,
        value: 'Je ne trouve pas le groupe demandé. Vérifiez le nom ou tapez **aide**.',
      });
    });
  });

  describe('draft sheets', () => {
    it('tells a member that the sheet is being written, in chat and on a card', async () => {
      const reply = await say('fiche temps perdu', 'thomas');
      const clicked = await invoke('sheet.show', { groupSlug: 'temps-perdu' }, 'thomas');
      const history = await invoke('sheet.history', { groupSlug: 'temps-perdu' }, 'thomas');

      const notice =
        "L'équipe du groupe « À la recherche du temps perdu » écrit encore sa fiche mission. Revenez bientôt : elle sera visible de tous dès sa publication.";
      expect(reply.text).toBe(notice);
      expect(cardOf(reply)).toBeUndefined();
      expect(textsOf(clicked.value)).toEqual(['Fiche en cours de rédaction', notice]);
      expect(textsOf(history.value)).toEqual(['Fiche en cours de rédaction', notice]);
    });

    it.each<[string, PersonaName]>([
      ['its lead', 'paul'],
      ['its HR referent', 'chloe'],
      ['the steering committee', 'elodie'],
      ['the coordination', 'nadia'],
    ])('shows the draft to %s', async (_who, persona) => {
      const texts = textsOf(cardOf(await say('fiche temps perdu', persona)));

      expect(texts).toEqual(
        expect.arrayContaining(['Fiche mission · À la recherche du temps perdu', 'Brouillon']),
      );
    });
  });

  describe('editing', () => {
    it('refuses the edit form and the save to a plain member, and changes nothing', async () => {
      const before = await storedSheet('bon-accueil');
      const form = submittedForm(await editForm('bon-accueil', 'julien'), {
        objective: 'Pris en main par Thomas',
      });

      const edit = await invoke('sheet.edit', { groupSlug: 'bon-accueil' }, 'thomas');
      const save = await invoke('sheet.save', form, 'thomas');

      const refusal =
        "Cette action est réservée aux pilotes du groupe et à la coordination iX. Si vous pensez que c'est une erreur, contactez la coordination iX.";
      expect(edit).toEqual({ statusCode: 200, type: textMessage, value: refusal });
      expect(save).toEqual({ statusCode: 200, type: textMessage, value: refusal });
      expect(await storedSheet('bon-accueil')).toEqual(before);
    });

    it('refuses a lead of another group', async () => {
      const form = submittedForm(await editForm('gps', 'marc'), {
        objective: 'Écrit par le pilote d’un autre groupe',
      });

      const save = await invoke('sheet.save', form, 'julien');

      expect(save.type).toBe(textMessage);
      expect(save.value).toContain('Cette action est réservée aux pilotes du groupe');
      expect((await storedSheet('gps'))?.objective).not.toBe('Écrit par le pilote d’un autre groupe');
    });

    it('gives the lead a form prefilled with the sheet, the version it was built from, and the reachable statuses', async () => {
      const card = await editForm('bon-accueil', 'julien');
      const body = (card as { body: Array<Record<string, unknown>> }).body;
      const input = (id: string) => body.find((element) => element.id === id);

      expect(textsOf(card)).toContain('Modifier la fiche · Bon accueil, pas d’écueil');
      expect(input('objective')).toMatchObject({ type: 'Input.Text', isMultiline: true, maxLength: 1000 });
      expect(input('deliverables')?.value).toContain(
        "Livret d'accueil des cadres, en ligne et tenu à jour\n",
      );
      expect(String(input('milestones')?.value).split('\n')[0]).toBe(
        "2026-02-10 Recueil des besoins auprès des arrivants de l'année",
      );
      expect(input('status')).toMatchObject({
        type: 'Input.ChoiceSet',
        value: 'active',
        choices: [
          { title: 'Active', value: 'active' },
          { title: 'Terminée', value: 'done' },
        ],
      });
      const save = actionsOf(card).find((action) => action.verb === 'sheet.save');
      expect(save?.data).toEqual({ groupSlug: 'bon-accueil', version: '1' });
    });

    it('saves the lead’s edit as a new version, shows it, and lists it in the history', async () => {
      const form = submittedForm(await editForm('bon-accueil', 'julien'), {
        objective: 'Que chaque nouveau cadre se sente attendu dès le premier jour.',
        milestones: '2027-01-19 Troisième JNR\n2026-04-14 Première JNR',
      });

      const saved = await invoke('sheet.save', form, 'julien');

      expect(saved.type).toBe(cardMessage);
      const texts = textsOf(saved.value);
      expect(texts).toEqual(
        expect.arrayContaining([
          "C'est enregistré ! Version 2 de la fiche.",
          'Que chaque nouveau cadre se sente attendu dès le premier jour.',
          'Modifiée le 29 novembre 2026 à 11:00 par Julien Moreau',
        ]),
      );
      // Milestones are kept in date order whatever the order typed.
      expect(texts.indexOf('Première JNR')).toBeLessThan(texts.indexOf('Troisième JNR'));
      expect(await storedSheet('bon-accueil')).toMatchObject({
        version: 2,
        objective: 'Que chaque nouveau cadre se sente attendu dès le premier jour.',
        updatedBy: { kind: 'member', name: 'Julien Moreau' },
      });

      const history = await invoke('sheet.history', { groupSlug: 'bon-accueil' }, 'thomas');
      expect(textsOf(history.value)).toEqual([
        'Historique · Bon accueil, pas d’écueil',
        "Les 10 dernières versions, la plus récente d'abord.",
        'Version 2',
        '29 novembre 2026 à 11:00 · Julien Moreau · Active',
        'Version 1',
        '29 novembre 2026 à 11:00 · Coordination iX · Active',
        'Retour à la fiche',
      ]);
    });

    it('refuses a save from a stale form and shows the current version with the conflict message', async () => {
      const karimsForm = submittedForm(await editForm('reunionite', 'karim'), {
        objective: 'La version de Karim',
      });
      const isabellesForm = submittedForm(await editForm('reunionite', 'isabelle'), {
        objective: "La version d'Isabelle",
      });
      expect((await invoke('sheet.save', isabellesForm, 'isabelle')).type).toBe(cardMessage);

      const stale = await invoke('sheet.save', karimsForm, 'karim');

      expect(stale.type).toBe(cardMessage);
      const texts = textsOf(stale.value);
      expect(texts[0]).toBe(
        "Quelqu'un a modifié ces informations entre-temps. Voici la version à jour : réessayez à partir d'elle.",
      );
      expect(texts).toContain("La version d'Isabelle");
      expect(texts).not.toContain('La version de Karim');
      expect(await storedSheet('reunionite')).toMatchObject({
        version: 2,
        objective: "La version d'Isabelle",
      });
    });

    it('says so and keeps the version when nothing changed', async () => {
      const form = submittedForm(await editForm('trans', 'vincent'));

      const saved = await invoke('sheet.save', form, 'vincent');

      expect(textsOf(saved.value)[0]).toBe("Rien n'a changé : la fiche reste en version 1.");
      expect((await storedSheet('trans'))?.version).toBe(1);
    });

    it('closes a sheet, then reopens it', async () => {
      const closed = await invoke(
        'sheet.save',
        submittedForm(await editForm('trans', 'vincent'), { status: 'done' }),
        'vincent',
      );
      const reopenForm = await editForm('trans', 'vincent');
      const reopened = await invoke('sheet.save', submittedForm(reopenForm, { status: 'active' }), 'vincent');

      expect(textsOf(closed.value)).toContain('Terminée');
      expect(JSON.stringify(reopenForm)).toContain(
        '"choices":[{"title":"Terminée","value":"done"},{"title":"Active","value":"active"}]',
      );
      expect(textsOf(reopened.value)).toContain('Active');
      expect(await storedSheet('trans')).toMatchObject({ version: 3, status: 'active' });
    });

    it('refuses a status change the table forbids', async () => {
      const form = submittedForm(await editForm('gps', 'marc'), { status: 'draft' });

      const refused = await invoke('sheet.save', form, 'marc');

      expect(refused).toEqual({
        statusCode: 200,
        type: textMessage,
        value:
          'Ces informations ne sont pas valides : une fiche « Active » ne peut pas passer à « Brouillon » (possible : Active, Terminée). Corrigez-les puis réessayez.',
      });
      expect(await storedSheet('gps')).toMatchObject({ version: 1, status: 'active' });
    });

    it('lets the coordination edit any group’s sheet', async () => {
      const form = submittedForm(await editForm('gps', 'nadia'), { context: 'Précisé par la coordination.' });

      const saved = await invoke('sheet.save', form, 'nadia');

      expect(textsOf(saved.value)).toContain('Précisé par la coordination.');
    });
  });

  describe('untrusted form data', () => {
    const tooManyMilestones = Array.from(
      { length: 21 },
      (_, index) => `2027-01-${String(index + 1).padStart(2, '0')} Jalon ${index + 1}`,
    ).join('\n');
    const tooManyDeliverables = Array.from({ length: 16 }, (_, index) => `Livrable ${index + 1}`).join('\n');

    it.each<[string, Record<string, unknown>, string]>([
      [
        'an operator object instead of text',
        { objective: { $gt: '' } },
        'le champ « objectif » doit être du texte',
      ],
      ['an operator object in the version', { version: { $gt: 0 } }, "ce formulaire n'est plus lisible"],
      ['an unknown field', { isCoordinator: 'yes' }, 'des champs inattendus (isCoordinator)'],
      ['an empty objective', { objective: '   ' }, "l'objectif est vide"],
      ['an over-long objective', { objective: 'x'.repeat(1001) }, "l'objectif dépasse 1000 caractères"],
      ['an over-long context', { context: 'x'.repeat(2001) }, 'le contexte dépasse 2000 caractères'],
      [
        '16 deliverables',
        { deliverables: tooManyDeliverables },
        "16 livrables, c'est plus que les 15 permis",
      ],
      [
        'an over-long deliverable',
        { deliverables: `Kit\n${'x'.repeat(201)}` },
        'le livrable de la ligne 2 dépasse 200 caractères',
      ],
      [
        'an impossible date',
        { milestones: '2026-02-30 Réunion' },
        "la date 2026-02-30 (ligne 1 du calendrier) n'existe pas",
      ],
      [
        'a line without a date',
        { milestones: '2026-05-01 Atelier\nbientôt : bilan' },
        'la ligne 2 du calendrier doit suivre le modèle « AAAA-MM-JJ Titre »',
      ],
      ['21 milestones', { milestones: tooManyMilestones }, "21 jalons, c'est plus que les 20 permis"],
      ['an unknown status', { status: 'archived' }, "le statut choisi n'existe pas"],
    ])('refuses %s with a French message and changes nothing', async (_case, change, expected) => {
      const before = await storedSheet('temps-perdu');
      const form = { ...submittedForm(await editForm('temps-perdu', 'paul')), ...change };

      const refused = await invoke('sheet.save', form, 'paul');

      expect(refused.type).toBe(textMessage);
      expect(refused.value).toMatch(/^Ces informations ne sont pas valides : /);
      expect(refused.value).toContain(expected);
      expect(await storedSheet('temps-perdu')).toEqual(before);
    });

    it('names every problem at once', async () => {
      const form = submittedForm(await editForm('temps-perdu', 'paul'), {
        objective: '',
        milestones: '2026-13-01 Jalon',
      });

      const refused = await invoke('sheet.save', form, 'paul');

      expect(refused.value).toBe(
        "Ces informations ne sont pas valides : l'objectif est vide ; la date 2026-13-01 (ligne 1 du calendrier) n'existe pas. Corrigez-les puis réessayez.",
      );
    });
  });

  describe('personal data', () => {
    it('exports the versions a member saved and erases their name but keeps the sheet', async () => {
      const form = submittedForm(await editForm('gps', 'amelie'), { objective: 'Objectif revu par Amélie' });
      await invoke('sheet.save', form, 'amelie');
      const version = (await storedSheet('gps'))!.version;

      const exported = await say('mes données', 'amelie');
      const file = (exported.attachments as Array<{ contentType: string; contentUrl?: string }>).find(
        (attachment) => attachment.contentType === 'application/json',
      );
      const json = Buffer.from(String(file?.contentUrl).split('base64,')[1], 'base64').toString('utf8');
      expect(JSON.parse(json).missionSheets).toEqual([
        { group: 'gps', version, savedAt: '2026-11-29T10:00:00.000Z' },
      ]);
      expect(textsOf(cardOf(exported))).toContain('Fiches mission (versions enregistrées)');

      const erased = await invoke('privacy.delete', { confirm: 'yes' }, 'amelie');
      expect(textsOf(erased.value)).toContain(
        '• Les fiches mission que vous avez modifiées restent en place, car elles appartiennent à leur groupe ; votre nom en a été retiré.',
      );
      expect(await storedSheet('gps')).toMatchObject({
        version,
        objective: 'Objectif revu par Amélie',
        updatedBy: { kind: 'erased' },
      });
      const sheet = await invoke('sheet.show', { groupSlug: 'gps' }, 'thomas');
      expect(textsOf(sheet.value)).toContain(
        'Modifiée le 29 novembre 2026 à 11:00 par un membre (nom retiré)',
      );
      expect(JSON.stringify(sheet.value)).not.toContain('Amélie Roux');
    });
  });
});
