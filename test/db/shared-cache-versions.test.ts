import pino from 'pino';
import { connectDatabase, type Database } from '../../src/db/database';
import { sharedCachesOf } from '../../src/db/shared-cache';
import { runInTurnScope } from '../../src/bot/turn-scope';

/** The counters of the shared caches are read once per turn, and concurrent turns share reads. */
describe('shared cache counters', () => {
  let database: Database;
  const commands: string[] = [];

  beforeAll(async () => {
    database = await connectDatabase({ embedded: {} }, pino({ level: 'silent' }), { monitorCommands: true });
    database.connection.getClient().on('commandStarted', (event) => {
      if (event.commandName === 'find') commands.push(String(event.command.find));
      if (event.commandName === 'findAndModify') commands.push(`bump ${String(event.command.findAndModify)}`);
    });
  });
  afterAll(async () => {
    await database.close();
  });
  beforeEach(() => {
    commands.length = 0;
  });

  const versionReads = () => commands.filter((collection) => collection === 'cache_versions').length;
  const bumps = () => commands.filter((command) => command === 'bump cache_versions').length;

  /** A list standing for what the database holds, its loads counted: a copy updated in place costs none. */
  function listSource() {
    const source = {
      stored: [] as string[],
      loads: 0,
      load: async (): Promise<string[]> => {
        source.loads += 1;
        return [...source.stored];
      },
    };
    return source;
  }
  /** The in-place change that adds `item` to a copy (idempotent, as the caches require). */
  const add = (item: string) => (items: string[]) => [...items.filter((other) => other !== item), item];

  it('sends one read for turns that start while another read is on its way, and none before it', async () => {
    const caches = sharedCachesOf(database.connection);
    let loads = 0;
    const load = async () => (loads += 1);
    const turns = Array.from({ length: 20 }, () => runInTurnScope(() => caches.get('groups', load)));
    await Promise.all(turns);
    // The first turn's read, then one read shared by the 19 that asked while it was on its way.
    expect(versionReads()).toBe(2);
    expect(loads).toBe(1);
  });

  it('shows a turn the change written before it started, even while an older read is on its way', async () => {
    const caches = sharedCachesOf(database.connection);
    let stored = 'before the change';
    const load = async () => stored;
    await runInTurnScope(() => caches.get('roles', load));
    // A turn starts reading the counters; the change lands meanwhile; a turn starting now must see it.
    const olderTurn = runInTurnScope(() => caches.get('roles', load));
    stored = 'after the change';
    await caches.changed('roles');
    expect(await runInTurnScope(() => caches.get('roles', load))).toBe('after the change');
    await olderTurn;
  });

  it('applies concurrent changes to the copy one after the other, and never shows a wrong copy', async () => {
    const caches = sharedCachesOf(database.connection);
    const source = listSource();
    await runInTurnScope(() => caches.get('polls', source.load));
    await Promise.all(
      ['a', 'b', 'c'].map(async (item) => {
        source.stored.push(item);
        await caches.changed<string[]>('polls', add(item));
      }),
    );
    const items = await runInTurnScope(() => caches.get('polls', source.load));
    expect([...items].sort()).toEqual(['a', 'b', 'c']);
    // Applied in place; only answers that come back out of order cost a reload.
    expect(source.loads).toBeLessThanOrEqual(2);
  });

  it('bumps once for changes made while a bump is on its way, and applies each of them to the copy', async () => {
    const caches = sharedCachesOf(database.connection);
    const source = listSource();
    await runInTurnScope(() => caches.get('memberships', source.load));
    await runInTurnScope(() => caches.get('groups', source.load));
    const loadsBefore = source.loads;
    commands.length = 0;

    const items = Array.from({ length: 12 }, (_, index) => `membership-${index}`);
    await Promise.all([
      ...items.map(async (item) => {
        source.stored.push(item);
        await caches.changed<string[]>('memberships', add(item));
      }),
      caches.changed('groups'),
    ]);

    // The first change's bump, then one bump carrying the 11 memberships and the group made meanwhile.
    expect(bumps()).toBe(2);
    expect([...(await runInTurnScope(() => caches.get('memberships', source.load)))].sort()).toEqual(
      [...items].sort(),
    );
    expect(source.loads).toBe(loadsBefore);
    // The group changed without a way to apply it in place: its copy is loaded again.
    await runInTurnScope(() => caches.get('groups', source.load));
    expect(source.loads).toBe(loadsBefore + 1);
  });

  it('moves a counter by the number of changes its bump carries: one step for each change applied in place', async () => {
    const caches = sharedCachesOf(database.connection);
    const read = async () =>
      (await database.connection.collection('cache_versions').findOne({ _id: 'shared' as never })) ?? {};
    const before = (await read()) as Record<string, number>;

    await Promise.all([
      caches.changed('missionSheets'),
      caches.changed('missionSheets'),
      caches.changed('missionSheets'),
    ]);

    const after = (await read()) as Record<string, number>;
    expect((after.missionSheets ?? 0) - (before.missionSheets ?? 0)).toBe(3);
  });

  it('reloads copies counted before the database was dropped, once its counters start again', async () => {
    const caches = sharedCachesOf(database.connection);
    let stored = 'old database';
    const load = async () => stored;
    // The old database's counter climbs past where the new one will start.
    for (let change = 0; change < 3; change += 1) await caches.changed('polls');
    expect(await caches.get('polls', load)).toBe('old database');

    await database.connection.dropDatabase();
    stored = 'new database';
    await caches.changed('polls', (value: string) => `${value} (caught up)`);

    expect(await caches.get('polls', load)).toBe('new database');
  });
});
