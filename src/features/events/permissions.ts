import { allowedRoles, definePermissions, roles } from '../../people';

export const eventPermissions = definePermissions('events', {
  organiseGroupEvent: {
    allows: (actor, groupSlug) => roles.coordinator(actor) || roles.leadOf(actor, groupSlug),
    allowedRoles: allowedRoles.leadsAndCoordinators,
  },
  organiseNetworkEvent: { allows: roles.coordinator, allowedRoles: allowedRoles.coordinators },
});
