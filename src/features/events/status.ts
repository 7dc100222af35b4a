/**
 * The life of an event, as a transition table. An organiser writes a draft (a preview seen by
 * them alone), publishes it (invitations go out, people answer), and may cancel it afterwards
 * (everyone registered is told). A cancelled event never comes back: its calendar files say
 * METHOD:CANCEL, and reopening it would leave people with contradicting invitations.
 */
export const eventStatuses = ['draft', 'published', 'cancelled'] as const;

export type EventStatus = (typeof eventStatuses)[number];

const transitions: Record<EventStatus, readonly EventStatus[]> = {
  draft: ['published'],
  published: ['cancelled'],
  cancelled: [],
};

export function canMoveTo(from: EventStatus, to: EventStatus): boolean {
  return transitions[from].includes(to);
}

/** The statuses a write may leave to reach `to`: the repository's filter applies the table atomically. */
export function statusesLeadingTo(to: EventStatus): EventStatus[] {
  return eventStatuses.filter((from) => canMoveTo(from, to));
}
