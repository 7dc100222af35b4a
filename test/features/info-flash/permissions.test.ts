import { infoFlashPermissions } from '../../../src/features/info-flash/permissions';
import { actorFrom, can, PermissionTable, type MemberRecord, type RoleGrant } from '../../../src/people';

describe('Info Flash permissions', () => {
  const member: MemberRecord = {
    id: 'member-1',
    aadObjectId: '00000000-0000-4000-a000-000000000001',
    displayName: 'Léa',
    profile: {},
    createdAt: new Date('2026-12-01T09:00:00Z'),
  };
  const grant = (role: RoleGrant['role'], groupSlug?: string): RoleGrant => ({
    memberId: member.id,
    role,
    ...(groupSlug ? { groupSlug } : {}),
    grantedAt: new Date('2026-12-01T09:00:00Z'),
  });
  const mayManage = (grants: RoleGrant[], configured: string[] = []) =>
    can(actorFrom(member, grants, configured), infoFlashPermissions.manageInfoFlash);

  it('lets coordinators manage the Info Flash, by role or by IX_COORDINATORS', () => {
    expect(mayManage([grant('coordinator')])).toBe(true);
    expect(mayManage([], [member.aadObjectId!])).toBe(true);
  });

  it('keeps group leads, HR referents and the steering committee to proposing', () => {
    expect(mayManage([])).toBe(false);
    expect(mayManage([grant('lead', 'numerique'), grant('hrReferent', 'numerique'), grant('steering')])).toBe(
      false,
    );
  });

  it('names its permission once in the shared table', () => {
    const table = new PermissionTable();
    table.add(infoFlashPermissions);
    expect(table.list().map((permission) => permission.name)).toEqual(['infoFlash.manageInfoFlash']);
    expect(() => table.add(infoFlashPermissions)).toThrow('declared twice');
  });
});
