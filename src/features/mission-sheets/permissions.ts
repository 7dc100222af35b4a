import { allowedRoles, definePermissions, roles } from '../../people';

export const missionSheetPermissions = definePermissions('missionSheets', {
  editMissionSheet: {
    allows: (actor, groupSlug) => roles.coordinator(actor) || roles.leadOf(actor, groupSlug),
    allowedRoles: allowedRoles.leadsAndCoordinators,
  },
  readDraftMissionSheet: {
    allows: (actor, groupSlug) =>
      roles.coordinator(actor) ||
      roles.steering(actor) ||
      roles.leadOf(actor, groupSlug) ||
      roles.hrReferentOf(actor, groupSlug),
    allowedRoles: allowedRoles.groupTeamAndSteering,
  },
});
