import { executeActivity, messageActivity } from '../../support/activities';
import { as, type PersonaName } from '../../support/personas';
import { cardOf, startTestBot, textsOf, type TestBot } from '../../support/test-bot';

interface InvokeBody {
  statusCode: number;
  type: string;
  value: { actions?: Array<{ title: string; verb?: string; data?: { slug: string; page: number } }> };
}

const teamsCardBudgetBytes = 28 * 1024;

describe('welcome booklet', () => {
  let bot: TestBot;

  beforeAll(async () => {
    bot = await startTestBot();
  });
  afterAll(async () => {
    await bot.stop();
  });
  beforeEach(() => bot.connector.reset());

  async function say(text: string, who: PersonaName) {
    bot.connector.reset();
    await bot.post(messageActivity(text, as(who, bot.connector.url)));
    return bot.connector.sentActivities()[0];
  }

  async function open(slug: string, page: number | string, who: PersonaName = 'camille') {
    const response = await bot.post(
      executeActivity('booklet.section', { slug, page }, as(who, bot.connector.url)),
    );
    expect(response.status).toBe(200);
    return response.body as InvokeBody;
  }

  const navigation = (body: InvokeBody) =>
    Object.fromEntries((body.value.actions ?? []).map((action) => [action.title, action.data]));

  it('shows the table of contents of the seeded sections', async () => {
    const texts = textsOf(cardOf(await say('livret', 'camille')));

    expect(texts).toEqual(
      expect.arrayContaining([
        "Livret d'accueil",
        '1. Le réseau iX',
        '2. Nos valeurs',
        '3. Comment fonctionnent les groupes',
        '4. Qui contacter',
        '5. Infos pratiques',
        '6. Glossaire des sigles',
      ]),
    );
  });

  it('opens a section in place with Previous and Next, and nothing beyond the first and last sections', async () => {
    const first = await open('le-reseau', 0);
    expect(textsOf(first.value)).toContain('Le réseau iX');
    expect(navigation(first)).toEqual({ Sommaire: {}, 'Suivant ▶': { slug: 'nos-valeurs', page: 0 } });

    const middle = await open('nos-valeurs', 0);
    expect(navigation(middle)).toEqual({
      '◀ Précédent': { slug: 'le-reseau', page: 0 },
      Sommaire: {},
      'Suivant ▶': { slug: 'les-groupes', page: 0 },
    });

    const last = await open('glossaire', 0);
    expect(textsOf(last.value).join('\n')).toContain('**JNR** : Journée des nouveaux recrutés');
    expect(navigation(last)).toEqual({ '◀ Précédent': { slug: 'infos-pratiques', page: 0 }, Sommaire: {} });

    // A stale page number is brought back within the section.
    expect(navigation(await open('glossaire', 42))).toEqual(navigation(last));
    expect(bot.connector.sentActivities()).toHaveLength(0);
  });

  it('refuses an unknown section', async () => {
    const unknown = await open('piscine', 0);

    expect(unknown.value).toBe(
      'Je ne trouve pas cette section du livret. Vérifiez le nom ou tapez **aide**.',
    );
  });

  it('searches the booklet whatever the accents, and says so when nothing matches', async () => {
    const found = textsOf(cardOf(await say('livret journee', 'camille')));
    expect(found).toContain('Livret : « journee »');
    expect(found).toContain('Glossaire des sigles');

    expect((await say('livret piscine', 'camille')).text).toBe(
      'Rien trouvé pour « piscine » dans le livret. Essayez un autre mot, ou tapez **livret** pour le sommaire.',
    );
  });

  it('lets a coordinator replace a section with a long text, shown page by page under the card limit', async () => {
    const form = cardOf(await say('livret modifier valeurs', 'nadia'));
    expect(textsOf(form)).toContain('Modifier la section');
    const body = Array.from({ length: 40 }, (_, index) =>
      `**Valeur ${index + 1}** — l’audace d’essayer, la bienveillance d’écouter, l’efficacité d’agir. `.repeat(
        3,
      ),
    ).join('\n\n');

    const saved = await bot.post(
      executeActivity(
        'booklet.section.save',
        { slug: 'nos-valeurs', title: 'Nos valeurs, en long', body },
        as('nadia', bot.connector.url),
      ),
    );
    const savedCard = (saved.body as InvokeBody).value;
    expect(textsOf(savedCard)).toContain('Section « Nos valeurs, en long » enregistrée.');
    expect(textsOf(savedCard)).toContain('Page 1 sur 4');

    let page = await open('nos-valeurs', 0);
    const seen: string[] = [];
    while (navigation(page)['Suivant ▶']?.slug === 'nos-valeurs') {
      expect(Buffer.byteLength(JSON.stringify(page.value))).toBeLessThan(teamsCardBudgetBytes);
      seen.push(textsOf(page.value).find((text) => text.startsWith('Page '))!);
      page = await open('nos-valeurs', navigation(page)['Suivant ▶']!.page);
    }
    seen.push(textsOf(page.value).find((text) => text.startsWith('Page '))!);
    expect(seen).toEqual(['Page 1 sur 4', 'Page 2 sur 4', 'Page 3 sur 4', 'Page 4 sur 4']);
    expect(navigation(page)['Suivant ▶']).toEqual({ slug: 'les-groupes', page: 0 });
    // Previous from the next section lands on the last page.
    expect(navigation(await open('les-groupes', 0))['◀ Précédent']).toEqual({ slug: 'nos-valeurs', page: 3 });
  });

  it('refuses section edits to anyone but the coordination', async () => {
    expect((await say('livret modifier', 'thomas')).text).toMatch(
      /^Cette action est réservée à la coordination iX/,
    );
    const refused = await bot.post(
      executeActivity(
        'booklet.section.save',
        { slug: 'glossaire', title: 'Piraté', body: 'x' },
        as('thomas', bot.connector.url),
      ),
    );
    expect((refused.body as { value: string }).value).toMatch(
      /^Cette action est réservée à la coordination iX/,
    );
    expect(textsOf((await open('glossaire', 0)).value)).toContain('Glossaire des sigles');
  });
});
