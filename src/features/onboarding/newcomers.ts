import { renderCard, type AdaptiveCardJson } from '../../cards/render-card';
import type { Translator } from '../../i18n/translator';
import { type MemberRecord, type MembersRepository } from '../../people';
import { formatCalendarDay } from '../../i18n/calendar';
import { isNewcomerInProgress, pathStatus, type PathStatus } from './path-progress';
import type { OnboardingRepository } from './repository';

export interface NewcomerOnPath {
  member: MemberRecord;
  status: PathStatus;
}

/** How many rows the follow-up card lists; newcomers are a few dozen a year. */
const maxRows = 40;

export type FollowUpSort = 'lateness' | 'name' | 'startDate';

/** Everyone whose integration path is in progress today (see `isNewcomerInProgress`). */
export async function loadNewcomersInProgress(
  sources: { onboarding: OnboardingRepository; members: MembersRepository },
  today: string,
): Promise<NewcomerOnPath[]> {
  const [steps, progressByMember, everyone] = await Promise.all([
    sources.onboarding.listSteps(),
    sources.onboarding.progressByMember(),
    sources.members.listAll(),
  ]);
  return everyone.flatMap((member) => {
    const progress = progressByMember.get(member.id) ?? [];
    const status = pathStatus(steps, progress, member.profile.startDate, today);
    return isNewcomerInProgress(member.profile.startDate, status, progress.length > 0, today)
      ? [{ member, status }]
      : [];
  });
}

/** Latest first: most overdue steps, then least progress, then name. */
export function sortNewcomers(rows: readonly NewcomerOnPath[], sort: FollowUpSort): NewcomerOnPath[] {
  const byName = (a: NewcomerOnPath, b: NewcomerOnPath) =>
    a.member.displayName.localeCompare(b.member.displayName, 'fr');
  const comparators: Record<FollowUpSort, (a: NewcomerOnPath, b: NewcomerOnPath) => number> = {
    lateness: (a, b) =>
      b.status.overdueCount - a.status.overdueCount ||
      a.status.percentage - b.status.percentage ||
      byName(a, b),
    name: byName,
    startDate: (a, b) =>
      (a.member.profile.startDate ?? '9999').localeCompare(b.member.profile.startDate ?? '9999') ||
      byName(a, b),
  };
  return [...rows].sort(comparators[sort]);
}

export function renderFollowUpCard(
  t: Translator,
  newcomers: readonly NewcomerOnPath[],
  sort: FollowUpSort,
): AdaptiveCardJson {
  const sorted = sortNewcomers(newcomers, sort);
  return renderCard(
    'onboarding/follow-up',
    {
      summary:
        sorted.length === 0
          ? t('onboarding.followUp.empty')
          : t('onboarding.followUp.intro', { count: sorted.length }),
      rows: sorted.slice(0, maxRows).map(({ member, status }) => ({
        name: member.displayName,
        started: member.profile.startDate
          ? t('onboarding.followUp.startedOn', {
              date: formatCalendarDay(member.profile.startDate, t.locale),
            })
          : t('onboarding.followUp.noStartDate'),
        progress: t('onboarding.followUp.progress', {
          percentage: status.percentage,
          overdue: status.overdueCount,
        }),
        color: status.overdueCount > 0 ? 'Attention' : 'Default',
      })),
      more: sorted.length > maxRows ? t('onboarding.followUp.more', { count: sorted.length - maxRows }) : '',
    },
    t,
  );
}
