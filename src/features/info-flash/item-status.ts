/**
 * The life of an Info Flash item, as a transition table. A member proposes it; a coordinator
 * approves or rejects it (or writes it approved at once); the digest that fixes its item set
 * publishes it. Editing keeps the status, so coordinators can correct a published item.
 */
export const itemStatuses = ['proposed', 'approved', 'rejected', 'published'] as const;

export type ItemStatus = (typeof itemStatuses)[number];

const transitions: Record<ItemStatus, readonly ItemStatus[]> = {
  proposed: ['proposed', 'approved', 'rejected'],
  approved: ['approved', 'published'],
  rejected: [],
  published: ['published'],
};

export function canMoveItem(from: ItemStatus, to: ItemStatus): boolean {
  return transitions[from].includes(to);
}

/** Statuses from which an item may still be edited (its status unchanged). */
export function isEditable(status: ItemStatus): boolean {
  return canMoveItem(status, status);
}
