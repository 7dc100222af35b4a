import { transitionTable } from '../../state-machine';

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

export const digestLifeCycle = transitionTable<DigestState>(digestStates, {
  building: ['ready'],
  ready: ['sending'],
  sending: ['sent', 'withdrawn'],
  sent: ['withdrawn'],
  withdrawn: [],
});

/** States of a digest whose delivery is not over (a restart resumes them). */
export const unfinishedStates: readonly DigestState[] = ['building', 'ready', 'sending'];
