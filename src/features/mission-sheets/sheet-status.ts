import { transitionTable } from '../../state-machine';

/**
 * The life of a mission sheet, as a transition table. A sheet is written as a draft (seen by the
 * group's team only), published (active, public to every member), then closed (done) when the
 * group's work ends; a done sheet can be reopened. Once public, a sheet never goes back to draft:
 * members may rely on it, and rework happens in place with every version kept.
 */
export const sheetStatuses = ['draft', 'active', 'done'] as const;

export type SheetStatus = (typeof sheetStatuses)[number];

/** For each status, the statuses a save may lead to; staying put (editing the content) is always allowed. */
export const sheetLifeCycle = transitionTable<SheetStatus>(sheetStatuses, {
  draft: ['draft', 'active'],
  active: ['active', 'done'],
  done: ['done', 'active'],
});
