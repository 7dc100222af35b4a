import type { GroupsRepository } from '../../people';
import type { PersonalDataSource } from '../../privacy/personal-data';

/** The groups a person belongs to, since when; erased with them. */
export function groupsPersonalData(groups: GroupsRepository): PersonalDataSource {
  return {
    name: 'groups',
    titleKey: 'groups.privacySection',
    export: async (memberId) => groups.groupsOf(memberId),
    erase: async (memberId) => ({ erased: await groups.eraseMember(memberId) }),
  };
}
