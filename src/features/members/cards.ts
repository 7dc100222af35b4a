import { renderCard } from '../../cards/render-card';
import type { MessageKey, Translator } from '../../i18n/translator';
import type { MemberRecord, RoleName } from '../../people';
import type { PersonalDataSource } from '../../privacy/personal-data';
import { factsOf } from './personal-data-view';
import { roleNames, type PersonRoles, type RoleHolders } from './roles-service';
import type { HeldRole, ProfileView } from './service';

function roleLabel(t: Translator, role: RoleName | 'member'): string {
  return t(`members.roles.${role}`);
}

/** "Animateur — Bon accueil" in role administration (the profile card puts the group in brackets). */
function heldRoleLabel(t: Translator, held: HeldRole): string {
  return held.groupTitle ? `${roleLabel(t, held.role)} — ${held.groupTitle}` : roleLabel(t, held.role);
}

export function renderProfileCard(view: ProfileView, t: Translator, notice = '') {
  const { member } = view.actor;
  const none = t('members.profile.none');
  const roles = view.roles.map((held) =>
    held.groupTitle ? `${roleLabel(t, held.role)} (${held.groupTitle})` : roleLabel(t, held.role),
  );
  return renderCard(
    'members/profile',
    {
      notice,
      name: member.displayName,
      email: member.email ?? none,
      groups: view.groupTitles.join(', ') || none,
      roles: roles.join(', ') || roleLabel(t, 'member'),
      organisation: member.profile.organisation ?? '',
      direction: member.profile.direction ?? '',
      site: member.profile.site ?? '',
      trade: member.profile.trade ?? '',
      startDate: member.profile.startDate ?? '',
      organisations: view.organisations.map((name) => ({ name })),
    },
    t,
  );
}

/** Organisations: a list coordinators extend (Ville, Agglo, CCAS…). */
export function renderOrganisationsCard(
  view: { organisations: readonly string[]; canManage: boolean },
  t: Translator,
  notice = '',
) {
  return renderCard(
    'members/organisations',
    { notice, canManage: view.canManage, organisations: view.organisations.map((name) => ({ name })) },
    t,
  );
}

export function renderRolesOverviewCard(holders: readonly RoleHolders[], t: Translator) {
  return renderCard(
    'members/roles-overview',
    {
      holders: holders.map((holder) => ({
        role: heldRoleLabel(t, holder),
        people: holder.names.join(', '),
      })),
    },
    t,
  );
}

/** One person's roles, with the grant and revoke buttons. */
export function renderPersonRolesCard(person: PersonRoles, t: Translator, notice = '') {
  const { member, grants, groups } = person;
  const titles = new Map(groups.map((group) => [group.slug, group.title]));
  return renderCard(
    'members/roles-person',
    {
      notice,
      title: t('members.roleAdmin.personTitle', { name: member.displayName }),
      subtitle: [member.profile.organisation, member.profile.direction].filter(Boolean).join(' · '),
      memberId: member.id,
      grants: grants.map((grant) => ({
        role: grant.role,
        groupSlug: grant.groupSlug ?? '',
        label: heldRoleLabel(t, {
          role: grant.role,
          groupTitle: grant.groupSlug && (titles.get(grant.groupSlug) ?? grant.groupSlug),
        }),
      })),
      roleChoices: roleNames.map((role) => ({ value: role, title: roleLabel(t, role) })),
      groupChoices: groups.map((group) => ({ value: group.slug, title: group.title })),
    },
    t,
  );
}

/** A role change's notice: "granted", "already held" or "revoked", with the role and the person. */
export function roleNotice(
  t: Translator,
  key: 'members.roleAdmin.granted' | 'members.roleAdmin.alreadyGranted' | 'members.roleAdmin.revoked',
  role: RoleName,
  member: MemberRecord,
): string {
  return t(key, { role: roleLabel(t, role), name: member.displayName });
}

export function renderChoosePersonCard(query: string, people: readonly MemberRecord[], t: Translator) {
  return renderCard(
    'members/roles-choose',
    {
      question: t('members.roleAdmin.choosePerson', { query }),
      people: people.map((member) => ({ id: member.id, name: member.displayName })),
    },
    t,
  );
}

/** "Mes données": each section's facts; the exact structure travels in the attached file. */
export function renderMyDataCard(
  sections: ReadonlyArray<{ source: PersonalDataSource; data: unknown }>,
  t: Translator,
) {
  return renderCard(
    'members/my-data',
    {
      sections: sections.map(({ source, data }) => ({ title: t(source.titleKey), facts: factsOf(data, t) })),
    },
    t,
  );
}

export function renderDeleteConfirmCard(t: Translator) {
  return renderCard('members/delete-confirm', {}, t);
}

export function renderDeletedCard(
  report: { erased: number; keptReasonKeys: readonly MessageKey[] },
  t: Translator,
) {
  return renderCard(
    'members/deleted',
    {
      summary: t('members.privacy.deletedIntro', { count: report.erased }),
      kept: report.keptReasonKeys.map((key) => ({ reason: t(key) })),
    },
    t,
  );
}

export function renderNoticeCard(text: string, t: Translator) {
  return renderCard('members/notice', { text }, t);
}
