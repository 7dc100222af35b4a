import type { Outbox } from '../../delivery/outbox';
import type { MessageKey, MessageParams } from '../../i18n/translator';
import { deliverToPeople, isProfileComplete, type MemberRecord, type MembersRepository } from '../../people';
import type { Logger } from '../../logging';
import { formatCalendarDay } from '../../i18n/calendar';
import { isNewcomer, type PathStatus } from './path-progress';
import type { OnboardingRepository } from './repository';

/**
 * The group that owns onboarding: its HR referents welcome every newcomer. One scope for the
 * whole network today; a per-organisation scope would be data on the group, not code here.
 */
export const onboardingGroupSlug = 'bon-accueil';

export interface ReferentNoticeDependencies {
  onboarding: OnboardingRepository;
  members: MembersRepository;
  outbox: Pick<Outbox, 'enqueue'>;
  log: Logger;
}

export async function onboardingReferents(members: MembersRepository): Promise<MemberRecord[]> {
  const grants = await members.grantsFor('hrReferent', onboardingGroupSlug);
  return members.findByIds(grants.map((grant) => grant.memberId));
}

async function tellReferents(
  dependencies: ReferentNoticeDependencies,
  newcomer: MemberRecord,
  key: MessageKey,
  params: MessageParams,
): Promise<void> {
  const referents = (await onboardingReferents(dependencies.members)).filter(
    (referent) => referent.id !== newcomer.id,
  );
  await deliverToPeople(dependencies.outbox, referents, (t) => ({ text: t(key, params) }), {
    batchKey: 'onboarding:referent-notices',
    // One notice per newcomer and milestone, whichever run enqueues it.
    messageKey: `onboarding:${key}:${newcomer.id}`,
  });
}

/**
 * Tells the onboarding HR referents when a newcomer completes their profile and when they
 * complete the path, once each. The members slice owns the profile form and has no hook, so
 * this runs at every onboarding interaction of the newcomer and in the daily reminder job: the
 * notice comes at the latest the next working morning. The claim in `onboarding_milestones` makes
 * it once, whichever of those runs first.
 */
export async function noticeMilestones(
  dependencies: ReferentNoticeDependencies,
  member: MemberRecord,
  status: PathStatus,
  hasProgress: boolean,
  today: string,
  now: Date,
): Promise<void> {
  const { profile } = member;
  if (isNewcomer(profile.startDate, hasProgress, today) && isProfileComplete(profile)) {
    if (await dependencies.onboarding.claimMilestone(member.id, 'profileCompleted', now)) {
      await tellReferents(dependencies, member, 'onboarding.referent.profileCompleted', {
        name: member.displayName,
        details: [profile.organisation, profile.direction, profile.site, profile.trade].join(' · '),
        date: formatCalendarDay(profile.startDate as string, 'fr'),
      });
    }
  }
  if (status.complete && (await dependencies.onboarding.claimMilestone(member.id, 'pathCompleted', now))) {
    await tellReferents(dependencies, member, 'onboarding.referent.pathCompleted', {
      name: member.displayName,
    });
  }
}
