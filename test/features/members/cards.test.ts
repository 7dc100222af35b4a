import { renderPersonRolesCard, renderProfileCard } from '../../../src/features/members/cards';
import type { ProfileView } from '../../../src/features/members/service';
import { createTranslator } from '../../../src/i18n/translator';
import type { Actor, GroupRecord, MemberRecord } from '../../../src/people';

const fr = createTranslator('fr');
const member = {
  id: 'm1',
  displayName: 'Camille Martin',
  profile: {},
  createdAt: new Date(),
} as MemberRecord;
const actor = { member, leadOf: new Set(), hrReferentOf: new Set() } as unknown as Actor;
const group = { slug: 'reunionite', title: 'La réunionite' } as GroupRecord;

describe('members cards', () => {
  it('lists group roles with their group in brackets on the profile, "Membre" when there is none', () => {
    const view = (roles: ProfileView['roles']): ProfileView => ({
      actor,
      groupTitles: [],
      roles,
      organisations: [],
    });
    const withRoles = JSON.stringify(
      renderProfileCard(view([{ role: 'coordinator' }, { role: 'lead', groupTitle: 'La réunionite' }]), fr),
    );
    expect(withRoles).toContain('Coordination, Pilote (La réunionite)');
    expect(JSON.stringify(renderProfileCard(view([]), fr))).toContain('Membre');
  });

  it('labels a group grant with its group title, or its slug when the group is gone', () => {
    const grant = (groupSlug: string) => ({
      memberId: 'm1',
      role: 'lead' as const,
      groupSlug,
      grantedAt: new Date(),
    });
    const card = JSON.stringify(
      renderPersonRolesCard(
        { member, grants: [grant('reunionite'), grant('ancien-groupe')], groups: [group] },
        fr,
      ),
    );
    expect(card).toContain('Pilote — La réunionite');
    expect(card).toContain('Pilote — ancien-groupe');
  });
});
