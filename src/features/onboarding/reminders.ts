import type { Outbox } from '../../delivery/outbox';
import { personDelivery } from '../../delivery/person-delivery';
import type { Clock } from '../../clock';
import { isReachable, translatorFor, type MembersRepository } from '../../people';
import type { Logger } from '../../logging';
import { calendarDayIn } from '../../i18n/calendar';
import type { MemberRecord } from '../../people';
import { loadNewcomersInProgress } from './newcomers';
import type { StepStatus } from './path-progress';
import { renderReminderCard } from './cards';
import { noticeProfileCompleted } from './referent-notices';
import type { OnboardingRepository } from './repository';

export const reminderJobName = 'onboarding.reminders';

export interface ReminderJobDependencies {
  onboarding: OnboardingRepository;
  members: MembersRepository;
  outbox: Pick<Outbox, 'enqueue'>;
  clock: Clock;
  /** config.timezone: the day a reminder belongs to, and when a step becomes overdue. */
  timeZone: string;
  log: Logger;
}

export interface ReminderRun {
  day: string;
  /** Member ids reminded by this run. */
  reminded: string[];
  /** Member ids whose reminder could not be queued (logged; not retried the same day). */
  failed: string[];
}

/**
 * The body of the `onboarding.reminders` job: each newcomer with overdue steps gets one card
 * listing them, at most once per calendar day. Nobody who completed the path, paused the reminders
 * (`parcours pause`) or has nothing overdue is messaged. The day's send is claimed in the database
 * before it is queued, so a second instance or a re-run the same day skips them. The outbox sends
 * it, opening the 1:1 chat of a newcomer who never wrote to the bot.
 */
export async function sendOverdueReminders(dependencies: ReminderJobDependencies): Promise<ReminderRun> {
  const { onboarding, members, clock, timeZone, log } = dependencies;
  const now = clock.now();
  const day = calendarDayIn(now, timeZone);
  const run: ReminderRun = { day, reminded: [], failed: [] };
  const [newcomers, paused, progressByMember] = await Promise.all([
    loadNewcomersInProgress({ onboarding, members }, day),
    onboarding.membersWithRemindersPaused(),
    onboarding.progressByMember(),
  ]);
  for (const { member, status } of newcomers) {
    try {
      // Catch-up for newcomers whose profile was complete before `member:profileCompleted` was published.
      await noticeProfileCompleted(
        dependencies,
        member,
        (progressByMember.get(member.id) ?? []).length > 0,
        day,
        now,
      );
    } catch (error) {
      log.error({ err: error, memberId: member.id }, 'referent notices failed');
    }
    const overdue = status.steps.filter((entry) => entry.state === 'overdue');
    if (overdue.length === 0 || paused.has(member.id)) continue;
    if (!isReachable(member)) {
      log.info({ memberId: member.id }, 'newcomer cannot be reached in private: no reminder');
      continue;
    }
    const outcome = await remindOnce(dependencies, { member, overdue, day, now });
    if (outcome === 'reminded') run.reminded.push(member.id);
    if (outcome === 'failed') run.failed.push(member.id);
  }
  log.info({ day, reminded: run.reminded.length, failed: run.failed.length }, 'onboarding reminders queued');
  return run;
}

/**
 * Claims the newcomer's reminder of the day, then queues it. A failure is recorded on the claim
 * (so nobody is reminded twice the same day) and logged; the run goes on with the next newcomer.
 */
async function remindOnce(
  dependencies: ReminderJobDependencies,
  reminder: { member: MemberRecord; overdue: StepStatus[]; day: string; now: Date },
): Promise<'reminded' | 'alreadyClaimed' | 'failed'> {
  const { onboarding, outbox, log } = dependencies;
  const { member, overdue, day, now } = reminder;
  try {
    const stepSlugs = overdue.map((entry) => entry.step.slug);
    if (!(await onboarding.claimReminder(member.id, day, stepSlugs, now))) return 'alreadyClaimed';
    await outbox.enqueue([
      personDelivery(
        member.id,
        { card: renderReminderCard(translatorFor(member), overdue) },
        { batchKey: `onboarding:reminders:${day}`, messageKey: `onboarding:reminder:${day}` },
      ),
    ]);
    await onboarding.setReminderStatus(member.id, day, 'sent');
    return 'reminded';
  } catch (error) {
    log.warn({ err: error, memberId: member.id, day }, 'onboarding reminder not queued');
    await onboarding.setReminderStatus(member.id, day, 'failed').catch((statusError: unknown) => {
      log.error({ err: statusError, memberId: member.id }, 'could not record the failed reminder');
    });
    return 'failed';
  }
}
