import type { FeatureFigures } from '../../tab/dashboard-figures';
import { percentOf } from '../../tab/contributions';
import type { PollsRepository } from './repository';

/** How many answer the polls open now: ballots over the people each poll asked. */
export async function pollFigures(
  polls: Pick<PollsRepository, 'participationInOpenPolls'>,
): Promise<FeatureFigures['polls']> {
  const participation = await polls.participationInOpenPolls();
  return {
    open: participation.open,
    ballots: participation.ballots,
    participation: percentOf(participation.ballots, participation.targeted),
  };
}
