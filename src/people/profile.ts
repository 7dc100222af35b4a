import type { Profile } from './members-repository';

/** Organisation, direction, site, trade and start date: what the HR referent needs to welcome someone. */
export function isProfileComplete(profile: Profile): boolean {
  return [profile.organisation, profile.direction, profile.site, profile.trade, profile.startDate].every(
    (value) => typeof value === 'string' && value.trim() !== '',
  );
}
