import type { Feature } from '../../bot/feature';
import { missionSheetCardActions } from './card-actions';
import { missionSheetCommands } from './commands';
import { missionSheetPermissions } from './permissions';
import { missionSheetsPersonalData } from './personal-data';
import { createMissionSheetsRepository } from './repository';
import { seedDemoSheets } from './seed';
import type { MissionSheetDependencies } from './service';
import { contributeMissionSheetsToTab } from './tab';

/** "Fiches mission": each group's mission sheet, versioned, a draft until its team publishes it. */
export const missionSheetsFeature: Feature = {
  name: 'missionSheets',

  async register({ router, people, database, clock, config, personalData, tab }) {
    const sheets = await createMissionSheetsRepository(database.connection);
    contributeMissionSheetsToTab(tab);
    const deps: MissionSheetDependencies = {
      sheets,
      groups: people.groups,
      members: people.members,
      loadActor: people.loadActor,
      clock,
      timeZone: config.timezone,
    };
    people.permissions.add(missionSheetPermissions);
    for (const command of missionSheetCommands(deps)) router.command(command);
    for (const action of missionSheetCardActions(deps)) router.cardAction(action);
    personalData.add(missionSheetsPersonalData(sheets));
  },

  async seed({ database, clock }) {
    const sheets = await createMissionSheetsRepository(database.connection);
    await seedDemoSheets(database.connection, sheets, clock.now());
  },
};
