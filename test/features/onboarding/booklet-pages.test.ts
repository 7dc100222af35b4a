import {
  clampPage,
  neighboursOf,
  pageBudget,
  paginate,
  searchBooklet,
} from '../../../src/features/onboarding/booklet-pages';
import { renderBookletPage } from '../../../src/features/onboarding/booklet-cards';
import { createTranslator } from '../../../src/i18n/translator';

const teamsCardBudgetBytes = 28 * 1024;

const paragraph = (words: number) =>
  Array.from({ length: words }, (_, index) => `élément${index} d’accueil`).join(' ');

describe('booklet pages', () => {
  it('keeps a short section on one page', () => {
    expect(paginate('Bonjour.\n\nBienvenue.')).toEqual(['Bonjour.\n\nBienvenue.']);
  });

  it('cuts a long section between paragraphs, each page within the budget, losing no word', () => {
    const body = Array.from({ length: 12 }, (_, index) => `Paragraphe ${index}. ${paragraph(40)}`).join(
      '\n\n',
    );

    const pages = paginate(body);

    expect(pages.length).toBeGreaterThan(1);
    expect(pages.every((page) => page.length <= pageBudget)).toBe(true);
    expect(pages.join('\n\n')).toBe(body);
  });

  it('cuts a single huge paragraph between words', () => {
    const body = paragraph(2000);

    const pages = paginate(body);

    expect(pages.every((page) => page.length <= pageBudget)).toBe(true);
    expect(pages.join(' ').split(' ')).toEqual(body.split(' '));
  });

  it('keeps every page of a very long section under the 28 KB card limit, accents and all', () => {
    const body = Array.from({ length: 30 }, () => `**Été** « ça » — ${paragraph(60)}\n- élève\n- über`).join(
      '\n\n',
    );
    const t = createTranslator('fr');
    const sections = [{ slug: 'long', order: 1, title: 'Très long', body }];

    const pageCount = paginate(body).length;
    expect(pageCount).toBeGreaterThan(3);
    for (let page = 0; page < pageCount; page += 1) {
      const card = renderBookletPage(t, sections, { slug: 'long', page });
      expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(teamsCardBudgetBytes);
    }
  });

  it('moves page by page, then to the neighbouring section, with nothing before the first or after the last', () => {
    const sections = [
      { slug: 'a', pageCount: 1 },
      { slug: 'b', pageCount: 3 },
      { slug: 'c', pageCount: 1 },
    ];

    expect(neighboursOf(sections, { slug: 'a', page: 0 })).toEqual({
      previous: undefined,
      next: { slug: 'b', page: 0 },
    });
    expect(neighboursOf(sections, { slug: 'b', page: 0 })).toEqual({
      previous: { slug: 'a', page: 0 },
      next: { slug: 'b', page: 1 },
    });
    expect(neighboursOf(sections, { slug: 'c', page: 0 })).toEqual({
      previous: { slug: 'b', page: 2 },
      next: undefined,
    });
    expect(neighboursOf(sections, { slug: 'nope', page: 0 })).toEqual({});
  });

  it('brings a stale page number back within the section', () => {
    expect(clampPage(7, 3)).toBe(2);
    expect(clampPage(-1, 3)).toBe(0);
    expect(clampPage(0, 0)).toBe(0);
  });

  it('finds sections by words, ignoring case and accents, with an excerpt that keeps the accents', () => {
    const sections = [
      {
        slug: 'valeurs',
        title: 'Nos valeurs',
        body: 'Audace, innovation, bienveillance, convivialité, efficacité.',
      },
      {
        slug: 'glossaire',
        title: 'Glossaire',
        body: '- **JNR** : Journée des nouveaux recrutés\n- **CCAS** : action sociale',
      },
    ];

    expect(searchBooklet(sections, 'CONVIVIALITE').map((hit) => hit.slug)).toEqual(['valeurs']);
    const [hit] = searchBooklet(sections, 'journee recrutes');
    expect(hit).toMatchObject({ slug: 'glossaire', page: 0 });
    expect(hit.excerpt).toContain('Journée des nouveaux recrutés');
    expect(searchBooklet(sections, 'piscine')).toEqual([]);
    expect(searchBooklet(sections, '  ')).toEqual([]);
  });

  it('points a search hit to the page where the word appears', () => {
    const body = `${paragraph(300)}\n\n${paragraph(300)}\n\nLe mot rare : ornithorynque.`;
    const [hit] = searchBooklet([{ slug: 'long', title: 'Long', body }], 'ornithorynque');

    expect(hit.page).toBe(paginate(body).length - 1);
    expect(hit.excerpt).toMatch(/^….*ornithorynque\.$/);
  });
});
