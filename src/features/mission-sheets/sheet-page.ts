import { type GroupsRepository, can, type Actor, type MembersRepository } from '../../people';
import type { MissionSheetsRepository } from './repository';
import type { SheetPage } from './sheet-view';
import { missionSheetPermissions } from './permissions';

export interface SheetPageSources {
  sheets: MissionSheetsRepository;
  groups: GroupsRepository;
  members: MembersRepository;
}

/**
 * Gathers what the sheet card shows: the stored sheet, and the leads, HR referents and member
 * count, which come from role grants and memberships (never copied into the sheet, so they
 * cannot drift). Undefined when the group does not exist.
 */
export async function loadSheetPage(
  sources: SheetPageSources,
  groupSlug: string,
): Promise<SheetPage | undefined> {
  const { sheets, groups, members } = sources;
  const group = await groups.findGroup(groupSlug);
  if (!group) return undefined;
  const [sheet, leadGrants, referentGrants, memberCounts] = await Promise.all([
    sheets.findSheet(groupSlug),
    members.grantsFor('lead', groupSlug),
    members.grantsFor('hrReferent', groupSlug),
    groups.countMembers(),
  ]);
  const people = await members.findByIds([...leadGrants, ...referentGrants].map((grant) => grant.memberId));
  const nameOf = new Map(people.map((person) => [person.id, person.displayName]));
  const namesOf = (grants: typeof leadGrants) =>
    grants
      .map((grant) => nameOf.get(grant.memberId))
      .filter((name): name is string => name !== undefined)
      .sort((a, b) => a.localeCompare(b, 'fr'));
  return {
    group,
    sheet,
    leadNames: namesOf(leadGrants),
    hrReferentNames: namesOf(referentGrants),
    memberCount: memberCounts.get(groupSlug) ?? 0,
  };
}

/** Active and done sheets are public to every member; a draft (or no sheet yet) only to the group's team. */
export function canReadSheet(actor: Actor, page: SheetPage): boolean {
  const status = page.sheet?.status ?? 'draft';
  return status !== 'draft' || can(actor, missionSheetPermissions.readDraftMissionSheet, page.group.slug);
}
