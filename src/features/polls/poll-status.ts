/**
 * The life of a poll, as a transition table. A lead writes a draft (seen by them alone, as a
 * preview), sends it (open: members vote), and it closes at its deadline or earlier on the lead's
 * word. Nothing goes back: an open poll cannot return to draft once members may have answered, and
 * a closed poll's results are final.
 */
export const pollStatuses = ['draft', 'open', 'closed'] as const;

export type PollStatus = (typeof pollStatuses)[number];

const transitions: Record<PollStatus, readonly PollStatus[]> = {
  draft: ['open'],
  open: ['closed'],
  closed: [],
};

export function canMoveTo(from: PollStatus, to: PollStatus): boolean {
  return transitions[from].includes(to);
}

/**
 * The statuses a write may move away from to reach `to`: repositories put it in their filter, so
 * the database applies the table atomically (two closings at once close once).
 */
export function statusesLeadingTo(to: PollStatus): PollStatus[] {
  return pollStatuses.filter((from) => canMoveTo(from, to));
}
