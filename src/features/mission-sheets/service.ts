import type { Clock } from '../../clock';
import { AppError } from '../../errors';
import type { Logger } from '../../logging';
import {
  can,
  ensureAllowed,
  resolveGroup,
  type Actor,
  type ActorLoader,
  type GroupRecord,
  type GroupsRepository,
  type MembersRepository,
} from '../../people';
import { missionSheetPermissions } from './permissions';
import type { MissionSheetsRepository, SheetRecord, SheetVersionRecord } from './repository';
import type { SheetAuthor, SheetContent } from './sheet-content';
import { readSheetForm, type FormProblem, type SheetForm } from './sheet-form';
import { canReadSheet, loadSheetPage } from './sheet-page';
import { sheetLifeCycle, type SheetStatus } from './sheet-status';
import type { SheetPage } from './sheet-view';

/** Everything the mission sheet rules use; built once in the slice's register. */
export interface MissionSheetDependencies {
  sheets: MissionSheetsRepository;
  groups: GroupsRepository;
  members: MembersRepository;
  loadActor: ActorLoader;
  clock: Clock;
  /** config.timezone: what "today" and displayed times mean on the cards. */
  timeZone: string;
}

/** How many versions the history card lists. */
export const historyLength = 10;

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

const notFound = () => new AppError('NOT_FOUND', { what: { messageKey: 'groups.unknownGroup' } });

async function requirePage(deps: MissionSheetDependencies, groupSlug: string): Promise<SheetPage> {
  const page = await loadSheetPage(deps, groupSlug);
  if (!page) throw notFound();
  return page;
}

/** A sheet as one person may see it: a draft stays hidden from people outside the group's team. */
export type SheetView =
  { kind: 'readable'; page: SheetPage; canEdit: boolean } | { kind: 'hiddenDraft'; page: SheetPage };

export function viewFor(actor: Actor, page: SheetPage): SheetView {
  if (!canReadSheet(actor, page)) return { kind: 'hiddenDraft', page };
  return {
    kind: 'readable',
    page,
    canEdit: can(actor, missionSheetPermissions.editMissionSheet, page.group.slug),
  };
}

/** The group's sheet, as this person may see it; NOT_FOUND for a group that does not exist. */
export async function sheetFor(
  deps: MissionSheetDependencies,
  actor: Actor,
  groupSlug: string,
): Promise<SheetView> {
  return viewFor(actor, await requirePage(deps, groupSlug));
}

/** What `fiche <groupe>` opens: the sheet of the one group named, or the groups to choose from. */
export type SheetLookup =
  | { kind: 'sheet'; view: SheetView }
  | { kind: 'choose'; reason: 'empty' | 'unknown' | 'ambiguous'; query: string; candidates: GroupRecord[] };

export async function lookUpSheet(
  deps: MissionSheetDependencies,
  actor: Actor,
  text: string,
): Promise<SheetLookup> {
  const allGroups = await deps.groups.listGroups();
  const resolution = resolveGroup(text, allGroups);
  if (resolution.kind === 'found')
    return { kind: 'sheet', view: await sheetFor(deps, actor, resolution.group.slug) };
  const query = text.trim().slice(0, 80);
  const ambiguous = resolution.kind === 'ambiguous';
  return {
    kind: 'choose',
    reason: query === '' ? 'empty' : ambiguous ? 'ambiguous' : 'unknown',
    query,
    candidates: ambiguous ? resolution.candidates : allGroups,
  };
}

/** The latest versions of a sheet, for those who may read it. */
export async function historyFor(
  deps: MissionSheetDependencies,
  actor: Actor,
  groupSlug: string,
): Promise<
  | { kind: 'history'; page: SheetPage; versions: SheetVersionRecord[] }
  | { kind: 'hiddenDraft'; page: SheetPage }
> {
  const page = await requirePage(deps, groupSlug);
  if (!canReadSheet(actor, page)) return { kind: 'hiddenDraft', page };
  return { kind: 'history', page, versions: await deps.sheets.listVersions(page.group.slug, historyLength) };
}

/** The sheet to put in the edit form, for the group's leads and the coordination. */
export async function sheetToEdit(
  deps: MissionSheetDependencies,
  actor: Actor,
  groupSlug: string,
): Promise<SheetPage> {
  ensureAllowed(actor, missionSheetPermissions.editMissionSheet, groupSlug);
  return requirePage(deps, groupSlug);
}

/** A save the sheet shows after it (saved, unchanged, or stale: someone saved since). */
export type ShownSave = Exclude<SaveOutcome, { kind: 'refusedTransition' }>;

export type FormSave =
  | { kind: 'invalid'; problems: FormProblem[] }
  | Extract<SaveOutcome, { kind: 'refusedTransition' }>
  | { kind: 'shown'; outcome: ShownSave; view: SheetView };

/**
 * The edit form's save. Who may save is decided from the stored roles of the person who clicked,
 * before the form is read; a first save creates the sheet, only for a group that exists.
 */
export async function saveSheetForm(
  deps: MissionSheetDependencies,
  save: { actor: Actor; groupSlug: string; data: unknown; now: Date; log: Pick<Logger, 'info'> },
): Promise<FormSave> {
  const { actor, now, log } = save;
  ensureAllowed(actor, missionSheetPermissions.editMissionSheet, save.groupSlug);
  const read = readSheetForm(save.data);
  if (!read.ok) return { kind: 'invalid', problems: read.problems };
  const { form } = read;
  if (!(await deps.groups.findGroup(form.groupSlug))) throw notFound();
  const author: SheetAuthor = { kind: 'member', memberId: actor.member.id, name: actor.member.displayName };
  const outcome = await saveSheet(deps.sheets, { form, author, now });
  if (outcome.kind === 'stale') {
    log.info(
      { code: 'CONFLICT', groupSlug: form.groupSlug, formVersion: form.version },
      'stale mission sheet save refused; showing the current version',
    );
  }
  if (outcome.kind === 'refusedTransition') return outcome;
  return { kind: 'shown', outcome, view: viewFor(actor, await requirePage(deps, form.groupSlug)) };
}
