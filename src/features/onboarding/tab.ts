import type { TabContributions } from '../../tab/contributions';
import { onboardingFigures } from './figures';
import type { OnboardingRepository } from './repository';

/** The tab's "Mon parcours" section (opened first) and the newcomers' progress figures. */
export function contributeOnboardingToTab(
  tab: TabContributions,
  onboarding: OnboardingRepository,
  timeZone: string,
): void {
  tab.view({
    name: 'parcours',
    command: 'onboarding.path',
    takesArgument: false,
    label: 'onboarding.tab.label',
    title: 'onboarding.tab.title',
    order: 10,
  });
  tab.figures('onboarding', (input) => onboardingFigures(onboarding, timeZone, input));
}
