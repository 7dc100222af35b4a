import type { Connection } from 'mongoose';

/**
 * Runs a slice's demo seed once per database: a marker in `seed_runs` remembers it, so a
 * coordinator's later changes (a revoked role, a person who left a group) survive restarts.
 * The marker is written after the seed, so a seed interrupted by a crash runs again; seeds are
 * written as upserts to make that harmless.
 */
export async function seedOnce(
  connection: Connection,
  name: string,
  seed: () => Promise<void>,
): Promise<boolean> {
  const runs = connection.collection<{ _id: string; seededAt: Date }>('seed_runs');
  if (await runs.findOne({ _id: name })) return false;
  await seed();
  await runs.updateOne({ _id: name }, { $setOnInsert: { seededAt: new Date() } }, { upsert: true });
  return true;
}
