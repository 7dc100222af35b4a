import { Schema, type Connection } from 'mongoose';
import { isDuplicateKey, modelOf } from '../db/mongoose-helpers';

/**
 * Which process runs a job when several bot instances share one database: node-cron fires in
 * each of them, and only the holder of the job's lease goes on. A lease expires on its own, so a
 * holder that crashed never blocks the job for longer than its time to live.
 */
export interface LeaseRequest {
  /** The job's name, one lease per job (e.g. `info-flash.digest`). */
  name: string;
  /** Who asks: unique per run, so two runs in one process exclude each other too. */
  holder: string;
  ttlMs: number;
  now: Date;
}

interface LeaseDocument {
  _id: string;
  holder: string;
  expiresAt: Date;
}

const leaseSchema = new Schema<LeaseDocument>(
  {
    _id: { type: String, required: true },
    holder: { type: String, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'job_leases', versionKey: false },
);
// Expired leases are free anyway; the TTL index clears them (schedule slots leave one per run).
leaseSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export type JobLeases = Awaited<ReturnType<typeof createJobLeases>>;

export async function createJobLeases(connection: Connection) {
  const Leases = modelOf(connection, 'JobLease', leaseSchema);
  await Leases.init();

  return {
    /**
     * Takes the lease, or extends it when `holder` already has it. One atomic upsert: when the
     * lease is held and unexpired the filter matches nothing, the upsert collides with the
     * existing `_id`, and the unique key refuses it.
     */
    async acquire({ name, holder, ttlMs, now }: LeaseRequest): Promise<boolean> {
      try {
        const lease = await Leases.findOneAndUpdate(
          { _id: name, $or: [{ holder }, { expiresAt: { $lte: now } }] },
          { $set: { holder, expiresAt: new Date(now.getTime() + ttlMs) } },
          { upsert: true, returnDocument: 'after', lean: true },
        );
        return lease?.holder === holder;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    },

    /** Gives the lease back early; does nothing when someone else holds it by now. */
    async release(name: string, holder: string): Promise<void> {
      await Leases.deleteOne({ _id: name, holder });
    },

    async holderOf(name: string, now: Date): Promise<string | undefined> {
      const lease = await Leases.findOne({ _id: name, expiresAt: { $gt: now } }).lean();
      return lease?.holder;
    },
  };
}

/**
 * Runs `work` only if the lease is obtained, renews the lease every third of its time to live while
 * the work runs, and releases it afterwards (even when `work` throws). Resolves to `{ ran: false }`
 * when another holder has it. Thanks to the renewal, `ttlMs` is only how long a holder that died
 * (kill -9, lost host) blocks the job, not a bound on how long a run may take.
 */
export async function withJobLease<T>(
  leases: JobLeases,
  request: LeaseRequest,
  work: () => Promise<T>,
): Promise<{ ran: true; result: T } | { ran: false }> {
  if (!(await leases.acquire(request))) return { ran: false };
  const startedAt = Date.now();
  let renewing: Promise<unknown> = Promise.resolve();
  const renewal = setInterval(
    () => {
      // The request's own timeline (a test's clock) moved on at real speed. A renewal that fails
      // leaves the lease to expire at its time to live, exactly as if this holder had died.
      const now = new Date(request.now.getTime() + Date.now() - startedAt);
      renewing = leases.acquire({ ...request, now }).catch(() => false);
    },
    Math.max(50, Math.floor(request.ttlMs / 3)),
  );
  renewal.unref();
  try {
    return { ran: true, result: await work() };
  } finally {
    clearInterval(renewal);
    // A renewal still on its way would otherwise take the lease again after the release.
    await renewing;
    await leases.release(request.name, request.holder);
  }
}
