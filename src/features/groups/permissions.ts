import { allowedRoles, definePermissions, roles } from '../../people';

export const groupPermissions = definePermissions('groups', {
  listGroupMembers: {
    allows: (actor, groupSlug) =>
      roles.coordinator(actor) || roles.leadOf(actor, groupSlug) || roles.hrReferentOf(actor, groupSlug),
    allowedRoles: allowedRoles.leadsReferentsAndCoordinators,
  },
});
