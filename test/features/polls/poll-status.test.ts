import {
  isFinal,
  pollLifeCycle,
  pollStatuses,
  type PollStatus,
} from '../../../src/features/polls/poll-status';

describe('poll status', () => {
  /** Every pair, written out: a change to the table must change this test too. */
  const expected: Array<[PollStatus, PollStatus, boolean]> = [
    ['draft', 'draft', false],
    ['draft', 'open', true],
    ['draft', 'closed', false],
    ['open', 'draft', false],
    ['open', 'open', false],
    ['open', 'closed', true],
    ['closed', 'draft', false],
    ['closed', 'open', false],
    ['closed', 'closed', false],
  ];

  it('covers every pair of statuses', () => {
    const pairs = pollStatuses.flatMap((from) => pollStatuses.map((to) => `${from}→${to}`));
    expect(expected.map(([from, to]) => `${from}→${to}`).sort()).toEqual(pairs.sort());
  });

  it.each(expected)('%s → %s allowed: %s', (from, to, allowed) => {
    expect(pollLifeCycle.canMove(from, to)).toBe(allowed);
  });

  it('gives the repositories, for each target, exactly the statuses allowed to reach it', () => {
    expect(pollLifeCycle.leadingTo('open')).toEqual(['draft']);
    expect(pollLifeCycle.leadingTo('closed')).toEqual(['open']);
    expect(pollLifeCycle.leadingTo('draft')).toEqual([]);
  });

  it('treats an open poll as final from its deadline on, before the closing job has run', () => {
    const deadline = new Date('2026-12-04T17:00:00Z');
    const at = (iso: string) => new Date(iso);

    expect(isFinal({ status: 'open', deadline }, at('2026-12-04T16:59:59Z'))).toBe(false);
    expect(isFinal({ status: 'open', deadline }, deadline)).toBe(true);
    expect(isFinal({ status: 'closed', deadline }, at('2026-12-01T00:00:00Z'))).toBe(true);
  });
});
