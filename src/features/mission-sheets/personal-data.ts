import type { PersonalDataSource } from '../../privacy/personal-data';
import type { MissionSheetsRepository } from './repository';

/**
 * A sheet is the group's document, not its authors': export lists the versions a person saved;
 * erasure removes their name and id from them and keeps the content.
 */
export function missionSheetsPersonalData(sheets: MissionSheetsRepository): PersonalDataSource {
  return {
    name: 'missionSheets',
    titleKey: 'missionSheets.privacySection',
    async export(memberId) {
      return (await sheets.versionsSavedBy(memberId)).map((version) => ({
        group: version.groupSlug,
        version: version.version,
        savedAt: version.savedAt.toISOString(),
      }));
    },
    async erase(memberId) {
      const erased = await sheets.eraseAuthor(memberId);
      // Nothing kept to explain to someone who never edited a sheet.
      return erased > 0 ? { erased, keptReasonKey: 'missionSheets.privacyKept' } : { erased };
    },
  };
}
