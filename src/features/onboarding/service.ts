import type { Clock } from '../../clock';
import type { Outbox } from '../../delivery/outbox';
import { AppError } from '../../errors';
import { addDays, calendarDayIn, isCalendarDay } from '../../i18n/calendar';
import type { Logger } from '../../logging';
import {
  ensureAllowed,
  isProfileComplete,
  type Actor,
  type ActorLoader,
  type GroupsRepository,
  type MemberRecord,
  type MembersRepository,
} from '../../people';
import { loadNewcomersInProgress, type NewcomerOnPath } from './newcomers';
import type { PathCardView } from './cards';
import { isNewcomer, pathStatus, type PathStep } from './path-progress';
import { onboardingPermissions } from './permissions';
import {
  noticePathCompleted,
  noticeProfileCompleted,
  onboardingGroupSlug,
  onboardingReferents,
  type PublishEvent,
} from './referent-notices';
import type { OnboardingRepository } from './repository';
import { meetupStep } from './seed-content';

/** Everything the onboarding rules use; built once in the slice's register. */
export interface OnboardingDependencies {
  onboarding: OnboardingRepository;
  members: MembersRepository;
  groups: GroupsRepository;
  loadActor: ActorLoader;
  outbox: Pick<Outbox, 'enqueue' | 'stateOf'>;
  publish: PublishEvent;
  clock: Clock;
  /** config.timezone: the day due dates and "today" belong to. */
  timeZone: string;
  log: Logger;
}

/** The path's step for the newcomers' day (seed-content.ts), ticked by attendance at a JNR event. */
export const jnrStepSlug = 'journee-nouveaux-recrutes';

export const todayOf = (deps: Pick<OnboardingDependencies, 'timeZone'>, now: Date) =>
  calendarDayIn(now, deps.timeZone);

/** What the path command shows: the start date question first, then the path itself. */
export type PathView =
  { kind: 'startDateNeeded'; today: string } | { kind: 'path'; view: Omit<PathCardView, 'notice'> };

/**
 * Where the person stands on their path. The referents hear of a completed profile from
 * `member:profileCompleted` (published by every save that completes one), not from this read.
 */
export async function pathOf(
  deps: OnboardingDependencies,
  member: MemberRecord,
  now: Date,
): Promise<PathView> {
  const day = todayOf(deps, now);
  const startDate = member.profile.startDate;
  if (!startDate) return { kind: 'startDateNeeded', today: day };
  const [steps, progress, paused, referents] = await Promise.all([
    deps.onboarding.listSteps(),
    deps.onboarding.progressOf(member.id),
    deps.onboarding.remindersPaused(member.id),
    onboardingReferents(deps.members),
  ]);
  return {
    kind: 'path',
    view: {
      status: pathStatus(steps, progress, startDate, day),
      startDate,
      remindersPaused: paused,
      referentNames: referents.map((referent) => referent.displayName),
      timeZone: deps.timeZone,
    },
  };
}

/**
 * Records the person's start date (today + one year at most: a start that far ahead is a typo).
 * A start date that makes the profile complete publishes `member:profileCompleted`, as a profile
 * form save does.
 */
export async function saveStartDate(
  deps: OnboardingDependencies,
  member: MemberRecord,
  startDate: string,
  now: Date,
): Promise<MemberRecord> {
  const latest = addDays(todayOf(deps, now), 366);
  if (!isCalendarDay(startDate) || startDate < '1970-01-01' || startDate > latest) {
    throw new AppError('INVALID_INPUT', { details: { messageKey: 'onboarding.startDate.invalid' } });
  }
  const updated = await deps.members.updateProfile(member.id, { ...member.profile, startDate });
  if (!updated) throw new AppError('NOT_FOUND', { what: { messageKey: 'members.roleAdmin.unknownMember' } });
  if (!isProfileComplete(member.profile) && isProfileComplete(updated.profile)) {
    await deps.publish('member:profileCompleted', { member: updated, at: now });
  }
  return updated;
}

export type StepToggle = { step: PathStep; done: boolean; changed: boolean };

/**
 * Ticks or unticks a step and returns the path as it now stands. The button says which state it
 * wants, so a double click or a stale card changes nothing (`changed: false`). The tick that
 * completes the path tells the referents, from the path just read (no extra round trip).
 */
export async function setStepDone(
  deps: OnboardingDependencies,
  member: MemberRecord,
  change: { stepSlug: string; done: boolean },
  now: Date,
): Promise<{ toggle: StepToggle; path: PathView }> {
  const step = await requireStep(deps.onboarding, change.stepSlug);
  const changed = change.done
    ? await deps.onboarding.markDone(member.id, step.slug, now)
    : await deps.onboarding.markUndone(member.id, step.slug);
  const path = await pathOf(deps, member, now);
  if (changed && change.done && path.kind === 'path' && path.view.status.complete) {
    await noticePathCompletedSafely(deps, member, now);
  }
  return { toggle: { step, done: change.done, changed }, path };
}

export async function requireStep(onboarding: OnboardingRepository, slug: string): Promise<PathStep> {
  const step = await onboarding.findStep(slug);
  if (!step) throw new AppError('NOT_FOUND', { what: { messageKey: 'onboarding.path.unknownStep' } });
  return step;
}

/** After a tick outside the path card: when every step of today's path is done, the completion is recorded once. */
async function noticeIfPathComplete(deps: OnboardingDependencies, member: MemberRecord, now: Date) {
  const [steps, progress] = await Promise.all([
    deps.onboarding.listSteps(),
    deps.onboarding.progressOf(member.id),
  ]);
  if (pathStatus(steps, progress, member.profile.startDate, todayOf(deps, now)).complete) {
    await noticePathCompletedSafely(deps, member, now);
  }
}

async function noticePathCompletedSafely(deps: OnboardingDependencies, member: MemberRecord, now: Date) {
  try {
    await noticePathCompleted(deps, member, now);
  } catch (error) {
    // The tick is saved; only the referents' congratulation is missing.
    deps.log.error({ err: error, memberId: member.id }, 'referent notices failed');
  }
}

/** `parcours pause` / `parcours reprendre` and the card's switch. */
export async function setRemindersPaused(
  deps: Pick<OnboardingDependencies, 'onboarding'>,
  member: MemberRecord,
  paused: boolean,
  now: Date,
): Promise<void> {
  await deps.onboarding.setRemindersPaused(member.id, paused, now);
}

/** The newcomers in progress, for the onboarding HR referents and the coordination only. */
export async function newcomersFollowedBy(
  deps: OnboardingDependencies,
  actor: Actor,
  now: Date,
): Promise<NewcomerOnPath[]> {
  ensureAllowed(actor, onboardingPermissions.followNewcomers, onboardingGroupSlug);
  return loadNewcomersInProgress(deps, todayOf(deps, now));
}

/**
 * A newcomer who met the manager iX paired them with ticks the meetup step (if coordinators kept
 * it); long-standing managers are not on a path. Returns the member ids ticked now.
 */
export async function tickMeetupStep(
  deps: OnboardingDependencies,
  memberIds: readonly string[],
  now: Date,
): Promise<string[]> {
  if (!(await deps.onboarding.findStep(meetupStep.slug))) return [];
  const ticked: string[] = [];
  for (const member of await deps.members.findByIds([...memberIds])) {
    const progress = await deps.onboarding.progressOf(member.id);
    if (!isNewcomer(member.profile.startDate, progress.length > 0, todayOf(deps, now))) continue;
    if (await deps.onboarding.markDone(member.id, meetupStep.slug, now)) {
      ticked.push(member.id);
      await noticeIfPathComplete(deps, member, now);
    }
  }
  return ticked;
}

/** The newcomers' day ticks itself for the people the calendar saw attend it. Returns who was ticked. */
export async function tickJnrStep(
  deps: OnboardingDependencies,
  memberIds: readonly string[],
  at: Date,
): Promise<string[]> {
  if (!(await deps.onboarding.findStep(jnrStepSlug))) return [];
  const ticked: string[] = [];
  for (const memberId of memberIds) {
    if (await deps.onboarding.markDone(memberId, jnrStepSlug, at)) ticked.push(memberId);
  }
  for (const member of await deps.members.findByIds(ticked)) await noticeIfPathComplete(deps, member, at);
  return ticked;
}

/** The `member:profileCompleted` rule: a newcomer's HR referents hear of it, once. */
export async function welcomeCompletedProfile(
  deps: OnboardingDependencies,
  member: MemberRecord,
  at: Date,
): Promise<boolean> {
  const progress = await deps.onboarding.progressOf(member.id);
  return noticeProfileCompleted(deps, member, progress.length > 0, todayOf(deps, at), at);
}
