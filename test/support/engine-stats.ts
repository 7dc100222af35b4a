import type { EmbeddedMongo, QueryStats } from '../../src/embedded-mongo';

/** What running the action added to the engine's counters (documents examined, lookups, scans). */
export async function statsOf(mongo: EmbeddedMongo, action: () => Promise<unknown>): Promise<QueryStats> {
  const before = mongo.stats();
  await action();
  const after = mongo.stats();
  return {
    documentsExamined: after.documentsExamined - before.documentsExamined,
    indexLookups: after.indexLookups - before.indexLookups,
    collectionScans: after.collectionScans - before.collectionScans,
  };
}
