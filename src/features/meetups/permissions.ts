import { allowedRoles, definePermissions, roles } from '../../people';

export const meetupPermissions = definePermissions('meetups', {
  runMeetups: { allows: roles.coordinator, allowedRoles: allowedRoles.coordinators },
});
