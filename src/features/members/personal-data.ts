import type { MembersRepository } from '../../people';
import type { PersonalDataSource } from '../../privacy/personal-data';
import type { RosterRepository } from './roster-repository';

/** The teams and group chats a person was seen in, and since when. */
export function rosterPersonalData(roster: RosterRepository): PersonalDataSource {
  return {
    name: 'roster',
    titleKey: 'members.privacy.sectionRoster',
    export: async (memberId) => roster.entriesOf(memberId),
    erase: async (memberId) => ({ erased: await roster.eraseMember(memberId) }),
  };
}

/** The person's own record: identity, profile, how to reach them. Erased last (see eraseAll). */
export function memberPersonalData(members: MembersRepository): PersonalDataSource {
  return {
    name: 'member',
    titleKey: 'members.privacy.sectionMember',
    export: async (memberId) => (await members.exportMember(memberId))?.member,
    erase: async (memberId) => ({ erased: await members.eraseMember(memberId) }),
  };
}

export function rolesPersonalData(members: MembersRepository): PersonalDataSource {
  return {
    name: 'roles',
    titleKey: 'members.privacy.sectionRoles',
    export: async (memberId) => members.grantsOf(memberId),
    // Role grants go with the member record (members.eraseMember).
    erase: async () => ({ erased: 0 }),
  };
}

/**
 * The slice's sections of "mes données", in export order. Erasure runs in reverse: the member
 * record goes after the slices registered later used its id.
 */
export function membersPersonalData(
  members: MembersRepository,
  roster: RosterRepository,
): PersonalDataSource[] {
  return [rosterPersonalData(roster), memberPersonalData(members), rolesPersonalData(members)];
}
