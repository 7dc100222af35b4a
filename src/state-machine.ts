/**
 * A state machine as a transition table: for each state, the states one write may lead to. The
 * four life cycles (polls, mission sheets, Info Flash items and digests, events) are declared with
 * it, so "may this move?" and "which states may a write start from?" are answered one way.
 */
export interface TransitionTable<State extends string> {
  readonly states: readonly State[];
  canMove(from: State, to: State): boolean;
  /** The states reachable from `from` in one write (including itself when staying is allowed). */
  next(from: State): readonly State[];
  /**
   * The states a write may move away from to reach `to`: repositories put them in their filter, so
   * the database applies the table atomically (two closings at once close once).
   */
  leadingTo(to: State): State[];
}

export function transitionTable<State extends string>(
  states: readonly State[],
  transitions: Record<State, readonly State[]>,
): TransitionTable<State> {
  const canMove = (from: State, to: State) => transitions[from].includes(to);
  return {
    states,
    canMove,
    next: (from) => transitions[from],
    leadingTo: (to) => states.filter((from) => canMove(from, to)),
  };
}
