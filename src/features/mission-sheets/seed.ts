import type { Database } from '../../db/database';
import { seedOnce } from '../../db/seed-once';
import type { MissionSheetsRepository } from './repository';
import { demoSheets } from './seed-sheets';

/** One sheet per group, seeded once as version 1 by the coordination. */
export async function seedDemoSheets(
  connection: Database['connection'],
  sheets: MissionSheetsRepository,
  savedAt: Date,
): Promise<void> {
  await seedOnce(connection, 'missionSheets', async () => {
    for (const { groupSlug, content } of demoSheets) {
      await sheets.seedSheet({ groupSlug, content, savedBy: { kind: 'system' }, savedAt });
    }
  });
}
