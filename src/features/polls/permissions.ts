import { allowedRoles, definePermissions, roles } from '../../people';

export const pollPermissions = definePermissions('polls', {
  pollGroup: {
    allows: (actor, groupSlug) => roles.coordinator(actor) || roles.leadOf(actor, groupSlug),
    allowedRoles: allowedRoles.leadsAndCoordinators,
  },
  pollNetwork: { allows: roles.coordinator, allowedRoles: allowedRoles.coordinators },
  exportPollResults: { allows: roles.coordinator, allowedRoles: allowedRoles.coordinators },
});
