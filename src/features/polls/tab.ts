import type { TabContributions } from '../../tab/contributions';
import { pollFigures } from './figures';
import type { PollsRepository } from './repository';

/** The tab's "Sondages" section (the bot's list of my polls) and the participation figures. */
export function contributePollsToTab(tab: TabContributions, polls: PollsRepository): void {
  tab.view({
    name: 'sondages',
    command: 'poll.list',
    takesArgument: false,
    label: 'polls.tab.label',
    title: 'polls.tab.title',
    order: 50,
  });
  tab.figures('polls', () => pollFigures(polls));
}
