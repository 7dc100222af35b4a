import {
  sheetLifeCycle,
  sheetStatuses,
  type SheetStatus,
} from '../../../src/features/mission-sheets/sheet-status';

describe('sheet status', () => {
  /** Every pair, written out: a change to the table must change this test too. */
  const expected: Array<[SheetStatus, SheetStatus, boolean]> = [
    ['draft', 'draft', true],
    ['draft', 'active', true],
    ['draft', 'done', false],
    ['active', 'draft', false],
    ['active', 'active', true],
    ['active', 'done', true],
    ['done', 'draft', false],
    ['done', 'active', true],
    ['done', 'done', true],
  ];

  it('covers every pair of statuses', () => {
    const pairs = sheetStatuses.flatMap((from) => sheetStatuses.map((to) => `${from}→${to}`));
    expect(expected.map(([from, to]) => `${from}→${to}`).sort()).toEqual(pairs.sort());
  });

  it.each(expected)('%s → %s allowed: %s', (from, to, allowed) => {
    expect(sheetLifeCycle.canMove(from, to)).toBe(allowed);
  });

  it('offers in the form exactly the statuses a save may reach, the current one first', () => {
    for (const from of sheetStatuses) {
      expect(sheetLifeCycle.next(from)[0]).toBe(from);
      expect([...sheetLifeCycle.next(from)].sort()).toEqual(
        sheetStatuses.filter((to) => sheetLifeCycle.canMove(from, to)).sort(),
      );
    }
  });
});
