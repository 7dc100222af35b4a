import { renderCard, type AdaptiveCardJson } from '../../cards/render-card';
import { calendarDayIn, formatCalendarDay } from '../../i18n/calendar';
import type { Translator } from '../../i18n/translator';
import {
  renderDigestPart,
  renderParts,
  splitIntoParts,
  type DigestContent,
  type ReaderView,
} from './digest-cards';
import type { GroupChoice, ItemView } from './item-service';
import type { DigestReads, ReadingPlace } from './publishing-service';
import type { DigestRecord, ItemRecord } from './repository';

/** Cards of the slice: each takes the person's translator and the data a service returned. */

function dayOf(instant: Date, t: Translator, timeZone: string): string {
  return formatCalendarDay(calendarDayIn(instant, timeZone), t.locale);
}

export function renderNotice(text: string, t: Translator): AdaptiveCardJson {
  return renderCard('info-flash/notice', { text }, t);
}

export function renderItemForm(
  t: Translator,
  form: { heading: string; intro: string; groups: GroupChoice[]; item?: ItemRecord },
): AdaptiveCardJson {
  const { item } = form;
  return renderCard(
    'info-flash/item-form',
    {
      notice: '',
      heading: form.heading,
      intro: form.intro,
      itemId: item?.id ?? '',
      title: item?.title ?? '',
      text: item?.text ?? '',
      link: item?.link ?? '',
      groupSlug: item?.groupSlug ?? '',
      groups: form.groups,
    },
    t,
  );
}

export function renderReview(
  t: Translator,
  { item, groupTitle }: ItemView,
  noticeText = '',
): AdaptiveCardJson {
  return renderCard(
    'info-flash/review',
    {
      notice: noticeText,
      heading: t('infoFlash.review.title', { name: item.authorName ?? '—' }),
      itemId: item.id,
      title: item.title,
      text: item.text,
      group: t('infoFlash.review.group', { group: groupTitle ?? t('infoFlash.digest.wholeNetwork') }),
      link: item.link ? t('infoFlash.review.link', { link: item.link }) : '',
    },
    t,
  );
}

/** The review card, or a notice when someone already decided. */
export function renderReviewOrNotice(t: Translator, view: ItemView, noticeText = ''): AdaptiveCardJson {
  const { item } = view;
  if (item.status === 'proposed') return renderReview(t, view, noticeText);
  return renderNotice(
    t('infoFlash.review.alreadyDecided', {
      title: item.title,
      status: t(`infoFlash.statuses.${item.status}`),
    }),
    t,
  );
}

export function renderPending(t: Translator, items: readonly ItemRecord[]): AdaptiveCardJson {
  return renderCard(
    'info-flash/pending',
    {
      items: items.map((item) => ({
        itemId: item.id,
        line: t('infoFlash.review.pendingLine', { title: item.title, name: item.authorName ?? '—' }),
      })),
    },
    t,
  );
}

export function renderArchives(
  t: Translator,
  archives: { digests: readonly DigestRecord[]; canManage: boolean },
  timeZone: string,
): AdaptiveCardJson {
  return renderCard(
    'info-flash/archives',
    {
      canManage: archives.canManage,
      digests: archives.digests.map((digest) => {
        const withdrawn = digest.state === 'withdrawn';
        const params = {
          number: digest.number,
          date: dayOf(digest.itemsFixedAt, t, timeZone),
          count: digest.items.length,
        };
        return {
          digestId: digest.id,
          withdrawn,
          line: t(withdrawn ? 'infoFlash.archives.withdrawnLine' : 'infoFlash.archives.line', params),
        };
      }),
    },
    t,
  );
}

function placeName(place: ReadingPlace, t: Translator): string {
  return place.kind === 'channel'
    ? t('infoFlash.reads.channel', { name: place.name })
    : t('infoFlash.reads.personal');
}

export function renderReads(
  t: Translator,
  reads: readonly DigestReads[],
  timeZone: string,
): AdaptiveCardJson {
  return renderCard(
    'info-flash/reads',
    {
      digests: reads.map(({ digest, total, places }) => ({
        line: t('infoFlash.reads.digestLine', {
          number: digest.number,
          date: dayOf(digest.itemsFixedAt, t, timeZone),
          count: total,
        }),
        channels: places.map(({ place, count }) => ({
          line: t('infoFlash.reads.channelLine', { channel: placeName(place, t), count }),
        })),
      })),
    },
    t,
  );
}

export function renderCorrectionChoices(t: Translator, digest: DigestRecord): AdaptiveCardJson {
  return renderCard(
    'info-flash/correct',
    {
      title: t('infoFlash.correct.title', { number: digest.number }),
      items: digest.items.map((item) => ({ itemId: item.itemId, title: item.title })),
    },
    t,
  );
}

export function renderSubscribeOffer(t: Translator): AdaptiveCardJson {
  return renderCard('info-flash/subscribe-offer', {}, t);
}

function contentOfDigest(digest: DigestRecord): DigestContent {
  return {
    digestId: digest.id,
    number: digest.number,
    periodFrom: digest.periodFrom,
    periodTo: digest.itemsFixedAt,
    items: digest.items,
  };
}

/**
 * The digest as one person sees it (their language, their read state), following its stored
 * partition; `only` picks one part (clamped to the parts there are), as a card click answers.
 */
export function renderPersonalParts(
  t: Translator,
  digest: DigestRecord,
  reader: ReaderView,
  timeZone: string,
  only?: number,
): AdaptiveCardJson[] {
  const partition = digest.parts.map((part) => part.itemIds);
  const options = { t, timeZone };
  if (only === undefined) return renderParts(contentOfDigest(digest), partition, reader, options);
  const index = Math.min(Math.max(only, 1), partition.length) - 1;
  return [
    renderDigestPart(
      contentOfDigest(digest),
      partition[index],
      { part: index + 1, parts: partition.length },
      reader,
      options,
    ),
  ];
}

/** The coordinators' preview: split as the channels would get it, without read buttons. */
export function renderPreviewParts(
  t: Translator,
  content: DigestContent,
  timeZone: string,
): AdaptiveCardJson[] {
  const reader: ReaderView = {
    readCount: 0,
    hasRead: false,
    shared: false,
    refreshUserIds: [],
    preview: true,
  };
  const options = { t, timeZone };
  return renderParts(content, splitIntoParts(content, reader, options), reader, options);
}
