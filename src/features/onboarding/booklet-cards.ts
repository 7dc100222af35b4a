import { renderCard, type AdaptiveCardJson } from '../../cards/render-card';
import { AppError } from '../../errors';
import type { Translator } from '../../i18n/translator';
import { clampPage, neighboursOf, paginate, searchBooklet, type BookletPosition } from './booklet-pages';
import type { BookletSection } from './repository';

/** How many search results a card lists; the booklet has a handful of sections. */
const maxHits = 8;

export function renderBookletContents(t: Translator, sections: readonly BookletSection[]): AdaptiveCardJson {
  return renderCard(
    'onboarding/booklet-contents',
    {
      sections: sections.map((section, index) => ({
        number: index + 1,
        slug: section.slug,
        title: section.title,
      })),
    },
    t,
  );
}

/**
 * One page of a section, with Previous / Next across the whole booklet. A page number from an
 * old card (the section got shorter since) is brought back within the section.
 */
export function renderBookletPage(
  t: Translator,
  sections: readonly BookletSection[],
  asked: BookletPosition,
  notice = '',
): AdaptiveCardJson {
  const section = sections.find((candidate) => candidate.slug === asked.slug);
  if (!section)
    throw new AppError('NOT_FOUND', { what: { messageKey: 'onboarding.booklet.unknownSection' } });
  const pages = paginate(section.body);
  const position = { slug: section.slug, page: clampPage(asked.page, pages.length) };
  const { previous, next } = neighboursOf(
    sections.map((candidate) => ({
      slug: candidate.slug,
      pageCount: candidate === section ? pages.length : paginate(candidate.body).length,
    })),
    position,
  );
  return renderCard(
    'onboarding/booklet-section',
    {
      notice,
      title: section.title,
      pageLine:
        pages.length > 1
          ? t('onboarding.booklet.page', { page: position.page + 1, pages: pages.length })
          : '',
      text: pages[position.page],
      hasPrevious: previous !== undefined,
      previousSlug: previous?.slug ?? '',
      previousPage: previous?.page ?? 0,
      hasNext: next !== undefined,
      nextSlug: next?.slug ?? '',
      nextPage: next?.page ?? 0,
    },
    t,
  );
}

/** Search results, or undefined when nothing matches (the caller answers with a short text). */
export function renderBookletSearch(
  t: Translator,
  sections: readonly BookletSection[],
  query: string,
): AdaptiveCardJson | undefined {
  const hits = searchBooklet(sections, query);
  if (hits.length === 0) return undefined;
  return renderCard(
    'onboarding/booklet-search',
    {
      title: t('onboarding.booklet.searchTitle', { query }),
      summary: t('onboarding.booklet.searchCount', { count: hits.length }),
      hits: hits.slice(0, maxHits),
    },
    t,
  );
}

export function renderSectionEditCard(t: Translator, section: BookletSection, notice = ''): AdaptiveCardJson {
  return renderCard(
    'onboarding/section-edit',
    { notice, slug: section.slug, title: section.title, body: section.body },
    t,
  );
}
