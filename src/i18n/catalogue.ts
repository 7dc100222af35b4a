/**
 * The locale files, one per namespace (a feature or a shared topic) and language:
 * `locales/<language>/<namespace>.json`. French is the reference; English must have the same keys
 * (the type below makes a missing English text a compile error).
 */
import frCommon from '../../locales/fr/common.json';
import frErrors from '../../locales/fr/errors.json';
import frEvents from '../../locales/fr/events.json';
import frGroups from '../../locales/fr/groups.json';
import frHelp from '../../locales/fr/help.json';
import frInfoFlash from '../../locales/fr/info-flash.json';
import frMembers from '../../locales/fr/members.json';
import frMissionSheets from '../../locales/fr/mission-sheets.json';
import frOnboarding from '../../locales/fr/onboarding.json';
import frPolls from '../../locales/fr/polls.json';
import frMeetups from '../../locales/fr/meetups.json';
import frTab from '../../locales/fr/tab.json';
import enCommon from '../../locales/en/common.json';
import enErrors from '../../locales/en/errors.json';
import enEvents from '../../locales/en/events.json';
import enGroups from '../../locales/en/groups.json';
import enHelp from '../../locales/en/help.json';
import enInfoFlash from '../../locales/en/info-flash.json';
import enMembers from '../../locales/en/members.json';
import enMissionSheets from '../../locales/en/mission-sheets.json';
import enOnboarding from '../../locales/en/onboarding.json';
import enPolls from '../../locales/en/polls.json';
import enMeetups from '../../locales/en/meetups.json';
import enTab from '../../locales/en/tab.json';

export const french = {
  common: frCommon,
  errors: frErrors,
  events: frEvents,
  groups: frGroups,
  help: frHelp,
  infoFlash: frInfoFlash,
  members: frMembers,
  missionSheets: frMissionSheets,
  onboarding: frOnboarding,
  polls: frPolls,
  meetups: frMeetups,
  tab: frTab,
};

export type Catalogue = typeof french;

export const english: Catalogue = {
  common: enCommon,
  errors: enErrors,
  events: enEvents,
  groups: enGroups,
  help: enHelp,
  infoFlash: enInfoFlash,
  members: enMembers,
  missionSheets: enMissionSheets,
  onboarding: enOnboarding,
  polls: enPolls,
  meetups: enMeetups,
  tab: enTab,
};
