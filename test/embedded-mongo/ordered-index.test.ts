import { MongoClient, type Collection } from 'mongodb';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/embedded-mongo';
import { statsOf } from '../support/engine-stats';

interface Task {
  _id: number;
  due: Date;
  title: string;
  rank: number | string | null;
  tags?: number[];
}

const day = 24 * 60 * 60 * 1000;
const origin = Date.UTC(2026, 0, 1);

describe('embedded mongo ordered index', () => {
  let mongo: EmbeddedMongo;
  let client: MongoClient;
  let tasks: Collection<Task>;

  beforeAll(async () => {
    mongo = await startEmbeddedMongo();
    client = await MongoClient.connect(mongo.uri);
    tasks = client.db('ordered').collection<Task>('tasks');
    await tasks.createIndex({ due: 1 });
    await tasks.createIndex({ title: 1 });
    await tasks.createIndex({ rank: 1 });
    // Inserted out of order, so that the order comes from the index and not from insertion.
    await tasks.insertMany(
      Array.from({ length: 1000 }, (_, index) => {
        const position = (index * 7919) % 1000;
        return {
          _id: position,
          due: new Date(origin + position * day),
          title: `tâche ${String(position).padStart(4, '0')}`,
          rank: position % 3 === 0 ? `r${position}` : position % 3 === 1 ? position : null,
        };
      }),
    );
  });

  afterAll(async () => {
    await client.close();
    await mongo.stop();
  });

  const measure = (action: () => Promise<unknown>) => statsOf(mongo, action);

  const dueOn = (days: number) => new Date(origin + days * day);

  it('answers a date range from the index, examining only the documents in range', async () => {
    let found: Task[] = [];
    const stats = await measure(async () => {
      found = await tasks
        .find({ due: { $gte: dueOn(100), $lt: dueOn(110) } })
        .sort({ due: 1 })
        .toArray();
    });

    expect(found.map((task) => task._id)).toEqual([100, 101, 102, 103, 104, 105, 106, 107, 108, 109]);
    expect(stats).toEqual({ documentsExamined: 10, indexLookups: 1, collectionScans: 0 });
  });

  it('keeps open and closed bounds apart, and a range on one kind leaves the others out', async () => {
    expect(await tasks.countDocuments({ due: { $gt: dueOn(998) } })).toBe(1);
    expect(await tasks.countDocuments({ due: { $lte: dueOn(0) } })).toBe(1);
    // Numbers, strings and null share the rank field: a numeric range matches numbers only.
    const numeric = await tasks.find({ rank: { $gte: 0, $lt: 10 } }).toArray();
    expect(numeric.map((task) => task.rank).sort()).toEqual([1, 4, 7]);
    expect(await tasks.countDocuments({ rank: { $gte: 'r990' } })).toBe(4);
  });

  it('serves a sort with a limit by walking the index instead of sorting everything', async () => {
    let latest: Task[] = [];
    const stats = await measure(async () => {
      latest = await tasks.find({}).sort({ due: -1 }).limit(3).toArray();
    });

    expect(latest.map((task) => task._id)).toEqual([999, 998, 997]);
    expect(stats).toMatchObject({ indexLookups: 1, collectionScans: 0 });
    expect(stats.documentsExamined).toBeLessThanOrEqual(3);
  });

  it('walks the index with the filter applied, and skips as asked', async () => {
    const page = await tasks
      .find({ title: { $regex: '5$' } })
      .sort({ title: 1 })
      .skip(2)
      .limit(2)
      .toArray();

    expect(page.map((task) => task._id)).toEqual([25, 35]);
  });

  it('answers every range exactly as a collection scan does', async () => {
    const scanned = client.db('ordered').collection<Task>('scanned');
    await scanned.insertMany(await tasks.find({}).toArray());
    const filters = [
      { due: { $gt: dueOn(10), $lte: dueOn(20) } },
      { title: { $gte: 'tâche 0990' } },
      { title: { $lt: 'tâche 0005' } },
      { rank: { $gt: 995 } },
      { rank: { $lte: 'r0' } },
    ];
    for (const filter of filters) {
      const fromIndex = await tasks.find(filter).sort({ _id: 1 }).toArray();
      const fromScan = await scanned.find(filter).sort({ _id: 1 }).toArray();
      expect(fromIndex).toEqual(fromScan);
    }
  });

  it('does not walk the index when some documents lack the field, which sort first', async () => {
    const notes = client.db('ordered').collection<{ _id: number; at?: number }>('notes');
    await notes.createIndex({ at: 1 });
    await notes.insertMany([{ _id: 1, at: 5 }, { _id: 2 }, { _id: 3, at: 1 }]);

    const sorted = await notes.find({}).sort({ at: 1 }).limit(2).toArray();
    expect(sorted.map((note) => note._id)).toEqual([2, 3]);
  });

  it('stays in step with updates and deletes', async () => {
    await tasks.updateOne({ _id: 500 }, { $set: { due: dueOn(5000) } });
    await tasks.deleteOne({ _id: 999 });

    const latest = await tasks.find({}).sort({ due: -1 }).limit(2).toArray();
    expect(latest.map((task) => task._id)).toEqual([500, 998]);
    expect(await tasks.countDocuments({ due: { $gte: dueOn(500), $lt: dueOn(501) } })).toBe(0);
  });
});
