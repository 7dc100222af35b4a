import { allowedRoles, definePermissions, roles } from '../../people';

export const infoFlashPermissions = definePermissions('infoFlash', {
  manageInfoFlash: { allows: roles.coordinator, allowedRoles: allowedRoles.coordinators },
});
