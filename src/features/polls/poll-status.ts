import { transitionTable } from '../../state-machine';

/**
 * The life of a poll, as a transition table. A lead writes a draft (seen by them alone, as a
 * preview), sends it (open: members vote), and it closes at its deadline or earlier on the lead's
 * word. Nothing goes back: an open poll cannot return to draft once members may have answered, and
 * a closed poll's results are final.
 */
export const pollStatuses = ['draft', 'open', 'closed'] as const;

export type PollStatus = (typeof pollStatuses)[number];

export const pollLifeCycle = transitionTable<PollStatus>(pollStatuses, {
  draft: ['open'],
  open: ['closed'],
  closed: [],
});

/** Closed in the database, or past its deadline while the closing job has not run yet. */
export function isFinal(poll: { status: PollStatus; deadline: Date }, now: Date): boolean {
  return poll.status === 'closed' || poll.deadline.getTime() <= now.getTime();
}
