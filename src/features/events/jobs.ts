import { randomUUID } from 'node:crypto';
import type { Clock } from '../../clock';
import { withJobLease, type JobLeases } from '../../scheduling/job-lease';
import { sendDueReminders, type EventDependencies } from './service';

export const reminderJobName = 'events.reminders';

/** Longer than any run: a crashed holder blocks the job for this long at most. */
const leaseTtlMs = 10 * 60_000;

/**
 * The reminders job: node-cron fires it in every bot instance; the lease lets one of them run it
 * at a time. The once-per-person rule does not depend on the lease: the outbox refuses a second
 * delivery of the same reminder to the same person, whoever enqueues it.
 */
export async function runReminders(
  deps: EventDependencies & { leases: JobLeases; clock: Clock },
): Promise<{ ran: boolean; queued: number }> {
  const now = deps.clock.now();
  const outcome = await withJobLease(
    deps.leases,
    { name: reminderJobName, holder: randomUUID(), ttlMs: leaseTtlMs, now },
    () => sendDueReminders(deps, now),
  );
  return outcome.ran ? { ran: true, queued: outcome.result } : { ran: false, queued: 0 };
}
