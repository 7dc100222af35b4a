import { allowedRoles, definePermissions, roles } from '../../people';

export const onboardingPermissions = definePermissions('onboarding', {
  manageOnboardingContent: { allows: roles.coordinator, allowedRoles: allowedRoles.coordinators },
  followNewcomers: {
    allows: (actor, groupSlug) => roles.coordinator(actor) || roles.hrReferentOf(actor, groupSlug),
    allowedRoles: allowedRoles.referentsAndCoordinators,
  },
});
