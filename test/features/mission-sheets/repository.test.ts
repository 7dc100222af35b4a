import pino from 'pino';
import { connectDatabase, type Database } from '../../../src/db/database';
import {
  createMissionSheetsRepository,
  type MissionSheetsRepository,
} from '../../../src/features/mission-sheets/repository';
import type { SheetContent } from '../../../src/features/mission-sheets/sheet-content';

describe('mission sheets repository', () => {
  let database: Database;
  let sheets: MissionSheetsRepository;

  beforeAll(async () => {
    database = await connectDatabase({ embedded: {} }, pino({ level: 'silent' }));
    sheets = await createMissionSheetsRepository(database.connection);
  });
  afterAll(async () => {
    await database.close();
  });

  const content = (objective: string): SheetContent => ({
    status: 'active',
    objective,
    context: '',
    deliverables: ['Charte'],
    milestones: [{ date: '2026-06-16', title: 'COPIL' }],
  });
  const author = (name: string) => ({ kind: 'member' as const, memberId: `member-${name}`, name });
  const savedAt = new Date('2026-11-29T10:00:00Z');

  it('lets exactly one of three simultaneous saves from the same version win, and keeps one history entry per version', async () => {
    await sheets.seedSheet({
      groupSlug: 'race',
      content: content('v1'),
      savedBy: { kind: 'system' },
      savedAt,
    });

    const results = await Promise.all(
      ['Karim', 'Isabelle', 'Sophie'].map((name) =>
        sheets.saveSheetVersion({
          groupSlug: 'race',
          expectedVersion: 1,
          content: content(`par ${name}`),
          savedBy: author(name),
          savedAt,
        }),
      ),
    );

    const winners = results.filter((result) => result !== undefined);
    expect(winners).toHaveLength(1);
    const stored = await sheets.findSheet('race');
    expect(stored).toMatchObject({ version: 2, objective: winners[0]?.objective });
    const versions = await sheets.listVersions('race', 10);
    expect(versions.map((version) => version.version)).toEqual([2, 1]);
    expect(versions[0].content.objective).toBe(winners[0]?.objective);
  });

  it('creates a sheet on the first save and refuses a second first save', async () => {
    const save = (name: string) =>
      sheets.saveSheetVersion({
        groupSlug: 'new-group',
        expectedVersion: 0,
        content: content(`par ${name}`),
        savedBy: author(name),
        savedAt,
      });

    const [first, second] = await Promise.all([save('Paul'), save('Chloé')]);

    expect([first, second].filter((result) => result !== undefined)).toHaveLength(1);
    expect((await sheets.findSheet('new-group'))?.version).toBe(1);
    expect(await save('Léa')).toBeUndefined();
  });

  it('seeds once: a restart never overwrites the edits made since', async () => {
    await sheets.seedSheet({
      groupSlug: 'seeded',
      content: content('seed'),
      savedBy: { kind: 'system' },
      savedAt,
    });
    await sheets.saveSheetVersion({
      groupSlug: 'seeded',
      expectedVersion: 1,
      content: content('edited'),
      savedBy: author('Julien'),
      savedAt,
    });

    await sheets.seedSheet({
      groupSlug: 'seeded',
      content: content('seed'),
      savedBy: { kind: 'system' },
      savedAt,
    });

    expect(await sheets.findSheet('seeded')).toMatchObject({ version: 2, objective: 'edited' });
    expect((await sheets.listVersions('seeded', 10)).map((version) => version.version)).toEqual([2, 1]);
  });

  it('lists at most the requested number of versions, the most recent first', async () => {
    await sheets.seedSheet({
      groupSlug: 'busy',
      content: content('0'),
      savedBy: { kind: 'system' },
      savedAt,
    });
    for (let version = 1; version <= 11; version += 1) {
      await sheets.saveSheetVersion({
        groupSlug: 'busy',
        expectedVersion: version,
        content: content(String(version)),
        savedBy: author('Vincent'),
        savedAt,
      });
    }

    const versions = await sheets.listVersions('busy', 10);

    expect(versions.map((version) => version.version)).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3]);
  });

  it('erases an author from the sheets and their versions, keeping the content', async () => {
    await sheets.seedSheet({
      groupSlug: 'erase',
      content: content('seed'),
      savedBy: { kind: 'system' },
      savedAt,
    });
    for (const expectedVersion of [1, 2]) {
      await sheets.saveSheetVersion({
        groupSlug: 'erase',
        expectedVersion,
        content: content(`by Amélie ${expectedVersion}`),
        savedBy: author('Amélie'),
        savedAt,
      });
    }
    expect(await sheets.versionsSavedBy('member-Amélie')).toHaveLength(2);

    const erased = await sheets.eraseAuthor('member-Amélie');

    expect(erased).toBe(3);
    expect(await sheets.findSheet('erase')).toMatchObject({
      objective: 'by Amélie 2',
      updatedBy: { kind: 'erased' },
    });
    expect((await sheets.listVersions('erase', 10)).map((version) => version.savedBy)).toEqual([
      { kind: 'erased' },
      { kind: 'erased' },
      { kind: 'system' },
    ]);
    expect(await sheets.versionsSavedBy('member-Amélie')).toEqual([]);
  });

  it('never stores fields outside the sheet content', async () => {
    const sneaky = { ...content('ok'), version: 99, groupSlug: 'elsewhere' } as SheetContent;

    await sheets.saveSheetVersion({
      groupSlug: 'strict',
      expectedVersion: 0,
      content: sneaky,
      savedBy: author('Marc'),
      savedAt,
    });

    expect(await sheets.findSheet('strict')).toMatchObject({ groupSlug: 'strict', version: 1 });
    expect(await sheets.findSheet('elsewhere')).toBeUndefined();
  });
});
