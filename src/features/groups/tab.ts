import type { TabContributions } from '../../tab/contributions';

/** The tab's "Groupes" section: the bot's directory of working groups. */
export function contributeGroupsToTab(tab: TabContributions): void {
  tab.view({
    name: 'groupes',
    command: 'groups',
    takesArgument: false,
    label: 'groups.tab.label',
    title: 'groups.tab.title',
    order: 20,
  });
}
