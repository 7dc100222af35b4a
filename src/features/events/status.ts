import { transitionTable } from '../../state-machine';

/**
 * The life of an event, as a transition table. An organiser writes a draft (a preview seen by
 * them alone), publishes it (invitations go out, people answer), and may cancel it afterwards
 * (everyone registered is told). A cancelled event never comes back: its calendar files say
 * METHOD:CANCEL, and reopening it would leave people with contradicting invitations.
 */
export const eventStatuses = ['draft', 'published', 'cancelled'] as const;

export type EventStatus = (typeof eventStatuses)[number];

export const eventLifeCycle = transitionTable<EventStatus>(eventStatuses, {
  draft: ['published'],
  published: ['cancelled'],
  cancelled: [],
});
