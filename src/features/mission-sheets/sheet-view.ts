import type { MessageKey, Translator } from '../../i18n/translator';
import { type GroupRecord } from '../../people';
import { calendarDayIn, formatCalendarDay, formatInstant } from '../../i18n/calendar';
import { isPastMilestone } from './milestones';
import { emptySheetContent, type SheetAuthor } from './sheet-content';
import type { SheetStatus } from './sheet-status';
import type { SheetRecord } from './repository';

/** Everything the sheet card shows about a group: its sheet and the people roles and memberships name. */
export interface SheetPage {
  group: GroupRecord;
  /** Undefined while nobody has written the group's sheet. */
  sheet: SheetRecord | undefined;
  leadNames: string[];
  hrReferentNames: string[];
  memberCount: number;
}

export const statusNameKeys: Record<SheetStatus, MessageKey> = {
  draft: 'missionSheets.statuses.draft',
  active: 'missionSheets.statuses.active',
  done: 'missionSheets.statuses.done',
};

/** Adaptive Card text colours of the status line. */
const statusColors: Record<SheetStatus, string> = { draft: 'Warning', active: 'Good', done: 'Accent' };

export function authorName(author: SheetAuthor, t: Translator): string {
  switch (author.kind) {
    case 'member':
      return author.name;
    case 'system':
      return t('missionSheets.authors.system');
    case 'erased':
      return t('missionSheets.authors.erased');
  }
}

function memberCountText(count: number, t: Translator): string {
  if (count === 0) return t('missionSheets.sheet.memberCountNone');
  if (count === 1) return t('missionSheets.sheet.memberCountOne');
  return t('missionSheets.sheet.memberCountMany', { count });
}

function namesText(names: readonly string[], t: Translator): string {
  return names.length > 0 ? names.join(', ') : t('missionSheets.sheet.nobody');
}

/** A message shown on top of the sheet after a save: `good` when saved, `warning` when refused. */
export interface Banner {
  text: string;
  tone: 'good' | 'warning';
}

export interface SheetViewOptions {
  canEdit: boolean;
  now: Date;
  /** The network's time zone (config.timezone): what "today" and displayed times mean. */
  timeZone: string;
  t: Translator;
  banner?: Banner;
}

/**
 * The data of `cards/mission-sheets/sheet.json`. Milestones whose day is over in the network's
 * time zone (per the injected clock) are ticked and greyed out; `canEdit` only hides the button,
 * the save checks again.
 */
export function buildSheetView(page: SheetPage, options: SheetViewOptions): Record<string, unknown> {
  const { t, now, timeZone, canEdit, banner } = options;
  const content = page.sheet ?? emptySheetContent;
  const today = calendarDayIn(now, timeZone);
  return {
    groupSlug: page.group.slug,
    title: t('missionSheets.sheet.title', { group: page.group.title }),
    theme: page.group.theme,
    statusText: t(statusNameKeys[content.status]),
    statusColor: statusColors[content.status],
    hasBanner: banner !== undefined,
    bannerText: banner?.text ?? '',
    bannerStyle: banner?.tone === 'good' ? 'good' : 'warning',
    objective: content.objective || t('missionSheets.sheet.notProvided'),
    context: content.context || t('missionSheets.sheet.notProvided'),
    hasDeliverables: content.deliverables.length > 0,
    deliverables: content.deliverables.map((text) => ({ text: `• ${text}` })),
    hasMilestones: content.milestones.length > 0,
    milestones: content.milestones.map((milestone) => {
      const past = isPastMilestone(milestone, today);
      return {
        mark: past ? '✓' : '○',
        date: formatCalendarDay(milestone.date, t.locale),
        title: milestone.title,
        past,
      };
    }),
    leads: namesText(page.leadNames, t),
    hrReferents: namesText(page.hrReferentNames, t),
    memberCount: memberCountText(page.memberCount, t),
    updated: page.sheet
      ? t('missionSheets.sheet.updated', {
          date: formatInstant(page.sheet.updatedAt, t.locale, timeZone),
          author: authorName(page.sheet.updatedBy, t),
        })
      : t('missionSheets.sheet.neverUpdated'),
    canEdit,
  };
}
