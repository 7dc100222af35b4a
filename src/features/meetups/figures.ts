import type { FeatureFigures } from '../../tab/dashboard-figures';
import type { MeetupsRepository } from './repository';

/** Meetups proposed and held, and how many crossed a direction or an organisation. */
export async function meetupFigures(
  meetups: Pick<MeetupsRepository, 'figures'>,
): Promise<FeatureFigures['meetups']> {
  const { optedIn, formed, held, crossDirection, crossOrganisation } = await meetups.figures();
  return { optedIn, formed, held, crossDirection, crossOrganisation };
}
