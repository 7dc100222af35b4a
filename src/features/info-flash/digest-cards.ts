import { renderCard, type AdaptiveCardJson } from '../../cards/render-card';
import type { Translator } from '../../i18n/translator';
import { calendarDayIn, formatCalendarDay } from '../../i18n/calendar';
import type { DigestItem, DigestPart } from './repository';

/** Teams refuses card messages above about 28 KB: the long-standing budget of a card. */
export const cardBudgetBytes = 28 * 1024;

/**
 * Parts are filled up to this only, leaving room for what changes after the split: the part
 * numbers, the reader's own line, the other language, a correction that lengthens a text.
 */
export const partTargetBytes = 22 * 1024;

/** What a digest card shows, whatever the reader: the snapshot stored when the items were fixed. */
export interface DigestContent {
  digestId: string;
  number: number;
  periodFrom: Date;
  periodTo: Date;
  items: readonly DigestItem[];
}

/** What changes from one reader (or channel) to the next. */
export interface ReaderView {
  readCount: number;
  hasRead: boolean;
  /** Cards in channels and group chats refresh for up to 60 listed people (their own view). */
  shared: boolean;
  refreshUserIds: readonly string[];
  preview?: boolean;
  /** Withdrawn digests and previews are not acknowledged. */
  canAcknowledge?: boolean;
}

export interface DigestRenderOptions {
  t: Translator;
  timeZone: string;
}

export const channelView = (refreshUserIds: readonly string[]): ReaderView => ({
  readCount: 0,
  hasRead: false,
  shared: true,
  refreshUserIds,
});

export function byteSize(card: AdaptiveCardJson): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}

/** Whole-network news first, then each group in its display order; items keep their order within. */
export function orderItems(items: readonly DigestItem[]): DigestItem[] {
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => a.item.sectionOrder - b.item.sectionOrder || a.index - b.index)
    .map(({ item }) => item);
}

function sectionsOf(items: readonly DigestItem[], t: Translator) {
  const sections: Array<{ heading: string; items: Array<Record<string, unknown>> }> = [];
  for (const item of orderItems(items)) {
    const heading = item.sectionTitle ?? t('infoFlash.digest.wholeNetwork');
    let section = sections.at(-1);
    if (section?.heading !== heading) {
      section = { heading, items: [] };
      sections.push(section);
    }
    section.items.push({
      title: item.title,
      text: item.text,
      hasLink: Boolean(item.link),
      link: item.link ?? '',
    });
  }
  return sections;
}

/** Renders one part of a digest: the given items, titled "Info Flash" or "Info Flash (2/3)". */
export function renderDigestPart(
  content: DigestContent,
  itemIds: readonly string[],
  position: { part: number; parts: number },
  reader: ReaderView,
  { t, timeZone }: DigestRenderOptions,
): AdaptiveCardJson {
  const wanted = new Set(itemIds);
  const day = (instant: Date) => formatCalendarDay(calendarDayIn(instant, timeZone), t.locale);
  return renderCard(
    'info-flash/digest',
    {
      digestId: content.digestId,
      part: String(position.part),
      title:
        position.parts > 1
          ? t('infoFlash.digest.titlePart', { part: position.part, parts: position.parts })
          : t('infoFlash.digest.title'),
      subtitle: t('infoFlash.digest.subtitle', {
        number: content.number,
        from: day(content.periodFrom),
        to: day(content.periodTo),
      }),
      sections: sectionsOf(
        content.items.filter((item) => wanted.has(item.itemId)),
        t,
      ),
      preview: reader.preview ?? false,
      canAcknowledge: reader.canAcknowledge ?? !reader.preview,
      hasRead: reader.hasRead,
      readBy: t('infoFlash.digest.readBy', { count: reader.readCount }),
      shared: reader.shared,
    },
    t,
    reader.refreshUserIds,
  );
}

/**
 * Splits the items over as few parts as fit the size target, in display order, measuring the
 * rendered JSON. Nothing is ever cut: an item too large for a card on its own is an error.
 */
export function splitIntoParts(
  content: DigestContent,
  reader: ReaderView,
  options: DigestRenderOptions,
): string[][] {
  const measure = (itemIds: string[]) =>
    byteSize(renderDigestPart(content, itemIds, { part: 99, parts: 99 }, reader, options));
  const parts: string[][] = [];
  let current: string[] = [];
  for (const item of orderItems(content.items)) {
    const candidate = [...current, item.itemId];
    if (current.length > 0 && measure(candidate) > partTargetBytes) {
      parts.push(current);
      current = [item.itemId];
    } else {
      current = candidate;
    }
  }
  if (current.length > 0) parts.push(current);
  for (const part of parts) {
    if (measure(part) > cardBudgetBytes) {
      throw new Error(`Info Flash item ${part[0]} does not fit in a card of ${cardBudgetBytes} bytes`);
    }
  }
  return parts;
}

/** Renders every part for a reader, following a stored partition. */
export function renderParts(
  content: DigestContent,
  partition: readonly (readonly string[])[],
  reader: ReaderView,
  options: DigestRenderOptions,
): AdaptiveCardJson[] {
  return partition.map((itemIds, index) =>
    renderDigestPart(content, itemIds, { part: index + 1, parts: partition.length }, reader, options),
  );
}

/**
 * The parts as posted to channels (stored in the digest). With `partition`, a correction keeps
 * the posts it updates; a part that would now exceed the budget is refused rather than cut.
 */
export function buildChannelParts(
  content: DigestContent,
  refreshUserIds: readonly string[],
  options: DigestRenderOptions,
  partition?: readonly (readonly string[])[],
): DigestPart[] | undefined {
  const reader = channelView(refreshUserIds);
  const itemIds = partition ?? splitIntoParts(content, reader, options);
  const cards = renderParts(content, itemIds, reader, options);
  if (cards.some((card) => byteSize(card) > cardBudgetBytes)) return undefined;
  return cards.map((card, index) => ({ itemIds: [...itemIds[index]], card }));
}
