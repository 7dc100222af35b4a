import type { Feature } from '../bot/feature';
import { eventsFeature } from './events';
import { groupsFeature } from './groups';
import { helpFeature } from './help';
import { infoFlashFeature } from './info-flash';
import { meetupsFeature } from './meetups';
import { membersFeature } from './members';
import { missionSheetsFeature } from './mission-sheets';
import { onboardingFeature } from './onboarding';
import { pollsFeature } from './polls';

/**
 * The features this bot runs. Order matters twice: commands appear on the help card in this
 * order, and seeds run in it (members before the groups they join).
 */
export const allFeatures: Feature[] = [
  helpFeature,
  membersFeature,
  groupsFeature,
  missionSheetsFeature,
  // After members: its `member:added` listener records the people this one welcomes.
  onboardingFeature,
  pollsFeature,
  infoFlashFeature,
  eventsFeature,
  meetupsFeature,
];
