import { transitionTable } from '../src/state-machine';

describe('a transition table', () => {
  const lifeCycle = transitionTable(['draft', 'open', 'closed'] as const, {
    draft: ['draft', 'open'],
    open: ['closed'],
    closed: [],
  });

  it('allows exactly the moves the table lists', () => {
    expect(lifeCycle.canMove('draft', 'open')).toBe(true);
    expect(lifeCycle.canMove('draft', 'draft')).toBe(true);
    expect(lifeCycle.canMove('open', 'open')).toBe(false);
    expect(lifeCycle.canMove('closed', 'open')).toBe(false);
  });

  it('lists the states one write may lead to', () => {
    expect(lifeCycle.next('draft')).toEqual(['draft', 'open']);
    expect(lifeCycle.next('closed')).toEqual([]);
  });

  it('lists the states a write may start from to reach a state, in declaration order', () => {
    expect(lifeCycle.leadingTo('closed')).toEqual(['open']);
    expect(lifeCycle.leadingTo('draft')).toEqual(['draft']);
    expect(lifeCycle.leadingTo('open')).toEqual(['draft']);
  });
});
