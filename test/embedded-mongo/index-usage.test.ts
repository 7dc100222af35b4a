import { MongoClient, type Collection } from 'mongodb';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/embedded-mongo';
import { statsOf } from '../support/engine-stats';

interface Person {
  _id: number;
  email: string;
  team: string;
  rank: number;
  nickname?: string | null;
  note: string;
}

describe('embedded mongo index usage', () => {
  let mongo: EmbeddedMongo;
  let client: MongoClient;
  let people: Collection<Person>;

  beforeAll(async () => {
    mongo = await startEmbeddedMongo();
    client = await MongoClient.connect(mongo.uri);
    people = client.db('indexes').collection<Person>('people');
    await people.createIndex({ email: 1 }, { unique: true });
    await people.createIndex({ team: 1, rank: 1 });
    await people.createIndex({ nickname: 1 }, { sparse: true });
    await people.insertMany(
      Array.from({ length: 1000 }, (_, index) => ({
        _id: index,
        email: `p${index}@orleans.fr`,
        team: `t${index % 10}`,
        rank: index % 7,
        ...(index % 100 === 0 ? { nickname: `n${index}` } : {}),
        note: `note ${index}`,
      })),
    );
  });

  afterAll(async () => {
    await client.close();
    await mongo.stop();
  });

  const measure = (action: () => Promise<unknown>) => statsOf(mongo, action);

  it('finds by _id through the _id index, examining one document', async () => {
    const stats = await measure(() => people.findOne({ _id: 500 }));

    expect(stats).toEqual({ documentsExamined: 1, indexLookups: 1, collectionScans: 0 });
  });

  it('finds by a uniquely indexed field examining one document', async () => {
    const stats = await measure(() => people.findOne({ email: 'p42@orleans.fr' }));

    expect(stats).toEqual({ documentsExamined: 1, indexLookups: 1, collectionScans: 0 });
  });

  it('scans the whole collection for an unindexed field', async () => {
    const stats = await measure(() => people.findOne({ note: 'note 42' }));

    expect(stats).toEqual({ documentsExamined: 1000, indexLookups: 0, collectionScans: 1 });
  });

  it('serves $in on _id and $eq from the index', async () => {
    const byIn = await measure(() => people.find({ _id: { $in: [1, 2, 3, 4000] } }).toArray());
    const byEq = await measure(() => people.find({ email: { $eq: 'p7@orleans.fr' } }).toArray());

    expect(byIn.documentsExamined).toBe(3);
    expect(byEq.documentsExamined).toBe(1);
  });

  it('uses a compound index only when the filter pins all of its fields', async () => {
    const pinned = await measure(() => people.find({ team: 't3', rank: 2 }).toArray());
    const partial = await measure(() => people.find({ team: 't3' }).toArray());

    expect(pinned).toMatchObject({ indexLookups: 1, collectionScans: 0 });
    expect(pinned.documentsExamined).toBeLessThan(30);
    expect(partial).toMatchObject({ indexLookups: 0, collectionScans: 1 });
  });

  it('does not answer a search for null from a sparse index, which lacks those documents', async () => {
    const found = await people.countDocuments({ nickname: null });
    const stats = await measure(() => people.find({ nickname: null }).toArray());

    expect(found).toBe(990);
    expect(stats.collectionScans).toBe(1);
  });

  it('updates and findOneAndUpdates by an indexed field examining one document', async () => {
    const update = await measure(() =>
      people.updateOne({ email: 'p9@orleans.fr' }, { $set: { note: 'changed' } }),
    );
    const findAndModify = await measure(() =>
      people.findOneAndUpdate({ email: 'p9@orleans.fr' }, { $inc: { rank: 1 } }, { returnDocument: 'after' }),
    );

    expect(update.documentsExamined).toBe(1);
    expect(findAndModify.documentsExamined).toBe(1);
    expect(await people.findOne({ email: 'p9@orleans.fr' })).toMatchObject({ note: 'changed', rank: 3 });
  });

  it('keeps the index in step with updates and deletes', async () => {
    await people.updateOne({ _id: 10 }, { $set: { email: 'renamed@orleans.fr' } });
    await people.deleteOne({ _id: 11 });

    expect(await people.findOne({ email: 'p10@orleans.fr' })).toBeNull();
    expect(await people.findOne({ email: 'renamed@orleans.fr' })).toMatchObject({ _id: 10 });
    expect(await people.findOne({ email: 'p11@orleans.fr' })).toBeNull();
    await people.insertOne({ _id: 11, email: 'p10@orleans.fr', team: 't1', rank: 0, note: '' });
  });

  it('answers from a partial index when the sought value is one the index holds, and scans otherwise', async () => {
    const accounts = client.db('indexes').collection<{ _id: number; login?: string | number }>('accounts');
    await accounts.createIndex(
      { login: 1 },
      { unique: true, partialFilterExpression: { login: { $type: 'string' } } },
    );
    await accounts.insertMany([
      ...Array.from({ length: 200 }, (_, index) => ({ _id: index, login: `user${index}` })),
      { _id: 200, login: 42 },
      { _id: 201 },
    ]);

    const byString = await measure(() => accounts.findOne({ login: 'user150' }));
    const byNumber = await measure(async () =>
      expect(await accounts.findOne({ login: 42 })).toMatchObject({ _id: 200 }),
    );

    expect(byString).toEqual({ documentsExamined: 1, indexLookups: 1, collectionScans: 0 });
    expect(byNumber).toMatchObject({ indexLookups: 0, collectionScans: 1 });
  });
});
