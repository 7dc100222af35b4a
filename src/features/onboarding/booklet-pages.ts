import { normalizeCommandText } from '../../bot/command-text';
import { foldAccents } from '../../text';

/**
 * Characters of section text per card page. A page of 3,500 characters stays near 8 KB of card
 * JSON even with accents and markdown, far under Teams' 28 KB limit, and reads well on a phone.
 */
export const pageBudget = 3500;

/** Splits a text in pieces of at most `budget` characters, at the last space when there is one. */
function splitLongText(text: string, budget: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > budget) {
    const space = rest.lastIndexOf(' ', budget);
    const cut = space > budget / 2 ? space : budget;
    pieces.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest) pieces.push(rest);
  return pieces;
}

/**
 * Cuts a section body into pages, between paragraphs when possible, then between lines, then
 * between words: a coordinator can paste a long text and every page still fits in a card.
 */
export function paginate(body: string, budget = pageBudget): string[] {
  const blocks = body
    .replace(/\r\n/g, '\n')
    .split(/\n{2,}/)
    .map((block) => block.trim())
    .filter(Boolean)
    .flatMap((block) =>
      block.length <= budget
        ? [block]
        : block.split('\n').flatMap((line) => (line.length <= budget ? [line] : splitLongText(line, budget))),
    );
  const pages: string[] = [];
  let current = '';
  for (const block of blocks) {
    const candidate = current ? `${current}\n\n${block}` : block;
    if (candidate.length <= budget) {
      current = candidate;
    } else {
      pages.push(current);
      current = block;
    }
  }
  if (current) pages.push(current);
  return pages.length > 0 ? pages : [''];
}

export interface BookletPosition {
  slug: string;
  /** 0-based page within the section. */
  page: number;
}

/**
 * Previous and Next across the whole booklet: page by page within a section, then on to the
 * neighbouring section. Nothing before the first page, nothing after the last.
 */
export function neighboursOf(
  sections: ReadonlyArray<{ slug: string; pageCount: number }>,
  position: BookletPosition,
): { previous?: BookletPosition; next?: BookletPosition } {
  const index = sections.findIndex((section) => section.slug === position.slug);
  if (index < 0) return {};
  const { pageCount } = sections[index];
  const previous =
    position.page > 0
      ? { slug: position.slug, page: position.page - 1 }
      : index > 0
        ? { slug: sections[index - 1].slug, page: sections[index - 1].pageCount - 1 }
        : undefined;
  const next =
    position.page < pageCount - 1
      ? { slug: position.slug, page: position.page + 1 }
      : index < sections.length - 1
        ? { slug: sections[index + 1].slug, page: 0 }
        : undefined;
  return { previous, next };
}

/** A page number asked by a card (possibly stale after an edit) brought back within the section. */
export function clampPage(page: number, pageCount: number): number {
  return Math.min(Math.max(0, Math.trunc(page)), Math.max(0, pageCount - 1));
}

export interface BookletHit {
  slug: string;
  title: string;
  page: number;
  excerpt: string;
}

/**
 * Lower case without accents, character for character: positions found in the folded text are
 * positions in the original, so the excerpt keeps its accents.
 */
function fold(text: string): string {
  return [...text]
    .map((character) => {
      const folded = foldAccents(character);
      return folded.length === character.length ? folded : character;
    })
    .join('');
}

/** Words of a query, folded like command text (case, accents and punctuation ignored). */
function queryWords(query: string): string[] {
  return normalizeCommandText(query)
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length >= 2);
}

const excerptRadius = 90;

/**
 * Sections where every word of the query appears (title or text), in booklet order, each with the
 * page where the first word occurs and a short excerpt around it.
 */
export function searchBooklet(
  sections: ReadonlyArray<{ slug: string; title: string; body: string }>,
  query: string,
): BookletHit[] {
  const words = queryWords(query);
  if (words.length === 0) return [];
  return sections.flatMap((section) => {
    const haystack = fold(`${section.title}\n${section.body}`);
    if (!words.every((word) => haystack.includes(word))) return [];
    const pages = paginate(section.body);
    const pageIndex = Math.max(
      0,
      pages.findIndex((page) => fold(page).includes(words[0])),
    );
    const text = pages[pageIndex];
    const at = fold(text).indexOf(words[0]);
    const from = Math.max(0, at - excerptRadius);
    const to = at < 0 ? excerptRadius * 2 : at + words[0].length + excerptRadius;
    const excerpt = text.slice(from, to).replace(/\s+/g, ' ').trim();
    return [
      {
        slug: section.slug,
        title: section.title,
        page: pageIndex,
        excerpt: `${from > 0 ? '…' : ''}${excerpt}${to < text.length ? '…' : ''}`,
      },
    ];
  });
}
