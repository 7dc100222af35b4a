import {
  digestLifeCycle,
  digestStates,
  type DigestState,
} from '../../../src/features/info-flash/digest-status';
import { itemLifeCycle, itemStatuses, type ItemStatus } from '../../../src/features/info-flash/item-status';

describe('Info Flash status tables', () => {
  const digestAllowed = new Set([
    'building>ready',
    'ready>sending',
    'sending>sent',
    'sending>withdrawn',
    'sent>withdrawn',
  ]);
  const digestPairs = digestStates.flatMap((from) =>
    digestStates.map((to) => [from, to] as [DigestState, DigestState]),
  );

  it.each(digestPairs)('digest %s → %s follows the lifecycle', (from, to) => {
    expect(digestLifeCycle.canMove(from, to)).toBe(digestAllowed.has(`${from}>${to}`));
  });

  const itemAllowed = new Set([
    'proposed>proposed',
    'proposed>approved',
    'proposed>rejected',
    'approved>approved',
    'approved>published',
    'published>published',
  ]);
  const itemPairs = itemStatuses.flatMap((from) =>
    itemStatuses.map((to) => [from, to] as [ItemStatus, ItemStatus]),
  );

  it.each(itemPairs)('item %s → %s follows the review', (from, to) => {
    expect(itemLifeCycle.canMove(from, to)).toBe(itemAllowed.has(`${from}>${to}`));
  });
});
