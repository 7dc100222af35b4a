import { renderCard, type AdaptiveCardJson } from '../../cards/render-card';
import type { Translator } from '../../i18n/translator';
import { type GroupRecord } from '../../people';
import { formatInstant } from '../../i18n/calendar';
import { formatMilestoneLines } from './milestones';
import type { SheetVersionRecord } from './repository';
import { emptySheetContent } from './sheet-content';
import { sheetLifeCycle } from './sheet-status';
import { AppError } from '../../errors';
import type { FormSave, SheetView, ShownSave } from './service';
import { describeFormProblems } from './sheet-form';
import {
  authorName,
  buildSheetView,
  statusNameKeys,
  type Banner,
  type SheetPage,
  type SheetViewOptions,
} from './sheet-view';

export function renderSheetCard(page: SheetPage, options: SheetViewOptions): AdaptiveCardJson {
  return renderCard('mission-sheets/sheet', buildSheetView(page, options), options.t);
}

/** The form holds the version it was built from, so that the save can tell a stale form. */
export function renderEditCard(page: SheetPage, t: Translator): AdaptiveCardJson {
  const content = page.sheet ?? emptySheetContent;
  return renderCard(
    'mission-sheets/edit',
    {
      title: t('missionSheets.edit.title', { group: page.group.title }),
      groupSlug: page.group.slug,
      version: String(page.sheet?.version ?? 0),
      objective: content.objective,
      context: content.context,
      deliverables: content.deliverables.join('\n'),
      milestones: formatMilestoneLines(content.milestones),
      status: content.status,
      statuses: sheetLifeCycle.next(content.status).map((status) => ({
        title: t(statusNameKeys[status]),
        value: status,
      })),
    },
    t,
  );
}

export function renderHistoryCard(
  group: GroupRecord,
  versions: readonly SheetVersionRecord[],
  { t, timeZone }: { t: Translator; timeZone: string },
): AdaptiveCardJson {
  return renderCard(
    'mission-sheets/history',
    {
      title: t('missionSheets.history.title', { group: group.title }),
      groupSlug: group.slug,
      hasVersions: versions.length > 0,
      versions: versions.map((version) => ({
        version: t('missionSheets.history.version', { version: version.version }),
        line: t('missionSheets.history.line', {
          date: formatInstant(version.savedAt, t.locale, timeZone),
          author: authorName(version.savedBy, t),
          status: t(statusNameKeys[version.content.status]),
        }),
      })),
    },
    t,
  );
}

/** One button per candidate group, each opening that group's sheet in place of this card. */
export function renderChooseGroupCard(
  intro: string,
  groups: readonly GroupRecord[],
  t: Translator,
): AdaptiveCardJson {
  return renderCard(
    'mission-sheets/choose-group',
    { intro, groups: groups.map(({ slug, title, theme }) => ({ slug, title, theme })) },
    t,
  );
}

export function renderDraftNoticeCard(group: GroupRecord, t: Translator): AdaptiveCardJson {
  return renderCard(
    'mission-sheets/draft-notice',
    { text: t('missionSheets.draftNotice.text', { group: group.title }) },
    t,
  );
}

/** The sheet card, or the notice that the sheet is still a draft of the group's team. */
export function renderSheetView(
  view: SheetView,
  options: { now: Date; timeZone: string; t: Translator; banner?: Banner },
): AdaptiveCardJson {
  if (view.kind === 'hiddenDraft') return renderDraftNoticeCard(view.page.group, options.t);
  return renderSheetCard(view.page, { ...options, canEdit: view.canEdit });
}

/** What the save tells the person on top of the sheet it shows next. */
export function bannerOf(outcome: ShownSave, t: Translator): Banner {
  switch (outcome.kind) {
    case 'saved':
      return { tone: 'good', text: t('missionSheets.sheet.saved', { version: outcome.sheet.version }) };
    case 'unchanged':
      return { tone: 'good', text: t('missionSheets.sheet.unchanged', { version: outcome.sheet.version }) };
    case 'stale':
      return { tone: 'warning', text: new AppError('CONFLICT').describe(t) };
  }
}

/** The error a refused save shows: every problem of the form, or the status change not allowed. */
export function saveRefusal(
  refusal: Extract<FormSave, { kind: 'invalid' | 'refusedTransition' }>,
  t: Translator,
): AppError {
  if (refusal.kind === 'invalid') {
    return new AppError('INVALID_INPUT', { details: describeFormProblems(refusal.problems, t) });
  }
  return new AppError('INVALID_INPUT', {
    details: t('missionSheets.form.transition', {
      from: t(statusNameKeys[refusal.from]),
      to: t(statusNameKeys[refusal.to]),
      allowed: sheetLifeCycle
        .next(refusal.from)
        .map((status) => t(statusNameKeys[status]))
        .join(', '),
    }),
  });
}
