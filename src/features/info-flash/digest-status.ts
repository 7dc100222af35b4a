/**
 * The life of a digest, as a transition table:
 * - `building`: its item set is being fixed (the cutoff `itemsFixedAt` is stored first);
 * - `ready`: items fixed, card parts rendered and stored: a restart sends these, never rebuilds;
 * - `sending`: one outbox delivery per subscribed channel is enqueued;
 * - `sent`: every delivery finished (sent or failed for good), failures reported;
 * - `withdrawn`: a coordinator took it back; its posts are deleted through the outbox.
 */
export const digestStates = ['building', 'ready', 'sending', 'sent', 'withdrawn'] as const;

export type DigestState = (typeof digestStates)[number];

const transitions: Record<DigestState, readonly DigestState[]> = {
  building: ['ready'],
  ready: ['sending'],
  sending: ['sent', 'withdrawn'],
  sent: ['withdrawn'],
  withdrawn: [],
};

export function canMoveDigest(from: DigestState, to: DigestState): boolean {
  return transitions[from].includes(to);
}

/** The states a transition to `to` may start from, for the filter of an atomic update. */
export function statesLeadingTo(to: DigestState): DigestState[] {
  return digestStates.filter((from) => canMoveDigest(from, to));
}

/** States in which the digest is out (or going out) to channels. */
export const publishedStates: readonly DigestState[] = ['sending', 'sent'];

/** States a run must carry on after a crash. */
export const unfinishedStates: readonly DigestState[] = ['building', 'ready', 'sending'];
