import { eventLifeCycle, eventStatuses } from '../../../src/features/events/status';

describe('event status', () => {
  const allowed = new Set(['draft→published', 'published→cancelled']);

  it.each(eventStatuses.flatMap((from) => eventStatuses.map((to) => [from, to] as const)))(
    'allows %s → %s only if the table says so',
    (from, to) => {
      expect(eventLifeCycle.canMove(from, to)).toBe(allowed.has(`${from}→${to}`));
    },
  );

  it('lets a write reach a status only from the statuses leading to it', () => {
    expect(eventLifeCycle.leadingTo('published')).toEqual(['draft']);
    expect(eventLifeCycle.leadingTo('cancelled')).toEqual(['published']);
    expect(eventLifeCycle.leadingTo('draft')).toEqual([]);
  });
});
