import type { Database } from '../../db/database';
import { seedOnce } from '../../db/seed-once';
import type { OnboardingRepository } from './repository';
import { initialSections, initialSteps, meetupStep } from './seed-content';

/**
 * The path and the booklet are the "Bon accueil, pas d'écueil" group's content: seeded once in
 * every database (production too), then edited by coordinators.
 */
export async function seedPathAndBooklet(
  connection: Database['connection'],
  onboarding: OnboardingRepository,
  now: () => Date,
): Promise<void> {
  await seedOnce(connection, 'onboarding', async () => {
    for (const step of initialSteps) await onboarding.seedStep(step, now());
    for (const section of initialSections) await onboarding.seedSection(section, now());
  });
  await seedOnce(connection, 'onboarding.meetup-step', () => onboarding.seedStep(meetupStep, now()));
}
