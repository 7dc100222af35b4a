import type { DomainEvents } from '../../bot/router';
import type { Outbox } from '../../delivery/outbox';
import type { MessageKey, MessageParams } from '../../i18n/translator';
import { deliverToPeople, isProfileComplete, type MemberRecord, type MembersRepository } from '../../people';
import type { Logger } from '../../logging';
import { formatCalendarDay } from '../../i18n/calendar';
import { isNewcomer } from './path-progress';
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

/** Publishes a domain event (the router's `publish`, or a test's recorder). */
export type PublishEvent = <Name extends keyof DomainEvents>(
  name: Name,
  data: DomainEvents[Name],
) => Promise<void>;

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
 * Tells the onboarding HR referents that a newcomer's profile is complete, once: the claim in
 * `onboarding_milestones` makes it once whichever caller comes first (the `member:profileCompleted`
 * listener, or the daily catch-up for profiles completed before that event existed). Long-standing
 * managers completing their profile are not newcomers: nobody is told. True when told now.
 */
export async function noticeProfileCompleted(
  dependencies: ReferentNoticeDependencies,
  member: MemberRecord,
  hasProgress: boolean,
  today: string,
  now: Date,
): Promise<boolean> {
  const { profile } = member;
  if (!isNewcomer(profile.startDate, hasProgress, today) || !isProfileComplete(profile)) return false;
  if (!(await dependencies.onboarding.claimMilestone(member.id, 'profileCompleted', now))) return false;
  await tellReferents(dependencies, member, 'onboarding.referent.profileCompleted', {
    name: member.displayName,
    details: [profile.organisation, profile.direction, profile.site, profile.trade].join(' · '),
    date: formatCalendarDay(profile.startDate as string, 'fr'),
  });
  return true;
}

/**
 * Once per newcomer, when the last step of their path is ticked: tells the HR referents and
 * publishes `onboarding:pathCompleted`. True when this call recorded the completion.
 */
export async function noticePathCompleted(
  dependencies: ReferentNoticeDependencies & { publish: PublishEvent },
  member: MemberRecord,
  now: Date,
): Promise<boolean> {
  if (!(await dependencies.onboarding.claimMilestone(member.id, 'pathCompleted', now))) return false;
  await tellReferents(dependencies, member, 'onboarding.referent.pathCompleted', {
    name: member.displayName,
  });
  await dependencies.publish('onboarding:pathCompleted', { member, at: now });
  return true;
}
