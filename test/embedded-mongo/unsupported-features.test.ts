import { Decimal128, Long, MongoClient, type Db } from 'mongodb';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/embedded-mongo';
import { serverError } from './against-servers';

/** What the engine refuses with an error naming it, where a real MongoDB would answer. */
describe('embedded mongo unsupported features', () => {
  let mongo: EmbeddedMongo;
  let client: MongoClient;
  let db: Db;

  beforeAll(async () => {
    mongo = await startEmbeddedMongo();
    client = await MongoClient.connect(mongo.uri);
    db = client.db('unsupported');
    await db.collection('prices').insertMany([
      { _id: 1 as never, price: Decimal128.fromString('9.5') },
      { _id: 2 as never, price: Decimal128.fromString('10') },
    ]);
  });

  afterAll(async () => {
    await client.close();
    await mongo.stop();
  });

  it.each([
    [
      'a sort on Decimal128 values',
      () => db.collection('prices').find().sort({ price: 1 }).toArray(),
      'Decimal128',
    ],
    [
      'a range comparison with a Decimal128 operand',
      () =>
        db
          .collection('prices')
          .find({ price: { $gt: Decimal128.fromString('9') } })
          .toArray(),
      'Decimal128',
    ],
    [
      'a range comparison over Decimal128 values',
      () =>
        db
          .collection('prices')
          .find({ price: { $gt: 9 } })
          .toArray(),
      'Decimal128',
    ],
    [
      'the $out stage',
      () =>
        db
          .collection('prices')
          .aggregate([{ $out: 'copy' }])
          .toArray(),
      '$out',
    ],
    ['a text index', () => db.collection('prices').createIndex({ name: 'text' }), 'text'],
    [
      'an index with a collation',
      () => db.collection('prices').createIndex({ name: 1 }, { collation: { locale: 'fr' } }),
      'collation',
    ],
    ['a capped collection', () => db.createCollection('capped', { capped: true, size: 1000 }), 'capped'],
    ['a tailable cursor', () => db.collection('prices').find({}, { tailable: true }).toArray(), 'tailable'],
    [
      'server-side JavaScript ($where)',
      () => db.collection('prices').find({ $where: 'true' }).toArray(),
      '$where',
    ],
    [
      'storing a 64-bit integer',
      () => db.collection('longs').insertOne({ n: Long.fromNumber(5) }),
      '64-bit integer',
    ],
    [
      'an ordering comparison of strings under a collation',
      () =>
        db
          .collection('prices')
          .find({ name: { $gt: 'b' } }, { collation: { locale: 'fr', strength: 1 } })
          .toArray(),
      'collation',
    ],
    [
      'a collation strength above 3',
      () =>
        db
          .collection('prices')
          .find({ name: 'b' }, { collation: { locale: 'fr', strength: 4 } })
          .toArray(),
      'strength',
    ],
    [
      'a $group by field under a collation',
      () =>
        db
          .collection('prices')
          .aggregate([{ $group: { _id: '$name' } }], { collation: { locale: 'fr' } })
          .toArray(),
      '$group',
    ],
    [
      'a unique index on a collection with a default collation',
      async () => {
        await db.createCollection('collated', { collation: { locale: 'fr', strength: 2 } });
        await db.collection('collated').createIndex({ name: 1 }, { unique: true });
      },
      'collation',
    ],
    [
      'a collMod option other than an index change',
      () => db.command({ collMod: 'prices', validator: { price: { $exists: true } } }),
      'validator',
    ],
    [
      'a server parameter other than the TTL monitor ones',
      () => client.db('admin').command({ setParameter: 1, notablescan: true }),
      'notablescan',
    ],
  ])('refuses %s with an error naming it', async (_label, action, named) => {
    const error = await serverError(action);

    expect(error.message).toContain(named);
  });

  it('still matches Decimal128 values by equality', async () => {
    expect(await db.collection('prices').findOne({ price: Decimal128.fromString('10') })).toMatchObject({
      _id: 2,
    });
  });
});
