import { type MemberRecord, type MembersRepository } from '../../people';
import { isNewcomerInProgress, pathStatus, type PathStatus } from './path-progress';
import type { OnboardingRepository } from './repository';

export interface NewcomerOnPath {
  member: MemberRecord;
  status: PathStatus;
}

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
