import pino from 'pino';
import { systemClock } from '../../src/clock';
import { connectDatabase, type Database } from '../../src/db/database';
import { createJobLeases, type JobLeases } from '../../src/scheduling/job-lease';
import { JobScheduler } from '../../src/scheduling/job-scheduler';
import { scheduleSlotElection } from '../../src/scheduling/schedule-slots';

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('Timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('job scheduler', () => {
  const log = pino({ level: 'silent' });
  let database: Database;
  let leases: JobLeases;

  beforeAll(async () => {
    database = await connectDatabase({ embedded: {} }, log);
    leases = await createJobLeases(database.connection);
  });
  afterAll(async () => {
    await database.close();
  });

  it('gives a schedule slot to one asker only, and never back, even after the winner ran', async () => {
    const election = scheduleSlotElection(leases, systemClock);
    const key = 'nightly:2026-03-02T02:00:00.000Z';
    const answers = await Promise.all(Array.from({ length: 6 }, () => election.shouldRun(key, 30_000)));
    expect(answers.filter(Boolean)).toHaveLength(1);
    // A late tick of the same slot (an instance whose clock or event loop lags) still skips it.
    expect(await election.shouldRun(key, 30_000)).toBe(false);
    expect(await election.shouldRun('nightly:2026-03-03T02:00:00.000Z', 30_000)).toBe(true);
  });

  it('runs each slot of a job once across two instances firing it on the same schedule', async () => {
    const runs: Array<{ instance: string; at: number }> = [];
    const instances = ['a', 'b'].map((instance) => {
      const scheduler = new JobScheduler(log, scheduleSlotElection(leases, systemClock));
      scheduler.add({
        name: 'every-second',
        schedule: '* * * * * *',
        timezone: 'Europe/Paris',
        run: async () => {
          runs.push({ instance, at: Math.floor(Date.now() / 1000) });
        },
      });
      return scheduler;
    });
    await Promise.all(instances.map((scheduler) => scheduler.start()));
    try {
      await waitUntil(() => runs.length >= 4, 15_000);
    } finally {
      await Promise.all(instances.map((scheduler) => scheduler.stop()));
    }
    const slots = await database.connection
      .collection('job_leases')
      .find({ _id: { $regex: '^slot:every-second:' } } as never)
      .toArray();
    // Two instances never ran the same second, and every run took its slot.
    expect(new Set(runs.map((run) => run.at)).size).toBe(runs.length);
    expect(slots.length).toBe(runs.length);
  }, 20_000);
});
