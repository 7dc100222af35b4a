import { canMoveTo, eventStatuses, statusesLeadingTo } from '../../../src/features/events/status';

describe('event status', () => {
  const allowed = new Set(['draft→published', 'published→cancelled']);

  it.each(eventStatuses.flatMap((from) => eventStatuses.map((to) => [from, to] as const)))(
    'allows %s → %s only if the table says so',
    (from, to) => {
      expect(canMoveTo(from, to)).toBe(allowed.has(`${from}→${to}`));
    },
  );

  it('lets a write reach a status only from the statuses leading to it', () => {
    expect(statusesLeadingTo('published')).toEqual(['draft']);
    expect(statusesLeadingTo('cancelled')).toEqual(['published']);
    expect(statusesLeadingTo('draft')).toEqual([]);
  });
});
