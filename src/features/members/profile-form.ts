import { z } from 'zod';
import { AppError } from '../../errors';
import { type Profile } from '../../people';

const field = z.string().trim().max(100, { message: 'members.profile.tooLong' });

/** What the profile card posts: strings only, so no MongoDB operator can ride along. */
export const profileFormSchema = z
  .object({
    organisation: field.optional(),
    direction: field.optional(),
    site: field.optional(),
    trade: field.optional(),
    startDate: z.string().trim().max(10, { message: 'members.profile.startDateInvalid' }).optional(),
  })
  .strict();

export type ProfileForm = z.infer<typeof profileFormSchema>;

function isRealDate(iso: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return false;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso);
}

/**
 * Turns the posted form into a profile: the organisation must be one of the list, the start date
 * a real day no later than a year from now. Empty fields clear the value.
 */
export function profileFromForm(form: ProfileForm, organisations: readonly string[], now: Date): Profile {
  const organisation = form.organisation || undefined;
  if (organisation && !organisations.includes(organisation)) {
    throw new AppError('INVALID_INPUT', { details: { messageKey: 'members.profile.organisationUnknown' } });
  }
  const startDate = form.startDate || undefined;
  if (startDate) {
    const latest = new Date(now.getTime() + 366 * 24 * 3600 * 1000).toISOString().slice(0, 10);
    if (!isRealDate(startDate) || startDate > latest || startDate < '1970-01-01') {
      throw new AppError('INVALID_INPUT', { details: { messageKey: 'members.profile.startDateInvalid' } });
    }
  }
  const profile: Profile = {
    organisation,
    direction: form.direction || undefined,
    site: form.site || undefined,
    trade: form.trade || undefined,
    startDate,
  };
  return Object.fromEntries(Object.entries(profile).filter(([, value]) => value !== undefined)) as Profile;
}
