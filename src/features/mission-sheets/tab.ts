import type { TabContributions } from '../../tab/contributions';

/** The tab's "Fiches mission" section: the bot's mission sheet of a group (`?arg=<group>`). */
export function contributeMissionSheetsToTab(tab: TabContributions): void {
  tab.view({
    name: 'fiches',
    command: 'missionSheet',
    takesArgument: true,
    label: 'missionSheets.tab.label',
    title: 'missionSheets.tab.title',
    order: 30,
  });
}
