import type { SheetStatus } from './sheet-status';

/** A dated step of the group's calendar; `date` is a calendar day (YYYY-MM-DD), not an instant. */
export interface Milestone {
  date: string;
  title: string;
}

/** What the group writes in its sheet; leads, HR referents and members come from roles and memberships. */
export interface SheetContent {
  status: SheetStatus;
  objective: string;
  context: string;
  deliverables: string[];
  milestones: Milestone[];
}

/**
 * Who saved a version. The seed writes as the coordination; erasing a person's data replaces
 * their name by an anonymous marker but keeps the content, which belongs to the group.
 */
export type SheetAuthor =
  { kind: 'member'; memberId: string; name: string } | { kind: 'system' } | { kind: 'erased' };

/** Limits of the form, checked on the server whatever the card says. */
export const sheetLimits = {
  objective: 1000,
  context: 2000,
  deliverables: 15,
  deliverable: 200,
  milestones: 20,
  milestoneTitle: 120,
} as const;

/** What a group without a sheet shows, and what its first save starts from. */
export const emptySheetContent: SheetContent = {
  status: 'draft',
  objective: '',
  context: '',
  deliverables: [],
  milestones: [],
};
