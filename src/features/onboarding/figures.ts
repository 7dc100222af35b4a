import { calendarDayIn } from '../../i18n/calendar';
import type { FiguresInput } from '../../tab/contributions';
import type { FeatureFigures } from '../../tab/dashboard-figures';
import { isNewcomer, pathStatus } from './path-progress';
import type { OnboardingRepository } from './repository';

/** How the newcomers progress along the integration path, as of today in the network's time zone. */
export async function onboardingFigures(
  onboarding: Pick<OnboardingRepository, 'listSteps' | 'progressByMember'>,
  timeZone: string,
  { members, now }: FiguresInput,
): Promise<FeatureFigures['onboarding']> {
  const today = calendarDayIn(now, timeZone);
  const [steps, progress] = await Promise.all([onboarding.listSteps(), onboarding.progressByMember()]);
  const newcomers = members.flatMap((member) => {
    const ticks = progress.get(member.id) ?? [];
    return isNewcomer(member.profile.startDate, ticks.length > 0, today)
      ? [pathStatus(steps, ticks, member.profile.startDate, today)]
      : [];
  });
  const percentages = newcomers.reduce((sum, status) => sum + status.percentage, 0);
  return {
    newcomers: newcomers.length,
    complete: newcomers.filter((status) => status.complete).length,
    averagePercentage: newcomers.length === 0 ? 0 : Math.round(percentages / newcomers.length),
    withOverdueSteps: newcomers.filter((status) => status.overdueCount > 0).length,
  };
}
