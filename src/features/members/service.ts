import type { Logger } from 'pino';
import type { Router } from '../../bot/router';
import type { TeamsProfile } from '../../bot/turn';
import { AppError } from '../../errors';
import {
  actorFrom,
  ensureAllowed,
  isProfileComplete,
  peoplePermissions,
  type Actor,
  type GroupsRepository,
  type MembersRepository,
  type RoleName,
  type Sighting,
} from '../../people';
import type { DataSubject, PersonalDataRegistry } from '../../privacy/personal-data';
import { profileFromForm, type ProfileForm } from './profile-form';

/** What the members rules need: the people's repositories and the event bus. */
export interface MembersDependencies {
  members: MembersRepository;
  groups: GroupsRepository;
  /** Publishes `member:profileCompleted` (and `group:joined` when a group role makes a member). */
  publish: Router['publish'];
  /** IX_COORDINATORS: coordinators whatever the database says. */
  configuredCoordinators: readonly string[];
  log: Logger;
}

/**
 * Records (or refreshes) the person behind a turn. On first contact, when Teams did not give an
 * email, it is asked for once: HR notices and exports need it.
 */
export async function recordSighting(
  deps: Pick<MembersDependencies, 'members'>,
  sighting: Sighting,
  fetchProfile: () => Promise<TeamsProfile | undefined>,
): Promise<void> {
  const { member, firstContact } = await deps.members.recordSighting(sighting);
  if (!firstContact || member.email) return;
  const profile = await fetchProfile();
  if (profile) {
    await deps.members.setContactDetails(member.id, {
      email: profile.email,
      userPrincipalName: profile.userPrincipalName,
    });
  }
}

/** A person's role as the profile card lists it (a group role names its group). */
export interface HeldRole {
  role: RoleName;
  groupTitle?: string;
}

/** What the profile card shows: the person, their groups and roles, and the organisation choices. */
export interface ProfileView {
  actor: Actor;
  groupTitles: string[];
  roles: HeldRole[];
  organisations: string[];
}

export async function profileOf(
  deps: Pick<MembersDependencies, 'members' | 'groups'>,
  actor: Actor,
): Promise<ProfileView> {
  const [organisations, memberships, allGroups] = await Promise.all([
    deps.members.listOrganisations(),
    deps.groups.groupsOf(actor.member.id),
    deps.groups.listGroups(),
  ]);
  const titles = new Map(allGroups.map((group) => [group.slug, group.title]));
  const titleOf = (slug: string) => titles.get(slug) ?? slug;
  const roles: HeldRole[] = [
    ...(actor.isCoordinator ? [{ role: 'coordinator' as const }] : []),
    ...(actor.isSteering ? [{ role: 'steering' as const }] : []),
    ...[...actor.leadOf].map((slug) => ({ role: 'lead' as const, groupTitle: titleOf(slug) })),
    ...[...actor.hrReferentOf].map((slug) => ({ role: 'hrReferent' as const, groupTitle: titleOf(slug) })),
  ];
  return {
    actor,
    groupTitles: memberships.map((membership) => titleOf(membership.groupSlug)),
    roles,
    organisations,
  };
}

/**
 * Saves the person's own profile (checked by `profileFromForm`). The save that makes it complete
 * publishes `member:profileCompleted`, once: later saves of a complete profile do not. Returns the
 * profile card's view of the saved person.
 */
export async function saveProfile(
  deps: MembersDependencies,
  request: { actor: Actor; form: ProfileForm; now: Date },
): Promise<ProfileView> {
  const { actor, now } = request;
  const profile = profileFromForm(request.form, await deps.members.listOrganisations(), now);
  const updated = await deps.members.updateProfile(actor.member.id, profile);
  if (!updated) throw new AppError('NOT_FOUND', { what: { messageKey: 'members.roleAdmin.unknownMember' } });
  if (!isProfileComplete(actor.member.profile) && isProfileComplete(updated.profile)) {
    await deps.publish('member:profileCompleted', { member: updated, at: now });
  }
  const refreshed = actorFrom(updated, await deps.members.grantsOf(updated.id), deps.configuredCoordinators);
  return profileOf(deps, refreshed);
}

/** The organisations profiles choose from (Ville, Agglo, CCAS…), and whether this person may add one. */
export interface OrganisationsView {
  organisations: string[];
  canManage: boolean;
}

export async function organisationsView(
  deps: Pick<MembersDependencies, 'members'>,
  actor: Actor,
): Promise<OrganisationsView> {
  return { organisations: await deps.members.listOrganisations(), canManage: actor.isCoordinator };
}

/** Adds an organisation to the list (coordinators only); a name already listed is not added twice. */
export async function addOrganisation(
  deps: Pick<MembersDependencies, 'members'>,
  request: { actor: Actor; name: string; now: Date },
): Promise<{ added: boolean; view: OrganisationsView }> {
  ensureAllowed(request.actor, peoplePermissions.manageOrganisations);
  const added = await deps.members.addOrganisation(request.name, request.now);
  return { added, view: await organisationsView(deps, request.actor) };
}

const subjectOf = (actor: Actor): DataSubject => ({
  memberId: actor.member.id,
  teamsUserId: actor.member.teamsUserId,
  aadObjectId: actor.member.aadObjectId,
});

/** Everything stored about the person, section by section, and the same as one JSON file (GDPR art. 15). */
export async function exportPersonalData(personalData: PersonalDataRegistry, actor: Actor, now: Date) {
  const sections = await personalData.exportAll(subjectOf(actor));
  const file = Object.fromEntries(sections.map(({ source, data }) => [source.name, data ?? null]));
  return { sections, json: JSON.stringify({ exportedAt: now.toISOString(), ...file }, null, 2) };
}

/** Erases the person everywhere, on their own request (GDPR art. 17). */
export async function erasePersonalData(
  deps: { personalData: PersonalDataRegistry; log: Logger },
  actor: Actor,
) {
  const report = await deps.personalData.eraseAll(subjectOf(actor));
  deps.log.info({ erased: report.erased }, 'personal data erased on request');
  return report;
}
