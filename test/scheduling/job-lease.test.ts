import pino from 'pino';
import { connectDatabase, type Database } from '../../src/db/database';
import { createJobLeases, withJobLease, type JobLeases } from '../../src/scheduling/job-lease';

const t0 = new Date('2026-03-02T08:00:00Z');
const later = (ms: number) => new Date(t0.getTime() + ms);

describe('job lease', () => {
  let database: Database;
  let leases: JobLeases;

  beforeAll(async () => {
    database = await connectDatabase({ embedded: {} }, pino({ level: 'silent' }));
    leases = await createJobLeases(database.connection);
  });
  afterAll(async () => {
    await database.close();
  });

  it('gives the lease to the first holder and refuses a second one while it runs', async () => {
    expect(await leases.acquire({ name: 'a', holder: 'one', ttlMs: 60_000, now: t0 })).toBe(true);
    expect(await leases.acquire({ name: 'a', holder: 'two', ttlMs: 60_000, now: later(1_000) })).toBe(false);
    expect(await leases.holderOf('a', later(1_000))).toBe('one');
  });

  it('lets the holder extend its own lease', async () => {
    expect(await leases.acquire({ name: 'b', holder: 'one', ttlMs: 1_000, now: t0 })).toBe(true);
    expect(await leases.acquire({ name: 'b', holder: 'one', ttlMs: 60_000, now: later(500) })).toBe(true);
    expect(await leases.acquire({ name: 'b', holder: 'two', ttlMs: 1_000, now: later(5_000) })).toBe(false);
  });

  it('hands an expired lease (a crashed holder) to the next one', async () => {
    expect(await leases.acquire({ name: 'c', holder: 'crashed', ttlMs: 1_000, now: t0 })).toBe(true);
    expect(await leases.acquire({ name: 'c', holder: 'next', ttlMs: 1_000, now: later(1_000) })).toBe(true);
    expect(await leases.holderOf('c', later(1_500))).toBe('next');
  });

  it('keeps separate jobs apart', async () => {
    expect(await leases.acquire({ name: 'd1', holder: 'one', ttlMs: 60_000, now: t0 })).toBe(true);
    expect(await leases.acquire({ name: 'd2', holder: 'two', ttlMs: 60_000, now: t0 })).toBe(true);
  });

  it('grants exactly one of many holders asking at the same instant', async () => {
    const holders = Array.from({ length: 8 }, (_, index) => `instance-${index}`);
    const granted = await Promise.all(
      holders.map((holder) => leases.acquire({ name: 'e', holder, ttlMs: 60_000, now: t0 })),
    );
    expect(granted.filter(Boolean)).toHaveLength(1);
    expect(await leases.holderOf('e', t0)).toBe(holders[granted.indexOf(true)]);
  });

  it('releases only its own lease', async () => {
    await leases.acquire({ name: 'f', holder: 'one', ttlMs: 60_000, now: t0 });
    await leases.release('f', 'two');
    expect(await leases.holderOf('f', t0)).toBe('one');
    await leases.release('f', 'one');
    expect(await leases.acquire({ name: 'f', holder: 'two', ttlMs: 60_000, now: t0 })).toBe(true);
  });

  it('runs the work under the lease and releases it, even when the work throws', async () => {
    const outcome = await withJobLease(leases, { name: 'g', holder: 'one', ttlMs: 60_000, now: t0 }, () =>
      Promise.resolve(42),
    );
    expect(outcome).toEqual({ ran: true, result: 42 });
    await expect(
      withJobLease(leases, { name: 'g', holder: 'two', ttlMs: 60_000, now: t0 }, () =>
        Promise.reject(new Error('boom')),
      ),
    ).rejects.toThrow('boom');
    expect(await leases.holderOf('g', t0)).toBeUndefined();
  });

  it('skips the work while another holder has the lease', async () => {
    await leases.acquire({ name: 'h', holder: 'other', ttlMs: 60_000, now: t0 });
    const work = jest.fn(() => Promise.resolve('done'));
    expect(await withJobLease(leases, { name: 'h', holder: 'me', ttlMs: 60_000, now: t0 }, work)).toEqual({
      ran: false,
    });
    expect(work).not.toHaveBeenCalled();
  });
  it('keeps the lease of a run that outlives its time to live, and gives it back at the end', async () => {
    const request = { name: 'i', holder: 'long', ttlMs: 300, now: new Date() };
    let refusedDuringRun: boolean | undefined;
    const outcome = await withJobLease(leases, request, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      // More than three times the time to live later, the run still holds the job.
      refusedDuringRun = !(await leases.acquire({ ...request, holder: 'other', now: new Date() }));
      return 'done';
    });
    expect(outcome).toEqual({ ran: true, result: 'done' });
    expect(refusedDuringRun).toBe(true);
    expect(await leases.holderOf('i', new Date())).toBeUndefined();
  });
});
