import { randomUUID } from 'node:crypto';
import type { RunCoordinator } from 'node-cron';
import type { Clock } from '../clock';
import type { JobLeases } from './job-lease';

/**
 * How long a slot stays taken. Longer than any instance's tick can lag behind another's for the
 * same slot (node-cron runs a late tick within seconds), short enough for the records to go soon.
 */
export const slotHoldMs = 60 * 60_000;

/**
 * Elects one instance per schedule slot: node-cron fires a job in every bot instance sharing the
 * database, each asks for the slot (`<job>:<slot ISO time>`), and only the first one to take it
 * runs. The slot is never given back, so an instance whose tick comes after the winner finished
 * still skips it (a job lease given back at the end of the run would let it run a second time).
 * A winner that dies mid-run does not get its slot run again: each job's own recovery (the Info
 * Flash catch-up, the outbox taking over expired claims) finishes the work.
 */
export function scheduleSlotElection(leases: JobLeases, clock: Clock): RunCoordinator {
  return {
    shouldRun: (key, ttlMs) =>
      leases.acquire({
        name: `slot:${key}`,
        holder: randomUUID(),
        ttlMs: Math.max(ttlMs, slotHoldMs),
        now: clock.now(),
      }),
  };
}
