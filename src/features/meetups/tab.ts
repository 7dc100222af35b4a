import type { TabContributions } from '../../tab/contributions';
import { meetupFigures } from './figures';
import type { MeetupsRepository } from './repository';

/** The tab's "Rencontres" section (the bot's meetups card) and the meetups figures. */
export function contributeMeetupsToTab(tab: TabContributions, meetups: MeetupsRepository): void {
  tab.view({
    name: 'rencontres',
    command: 'meetups',
    takesArgument: false,
    label: 'meetups.tab.label',
    title: 'meetups.tab.title',
    order: 70,
  });
  tab.figures('meetups', () => meetupFigures(meetups));
}
