import { transitionTable } from '../../state-machine';

/**
 * The life of an Info Flash item, as a transition table. A member proposes it; a coordinator
 * approves or rejects it (or writes it approved at once); the digest that fixes its item set
 * publishes it. Editing keeps the status, so coordinators can correct a published item.
 */
export const itemStatuses = ['proposed', 'approved', 'rejected', 'published'] as const;

export type ItemStatus = (typeof itemStatuses)[number];

export const itemLifeCycle = transitionTable<ItemStatus>(itemStatuses, {
  proposed: ['proposed', 'approved', 'rejected'],
  approved: ['approved', 'published'],
  rejected: [],
  published: ['published'],
});

/** An item is editable while a save may leave it where it is. */
export function isEditable(status: ItemStatus): boolean {
  return itemLifeCycle.canMove(status, status);
}
