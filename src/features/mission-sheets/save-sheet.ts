import type { MissionSheetsRepository, SheetRecord } from './repository';
import type { SheetAuthor, SheetContent } from './sheet-content';
import type { SheetForm } from './sheet-form';
import { sheetLifeCycle, type SheetStatus } from './sheet-status';

export type SaveOutcome =
  | { kind: 'saved'; sheet: SheetRecord }
  | { kind: 'unchanged'; sheet: SheetRecord }
  /** Someone saved since the form was built: nothing was written. */
  | { kind: 'stale' }
  | { kind: 'refusedTransition'; from: SheetStatus; to: SheetStatus };

function sameContent(a: SheetContent, b: SheetContent): boolean {
  const comparable = ({ status, objective, context, deliverables, milestones }: SheetContent) =>
    JSON.stringify([
      status,
      objective,
      context,
      deliverables,
      milestones.map(({ date, title }) => [date, title]),
    ]);
  return comparable(a) === comparable(b);
}

/**
 * Saves the form as the next version of the group's sheet. The status transition is checked
 * against the sheet read at the form's version; the write only applies if the sheet is still at
 * that version, so the status cannot have moved in between.
 */
export async function saveSheet(
  sheets: MissionSheetsRepository,
  save: { form: SheetForm; author: SheetAuthor; now: Date },
): Promise<SaveOutcome> {
  const { form, author, now } = save;
  const current = await sheets.findSheet(form.groupSlug);
  if ((current?.version ?? 0) !== form.version) return { kind: 'stale' };
  const from = current?.status ?? 'draft';
  if (!sheetLifeCycle.canMove(from, form.content.status))
    return { kind: 'refusedTransition', from, to: form.content.status };
  if (current && sameContent(current, form.content)) return { kind: 'unchanged', sheet: current };
  const saved = await sheets.saveSheetVersion({
    groupSlug: form.groupSlug,
    expectedVersion: form.version,
    content: form.content,
    savedBy: author,
    savedAt: now,
  });
  return saved ? { kind: 'saved', sheet: saved } : { kind: 'stale' };
}
