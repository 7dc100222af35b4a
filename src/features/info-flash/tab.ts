import type { Outbox } from '../../delivery/outbox';
import type { TabContributions } from '../../tab/contributions';
import { infoFlashFigures } from './figures';
import type { InfoFlashRepository } from './repository';

/** The tab's "Info Flash" section (the latest digest) and the deliveries' figures. */
export function contributeInfoFlashToTab(
  tab: TabContributions,
  outbox: Outbox,
  infoFlash: InfoFlashRepository,
): void {
  tab.view({
    name: 'info-flash',
    command: 'infoFlash.latest',
    takesArgument: false,
    label: 'infoFlash.tab.label',
    title: 'infoFlash.tab.title',
    order: 40,
  });
  tab.figures('infoFlash', () => infoFlashFigures(outbox, infoFlash));
}
