import type { TabContributions } from '../../tab/contributions';
import { eventFigures } from './figures';
import type { EventsRepository } from './repository';

/** The tab's "Agenda" section (the bot's agenda card) and the attendance figures. */
export function contributeEventsToTab(tab: TabContributions, events: EventsRepository): void {
  tab.view({
    name: 'agenda',
    command: 'event.agenda',
    takesArgument: false,
    label: 'events.tab.label',
    title: 'events.tab.title',
    order: 60,
  });
  tab.figures('events', ({ members, now }) => eventFigures(events, members, now));
}
