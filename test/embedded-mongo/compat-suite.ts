import { randomBytes } from 'node:crypto';
import { Binary, Decimal128, MongoClient, MongoServerError, ObjectId, type Db } from 'mongodb';
import mongoose from 'mongoose';
import { serverError, type LooseDocument } from './against-servers';

/**
 * The behaviour the app relies on, written against the plain driver and mongoose. It runs against the
 * embedded engine and, when MONGODB_URI is set, against a real MongoDB, so that both answer the same.
 */
export function describeCompat(name: string, getUri: () => string): void {
  describe(`MongoDB compatibility: ${name}`, () => {
    let client: MongoClient;
    let db: Db;
    let connection: mongoose.Connection;
    const databaseName = `compat_${randomBytes(4).toString('hex')}`;

    beforeAll(async () => {
      client = await MongoClient.connect(getUri());
      db = client.db(databaseName);
      connection = await mongoose.createConnection(getUri(), { dbName: databaseName }).asPromise();
    });

    afterAll(async () => {
      await db.dropDatabase();
      await connection.close();
      await client.close();
    });

    // Tests use numbers and strings as _id too, which the driver's default schema (ObjectId _id) would refuse.
    const collection = (collectionName: string) => db.collection<LooseDocument>(collectionName);

    describe('documents and values', () => {
      it('stores ObjectId, Date, Decimal128, Binary, nested documents and arrays and reads them back unchanged', async () => {
        const document = {
          _id: new ObjectId(),
          at: new Date('2024-05-06T07:08:09.123Z'),
          price: Decimal128.fromString('12.3400'),
          payload: new Binary(Buffer.from([0, 1, 2, 250]), 0),
          nested: { list: [1, 'two', { three: [3] }], empty: {}, none: null },
          ref: new ObjectId(),
          big: 2 ** 40,
          ratio: 0.25,
        };
        await collection('values').insertOne(document);

        const found = await collection('values').findOne({ _id: document._id });

        expect(found).toEqual(document);
        expect(found?.price).toBeInstanceOf(Decimal128);
        expect(found?.price.toString()).toBe('12.3400');
        expect(found?.ref).toBeInstanceOf(ObjectId);
        expect(found?.at).toBeInstanceOf(Date);
        expect(Buffer.from((found?.payload as Binary).buffer)).toEqual(Buffer.from([0, 1, 2, 250]));
      });

      it('gives a document without _id an ObjectId stored as its first field', async () => {
        const { insertedId } = await collection('ids').insertOne({ name: 'no id' });
        const found = await collection('ids').findOne({ name: 'no id' });

        expect(insertedId).toBeInstanceOf(ObjectId);
        expect(Object.keys(found ?? {})).toEqual(['_id', 'name']);
      });

      it('matches and sorts by ObjectId and Date values', async () => {
        const ids = [0, 1, 2].map((second) => ObjectId.createFromTime(1_700_000_000 + second));
        await collection('ordered').insertMany([
          { _id: ids[2], at: new Date('2024-01-03'), owner: ids[0] },
          { _id: ids[0], at: new Date('2024-01-01'), owner: ids[1] },
          { _id: ids[1], at: new Date('2024-01-02'), owner: ids[1] },
        ]);

        const byId = await collection('ordered').find().sort({ _id: 1 }).toArray();
        const byDate = await collection('ordered').find().sort({ at: -1 }).toArray();
        const owned = await collection('ordered')
          .find({ owner: new ObjectId(ids[1].toHexString()) })
          .sort({ _id: 1 })
          .toArray();
        const recent = await collection('ordered').countDocuments({ at: { $gte: new Date('2024-01-02') } });

        expect(byId.map((document) => document._id)).toEqual(ids);
        expect(byDate.map((document) => document._id)).toEqual([ids[2], ids[1], ids[0]]);
        expect(owned.map((document) => document._id)).toEqual([ids[0], ids[1]]);
        expect(recent).toBe(2);
        expect(await collection('ordered').findOne({ _id: { $in: [ids[1]] } })).toMatchObject({
          _id: ids[1],
        });
      });
    });

    describe('queries', () => {
      beforeAll(async () => {
        await collection('people').insertMany([
          {
            _id: 1,
            name: 'Ada',
            age: 36,
            city: 'Orléans',
            tags: ['math', 'code'],
            address: { zip: '45000' },
          },
          { _id: 2, name: 'Bob', age: 25, city: 'Tours', tags: ['code'], address: { zip: '37000' } },
          { _id: 3, name: 'Chloé', age: 41, city: 'Orléans', tags: [], manager: true },
          { _id: 4, name: 'Dan', age: 25, city: 'Blois', tags: ['art', 'math'], address: { zip: '41000' } },
          { _id: 5, name: 'eve', age: null, city: 'Tours' },
        ]);
      });

      it.each([
        ['equality', { city: 'Orléans' }, [1, 3]],
        ['$ne', { city: { $ne: 'Tours' } }, [1, 3, 4]],
        ['$gt and $lte', { age: { $gt: 25, $lte: 40 } }, [1]],
        ['$in', { city: { $in: ['Blois', 'Tours'] } }, [2, 4, 5]],
        ['$nin', { city: { $nin: ['Blois', 'Tours'] } }, [1, 3]],
        ['$or', { $or: [{ age: 41 }, { name: 'Bob' }] }, [2, 3]],
        ['$and', { $and: [{ age: 25 }, { tags: 'math' }] }, [4]],
        ['$nor', { $nor: [{ city: 'Tours' }, { city: 'Orléans' }] }, [4]],
        ['$not', { age: { $not: { $gt: 30 } } }, [2, 4, 5]],
        ['$exists', { manager: { $exists: true } }, [3]],
        ['null matches missing and null', { age: null }, [5]],
        ['array contains', { tags: 'code' }, [1, 2]],
        ['$all', { tags: { $all: ['math', 'code'] } }, [1]],
        ['$size', { tags: { $size: 0 } }, [3]],
        ['$elemMatch', { tags: { $elemMatch: { $in: ['art'] } } }, [4]],
        ['dotted path', { 'address.zip': '37000' }, [2]],
        ['$regex', { name: { $regex: '^[a-c]', $options: 'i' } }, [1, 2, 3]],
        ['regular expression literal', { name: /^e/ }, [5]],
        ['$type', { age: { $type: 'null' } }, [5]],
        ['$expr', { $expr: { $gt: ['$age', 40] } }, [3]],
        ['$mod', { age: { $mod: [5, 0] } }, [2, 4]],
      ])('filters with %s', async (_label, filter, expected) => {
        const found = await collection('people').find(filter).sort({ _id: 1 }).toArray();

        expect(found.map((document) => document._id)).toEqual(expected);
      });

      it('matches string and ObjectId equalities on several fields, in arrays too, without a sort', async () => {
        const [first, second] = [new ObjectId(), new ObjectId()];
        const links = collection('links');
        await links.insertMany([
          { _id: 'a', owner: first, group: 'gps', tags: ['x', 'y'] },
          { _id: 'b', owner: second, group: 'gps', tags: 'x' },
          { _id: 'c', owner: [second, first], group: ['gps', 'trans'] },
          { _id: 'd', owner: first.toHexString(), group: 'gps', tags: [['x']] },
          { _id: 'e', group: 'gps' },
        ]);
        const ids = async (
          filter: Record<string, unknown>,
          options: { skip?: number; limit?: number } = {},
        ) => (await links.find(filter, options).toArray()).map((document) => document._id).sort();

        expect(await ids({ owner: new ObjectId(first.toHexString()), group: 'gps' })).toEqual(['a', 'c']);
        expect(await ids({ owner: first.toHexString() })).toEqual(['d']);
        expect(await ids({ tags: 'x' })).toEqual(['a', 'b']);
        expect(await ids({ _id: 'e', group: 'gps' })).toEqual(['e']);
        expect(await ids({ group: 'gps', missing: 'x' })).toEqual([]);
        expect(await ids({ _id: { $in: ['b', 'e', 'z'] } })).toEqual(['b', 'e']);
        expect(await ids({ owner: { $in: [second] }, group: { $eq: 'gps' } })).toEqual(['b', 'c']);
        expect(await ids({ tags: { $in: ['y', 'z'] } })).toEqual(['a']);
        expect(await ids({ group: 'gps' }, { skip: 1, limit: 2 })).toHaveLength(2);
        expect(await links.countDocuments({ group: 'trans' })).toBe(1);
      });

      it('sorts on several keys, skips and limits', async () => {
        const found = await collection('people')
          .find({ age: { $ne: null } })
          .sort({ age: 1, name: -1 })
          .skip(1)
          .limit(2)
          .toArray();

        expect(found.map((document) => document.name)).toEqual(['Bob', 'Ada']);
      });

      it('projects with inclusion, exclusion, nested fields, $slice and $elemMatch', async () => {
        const people = collection('people');

        expect(await people.findOne({ _id: 1 }, { projection: { name: 1 } })).toEqual({
          _id: 1,
          name: 'Ada',
        });
        expect(await people.findOne({ _id: 1 }, { projection: { name: 1, _id: 0 } })).toEqual({
          name: 'Ada',
        });
        expect(await people.findOne({ _id: 2 }, { projection: { tags: 0, address: 0, age: 0 } })).toEqual({
          _id: 2,
          name: 'Bob',
          city: 'Tours',
        });
        expect(await people.findOne({ _id: 1 }, { projection: { 'address.zip': 1, _id: 0 } })).toEqual({
          address: { zip: '45000' },
        });
        expect(
          await people.findOne({ _id: 1 }, { projection: { tags: { $slice: 1 }, _id: 0, name: 1 } }),
        ).toEqual({
          name: 'Ada',
          tags: ['math'],
        });
        await collection('projected').insertOne({
          _id: 1,
          rows: [
            { k: 'a', v: 1 },
            { k: 'b', v: 2 },
          ],
        });
        expect(
          await collection('projected').findOne(
            { _id: 1 },
            { projection: { rows: { $elemMatch: { k: 'b' } } } },
          ),
        ).toEqual({ _id: 1, rows: [{ k: 'b', v: 2 }] });
      });

      it('iterates a cursor over several batches and kills an abandoned one', async () => {
        await collection('many').insertMany(Array.from({ length: 250 }, (_, index) => ({ index })));

        const all = await collection('many').find().sort({ index: 1 }).batchSize(40).toArray();
        const cursor = collection('many').find().batchSize(10);
        const first = await cursor.next();
        await cursor.close();

        expect(all.map((document) => document.index)).toEqual(
          Array.from({ length: 250 }, (_, index) => index),
        );
        expect(first).not.toBeNull();
        expect(cursor.killed).toBe(true);
      });

      it('counts documents and lists distinct values, unwinding arrays', async () => {
        const people = collection('people');

        expect(await people.countDocuments({ city: 'Tours' })).toBe(2);
        expect(await people.countDocuments({}, { skip: 1, limit: 2 })).toBe(2);
        expect(await people.estimatedDocumentCount()).toBe(5);
        expect((await people.distinct('city')).sort()).toEqual(['Blois', 'Orléans', 'Tours']);
        expect((await people.distinct('tags', { city: { $ne: 'Blois' } })).sort()).toEqual(['code', 'math']);
      });
    });

    describe('updates and deletes', () => {
      it('applies update operators', async () => {
        const items = db.collection<{
          _id: number;
          count: number;
          list: number[];
          set: string[];
          low: number;
          high: number;
          old?: string;
          gone?: number;
          renamed?: string;
          deep?: { field: boolean };
          price?: number;
          touchedAt?: Date;
        }>('items');
        await items.insertOne({
          _id: 1,
          count: 1,
          list: [1, 2, 3],
          set: ['a'],
          low: 5,
          high: 5,
          old: 'x',
          gone: 1,
        });

        const result = await items.updateOne(
          { _id: 1 },
          {
            $inc: { count: 2 },
            $push: { list: { $each: [4, 5] } },
            $addToSet: { set: { $each: ['a', 'b'] } },
            $min: { low: 3 },
            $max: { high: 9 },
            $rename: { old: 'renamed' },
            $unset: { gone: '' },
            $set: { 'deep.field': true },
            $mul: { price: 2 },
            $currentDate: { touchedAt: true },
          },
        );
        await items.updateOne({ _id: 1 }, { $pull: { list: { $gte: 4 } }, $pop: { set: -1 } });
        const found = await items.findOne({ _id: 1 });

        expect(result).toMatchObject({ matchedCount: 1, modifiedCount: 1 });
        expect(found).toMatchObject({
          count: 3,
          list: [1, 2, 3],
          set: ['b'],
          low: 3,
          high: 9,
          renamed: 'x',
          deep: { field: true },
          price: 0,
        });
        expect(found?.gone).toBeUndefined();
        expect(found?.touchedAt).toBeInstanceOf(Date);
      });

      it('counts matched but unmodified documents', async () => {
        await collection('same').insertMany([{ flag: true }, { flag: true }, { flag: false }]);

        const result = await collection('same').updateMany({}, { $set: { flag: true } });

        expect(result).toMatchObject({ matchedCount: 3, modifiedCount: 1 });
      });

      it('upserts a document from the equality fields of the filter and $setOnInsert', async () => {
        const counters = collection('upserts');

        const first = await counters.updateOne(
          { name: 'visits', 'scope.site': 'a', level: { $gte: 1 } },
          { $inc: { value: 1 }, $setOnInsert: { createdBy: 'upsert' } },
          { upsert: true },
        );
        const second = await counters.updateOne(
          { name: 'visits', 'scope.site': 'a' },
          { $inc: { value: 1 }, $setOnInsert: { createdBy: 'second' } },
          { upsert: true },
        );
        const found = await counters.findOne({ name: 'visits' }, { projection: { _id: 0 } });

        expect(first.upsertedCount).toBe(1);
        expect(first.upsertedId).toBeInstanceOf(ObjectId);
        expect(second).toMatchObject({ matchedCount: 1, upsertedCount: 0 });
        expect(found).toEqual({ name: 'visits', scope: { site: 'a' }, value: 2, createdBy: 'upsert' });
      });

      it("lets an upsert choose the new document's _id in $setOnInsert", async () => {
        const ballots = collection('chosen-ids');

        const inserted = await ballots.findOneAndUpdate(
          { poll: 'p1', voter: 'v1' },
          { $set: { choice: 'a' }, $setOnInsert: { _id: 'p1:v1' as never } },
          { upsert: true, returnDocument: 'after' },
        );
        await ballots.updateOne(
          { poll: 'p1', voter: 'v1' },
          { $set: { choice: 'b' }, $setOnInsert: { _id: 'other' as never } },
          { upsert: true },
        );

        expect(inserted).toEqual({ _id: 'p1:v1', poll: 'p1', voter: 'v1', choice: 'a' });
        expect(await ballots.find({}).toArray()).toEqual([
          { _id: 'p1:v1', poll: 'p1', voter: 'v1', choice: 'b' },
        ]);
      });

      it('upserts with a replacement document and the _id of the filter', async () => {
        await collection('replaced').replaceOne({ _id: 'settings' }, { theme: 'dark' }, { upsert: true });

        expect(await collection('replaced').findOne({ _id: 'settings' as never })).toEqual({
          _id: 'settings',
          theme: 'dark',
        });
      });

      it('updates array elements chosen by arrayFilters and by the positional operator', async () => {
        const sheets = collection('sheets');
        await sheets.insertOne({
          _id: 1,
          rows: [
            { name: 'a', done: false, score: 1 },
            { name: 'b', done: false, score: 5 },
            { name: 'c', done: true, score: 9 },
          ],
        });

        await sheets.updateOne(
          { _id: 1 },
          { $set: { 'rows.$[row].done': true } },
          { arrayFilters: [{ 'row.score': { $gte: 5 } }] },
        );
        await sheets.updateOne({ _id: 1, 'rows.name': 'a' }, { $inc: { 'rows.$.score': 10 } });
        const found = await sheets.findOne({ _id: 1 });

        expect(found?.rows).toEqual([
          { name: 'a', done: false, score: 11 },
          { name: 'b', done: true, score: 5 },
          { name: 'c', done: true, score: 9 },
        ]);
      });

      it('replaces a document keeping its _id and refuses to change the _id', async () => {
        const replaced = collection('replace');
        await replaced.insertOne({ _id: 7, a: 1, b: 2 });

        await replaced.replaceOne({ _id: 7 }, { c: 3 });
        const error = await serverError(() => replaced.updateOne({ _id: 7 }, { $set: { _id: 8 } }));

        expect(await replaced.findOne({ _id: 7 })).toEqual({ _id: 7, c: 3 });
        expect(error.code).toBe(66);
      });

      it('updates with an aggregation pipeline', async () => {
        await collection('pipelined').insertOne({ _id: 1, first: 'Ada', last: 'Lovelace' });

        await collection('pipelined').updateOne({ _id: 1 }, [
          { $set: { full: { $concat: ['$first', ' ', '$last'] } } },
          { $unset: 'last' },
        ]);

        expect(await collection('pipelined').findOne({ _id: 1 })).toEqual({
          _id: 1,
          first: 'Ada',
          full: 'Ada Lovelace',
        });
      });

      it('deletes one or many documents', async () => {
        const trash = collection('trash');
        await trash.insertMany([{ kind: 'a' }, { kind: 'a' }, { kind: 'a' }, { kind: 'b' }]);

        const one = await trash.deleteOne({ kind: 'a' });
        const many = await trash.deleteMany({ kind: 'a' });

        expect(one.deletedCount).toBe(1);
        expect(many.deletedCount).toBe(2);
        expect(await trash.countDocuments()).toBe(1);
      });
    });

    describe('findOneAndUpdate and findOneAndDelete', () => {
      beforeAll(async () => {
        await collection('queue').insertMany([
          { _id: 1, priority: 2, state: 'ready' },
          { _id: 2, priority: 9, state: 'ready' },
          { _id: 3, priority: 5, state: 'ready' },
        ]);
      });

      it('returns the document before or after the update', async () => {
        const before = await collection('queue').findOneAndUpdate({ _id: 1 }, { $set: { state: 'seen' } });
        const after = await collection('queue').findOneAndUpdate(
          { _id: 1 },
          { $set: { state: 'taken' } },
          { returnDocument: 'after', projection: { state: 1, _id: 0 } },
        );

        expect(before).toMatchObject({ _id: 1, state: 'ready' });
        expect(after).toEqual({ state: 'taken' });
      });

      it('takes the first document in sort order', async () => {
        const taken = await collection('queue').findOneAndUpdate(
          { state: 'ready' },
          { $set: { state: 'taken' } },
          { sort: { priority: -1 }, returnDocument: 'after' },
        );

        expect(taken).toMatchObject({ _id: 2, state: 'taken' });
      });

      it('upserts and returns the new document, or null when nothing matched', async () => {
        const created = await collection('queue').findOneAndUpdate(
          { _id: 10 },
          { $set: { state: 'new' } },
          { upsert: true, returnDocument: 'after' },
        );
        const missing = await collection('queue').findOneAndUpdate({ _id: 99 }, { $set: { state: 'x' } });
        const metadata = await collection('queue').findOneAndUpdate(
          { _id: 11 },
          { $set: { state: 'new' } },
          { upsert: true, includeResultMetadata: true },
        );

        expect(created).toEqual({ _id: 10, state: 'new' });
        expect(missing).toBeNull();
        expect(metadata.value).toBeNull();
        expect(metadata.lastErrorObject).toMatchObject({ n: 1, updatedExisting: false, upserted: 11 });
      });

      it('removes the first document in sort order', async () => {
        await collection('queue').insertOne({ _id: 4, priority: 7, state: 'ready' });

        const removed = await collection('queue').findOneAndDelete(
          { state: 'ready' },
          { sort: { priority: 1 } },
        );

        expect(removed).toMatchObject({ _id: 3 });
        expect(await collection('queue').findOne({ _id: 3 })).toBeNull();
        expect(await collection('queue').findOne({ _id: 4 })).not.toBeNull();
      });
    });

    describe('aggregation', () => {
      beforeAll(async () => {
        await collection('orders').insertMany([
          { _id: 1, customer: 'c1', items: ['pen', 'ink'], total: 10 },
          { _id: 2, customer: 'c2', items: ['pen'], total: 5 },
          { _id: 3, customer: 'c1', items: ['paper'], total: 20 },
        ]);
        await collection('customers').insertMany([
          { _id: 'c1', name: 'Orléans' },
          { _id: 'c2', name: 'Tours' },
        ]);
      });

      it('groups, sorts and projects', async () => {
        const totals = await collection('orders')
          .aggregate([
            { $match: { total: { $gte: 5 } } },
            { $group: { _id: '$customer', sum: { $sum: '$total' }, count: { $sum: 1 } } },
            { $sort: { sum: -1 } },
            { $project: { _id: 0, customer: '$_id', sum: 1, count: 1 } },
          ])
          .toArray();

        expect(totals).toEqual([
          { sum: 30, count: 2, customer: 'c1' },
          { sum: 5, count: 1, customer: 'c2' },
        ]);
      });

      it('unwinds arrays, counts, skips and limits', async () => {
        const pens = await collection('orders')
          .aggregate([{ $unwind: '$items' }, { $match: { items: 'pen' } }, { $count: 'pens' }])
          .toArray();
        const page = await collection('orders')
          .aggregate([{ $sort: { _id: 1 } }, { $skip: 1 }, { $limit: 1 }, { $project: { _id: 1 } }])
          .toArray();

        expect(pens).toEqual([{ pens: 2 }]);
        expect(page).toEqual([{ _id: 2 }]);
      });

      it('joins with $lookup and adds fields', async () => {
        const joined = await collection('orders')
          .aggregate([
            { $match: { _id: 2 } },
            { $lookup: { from: 'customers', localField: 'customer', foreignField: '_id', as: 'buyer' } },
            { $addFields: { buyerName: { $first: '$buyer.name' } } },
            { $project: { _id: 0, buyerName: 1 } },
          ])
          .toArray();

        expect(joined).toEqual([{ buyerName: 'Tours' }]);
      });

      it('runs $facet and $set', async () => {
        const [facets] = await collection('orders')
          .aggregate([
            { $set: { big: { $gte: ['$total', 10] } } },
            { $facet: { big: [{ $match: { big: true } }, { $count: 'n' }], all: [{ $count: 'n' }] } },
          ])
          .toArray();

        expect(facets).toEqual({ big: [{ n: 2 }], all: [{ n: 3 }] });
      });

      it('groups by a whole array, in order', async () => {
        const lists = await collection('orders')
          .aggregate([{ $group: { _id: '$items', count: { $sum: 1 } } }])
          .toArray();

        expect(lists.sort((a, b) => String(a._id).localeCompare(String(b._id)))).toEqual([
          { _id: ['paper'], count: 1 },
          { _id: ['pen'], count: 1 },
          { _id: ['pen', 'ink'], count: 1 },
        ]);
      });

      it('answers pipelines with and without let variables or a $lookup one after the other alike', async () => {
        const plain = [{ $match: { customer: 'c1' } }, { $group: { _id: null, sum: { $sum: '$total' } } }];
        const withLet = [
          { $match: { $expr: { $eq: ['$customer', '$$who'] } } },
          { $group: { _id: null, sum: { $sum: '$total' } } },
        ];
        const joinedInFacet = [
          { $match: { _id: 3 } },
          {
            $facet: {
              names: [
                { $lookup: { from: 'customers', localField: 'customer', foreignField: '_id', as: 'buyer' } },
                { $project: { _id: 0, name: { $first: '$buyer.name' } } },
              ],
            },
          },
        ];
        const run = (pipeline: LooseDocument[], options = {}) =>
          collection('orders').aggregate(pipeline, options).toArray();

        expect(await run(plain)).toEqual([{ _id: null, sum: 30 }]);
        expect(await run(withLet, { let: { who: 'c2' } })).toEqual([{ _id: null, sum: 5 }]);
        expect(await run(joinedInFacet)).toEqual([{ names: [{ name: 'Orléans' }] }]);
        expect(await run(plain)).toEqual([{ _id: null, sum: 30 }]);
      });

      it('runs a leading $match of plain equalities alone or before other stages, on copies', async () => {
        const orders = collection('orders');
        const alone = await orders.aggregate([{ $match: { customer: 'c1' } }]).toArray();
        const counted = await orders
          .aggregate([{ $match: { customer: { $in: ['c2'] } } }, { $count: 'n' }])
          .toArray();
        const changed = await orders
          .aggregate([{ $match: { customer: 'c1' } }, { $set: { total: 0 } }, { $project: { total: 1 } }])
          .toArray();

        expect(alone.map((order) => order._id).sort()).toEqual([1, 3]);
        expect(counted).toEqual([{ n: 1 }]);
        expect(changed.map((order) => order.total)).toEqual([0, 0]);
        expect(await orders.findOne({ _id: 1 })).toMatchObject({ total: 10 });
      });

      it('leaves the stored documents untouched by pipeline stages', async () => {
        await collection('orders')
          .aggregate([{ $set: { total: 0, items: [] } }])
          .toArray();

        expect(await collection('orders').findOne({ _id: 1 })).toMatchObject({
          total: 10,
          items: ['pen', 'ink'],
        });
      });
    });

    describe('unique indexes', () => {
      it('rejects a second document with the same unique email with code 11000', async () => {
        const users = collection('users');
        await users.createIndex({ email: 1 }, { unique: true });
        await users.insertOne({ email: 'ada@orleans.fr' });

        const error = await serverError(() => users.insertOne({ email: 'ada@orleans.fr' }));

        expect(error.code).toBe(11000);
        expect(error.message).toContain('E11000 duplicate key error collection: ');
        expect(error.message).toContain('.users index: email_1 dup key: { email: "ada@orleans.fr" }');
        expect(error.keyPattern ?? error.errorResponse.keyPattern).toEqual({ email: 1 });
        expect(error.keyValue ?? error.errorResponse.keyValue).toEqual({ email: 'ada@orleans.fr' });
      });

      it('rejects a duplicate _id with code 11000', async () => {
        await collection('dupids').insertOne({ _id: 1 });

        const error = await serverError(() => collection('dupids').insertOne({ _id: 1 }));

        expect(error.code).toBe(11000);
        expect(error.message).toContain('index: _id_ dup key: { _id: 1 }');
      });

      it('enforces a compound unique index on the combination only', async () => {
        const members = collection('members');
        await members.createIndex({ group: 1, user: 1 }, { unique: true });
        await members.insertMany([
          { group: 'g1', user: 'u1' },
          { group: 'g1', user: 'u2' },
          { group: 'g2', user: 'u1' },
        ]);

        const error = await serverError(() => members.insertOne({ group: 'g1', user: 'u2' }));

        expect(error.code).toBe(11000);
        expect(error.errorResponse.keyValue ?? error.keyValue).toEqual({ group: 'g1', user: 'u2' });
      });

      it('lets a sparse unique index hold many documents without the field', async () => {
        const accounts = collection('accounts');
        await accounts.createIndex({ teamsId: 1 }, { unique: true, sparse: true });
        await accounts.insertMany([{ name: 'a' }, { name: 'b' }, { teamsId: 't1' }]);

        const error = await serverError(() => accounts.insertOne({ teamsId: 't1' }));

        expect(error.code).toBe(11000);
        expect(await accounts.countDocuments()).toBe(3);
      });

      it('enforces a partial unique index only on documents matching its filter', async () => {
        const polls = collection('polls');
        await polls.createIndex(
          { channel: 1 },
          { unique: true, partialFilterExpression: { status: 'open' }, name: 'one_open_poll_per_channel' },
        );
        await polls.insertMany([
          { channel: 'c1', status: 'closed' },
          { channel: 'c1', status: 'closed' },
          { channel: 'c1', status: 'open' },
        ]);

        const error = await serverError(() => polls.insertOne({ channel: 'c1', status: 'open' }));
        const reopen = await serverError(() =>
          polls.updateOne({ channel: 'c1', status: 'closed' }, { $set: { status: 'open' } }),
        );

        expect(error.code).toBe(11000);
        expect(error.message).toContain('index: one_open_poll_per_channel');
        expect(reopen.code).toBe(11000);
      });

      it('reports the failing position of an ordered and an unordered insert batch', async () => {
        const tags = collection('tags');
        await tags.createIndex({ label: 1 }, { unique: true });
        const batch = [{ label: 'a' }, { label: 'b' }, { label: 'a' }, { label: 'c' }];

        const ordered = await serverError(() => tags.insertMany(batch.map((tag) => ({ ...tag }))));
        await tags.deleteMany({});
        const unordered = await serverError(() =>
          tags.insertMany(
            batch.map((tag) => ({ ...tag })),
            { ordered: false },
          ),
        );

        expect(ordered.code).toBe(11000);
        expect(
          (ordered as unknown as { writeErrors: Array<{ index: number }> }).writeErrors.map((e) => e.index),
        ).toEqual([2]);
        expect((unordered as unknown as { insertedCount: number }).insertedCount).toBe(3);
        expect(await tags.countDocuments()).toBe(3);
      });

      it('reports a duplicate key caused by an update and leaves the document unchanged', async () => {
        const handles = collection('handles');
        await handles.createIndex({ handle: 1 }, { unique: true });
        await handles.insertMany([
          { _id: 1, handle: 'a' },
          { _id: 2, handle: 'b' },
        ]);

        const error = await serverError(() => handles.updateOne({ _id: 2 }, { $set: { handle: 'a' } }));

        expect(error.code).toBe(11000);
        expect(await handles.findOne({ _id: 2 })).toEqual({ _id: 2, handle: 'b' });
      });

      it('answers a duplicate key from findOneAndUpdate as a command error', async () => {
        const slots = collection('slots');
        await slots.createIndex({ slot: 1 }, { unique: true });
        await slots.insertMany([
          { _id: 1, slot: 1 },
          { _id: 2, slot: 2 },
        ]);

        const error = await serverError(() => slots.findOneAndUpdate({ _id: 2 }, { $set: { slot: 1 } }));

        expect(error.code).toBe(11000);
        expect(error.codeName).toBe('DuplicateKey');
        expect(error.errorResponse.keyValue).toEqual({ slot: 1 });
      });

      it('refuses to build a unique index over existing duplicates', async () => {
        await collection('dups').insertMany([{ code: 'x' }, { code: 'x' }]);

        const error = await serverError(() => collection('dups').createIndex({ code: 1 }, { unique: true }));

        expect(error.code).toBe(11000);
        expect((await collection('dups').indexes()).map((index) => index.name)).toEqual(['_id_']);
      });
    });

    describe('indexes, collections and databases', () => {
      it('creates, lists and drops indexes', async () => {
        const indexed = collection('indexed');
        await indexed.createIndex({ a: 1, b: -1 });
        await indexed.createIndex({ c: 1 }, { name: 'by_c', sparse: true });
        await indexed.createIndex({ a: 1, b: -1 });

        const before = await indexed.indexes();
        await indexed.dropIndex('by_c');
        const after = await indexed.indexes();

        expect(before.map((index) => [index.name, index.key])).toEqual([
          ['_id_', { _id: 1 }],
          ['a_1_b_-1', { a: 1, b: -1 }],
          ['by_c', { c: 1 }],
        ]);
        expect(before[2].sparse).toBe(true);
        expect(after.map((index) => index.name)).toEqual(['_id_', 'a_1_b_-1']);
      });

      it('lists collections, by name only too, and drops them', async () => {
        await db.createCollection('listed');
        const error = await serverError(() => db.createCollection('listed'));

        const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((info) => info.name);
        const filtered = await db.listCollections({ name: 'listed' }).toArray();
        await db.dropCollection('listed');

        expect(error.code).toBe(48);
        expect(names).toContain('listed');
        expect(filtered).toHaveLength(1);
        expect(filtered[0]).toMatchObject({ name: 'listed', type: 'collection' });
        expect((await db.listCollections().toArray()).map((info) => info.name)).not.toContain('listed');
      });

      it('lists databases and drops one', async () => {
        const other = client.db(`${databaseName}_other`);
        await other.collection('x').insertOne({ x: 1 });

        const listed = await client.db('admin').admin().listDatabases();
        await other.dropDatabase();
        const after = await client.db('admin').admin().listDatabases({ nameOnly: true });

        expect(listed.databases.map((info) => info.name)).toContain(`${databaseName}_other`);
        expect(after.databases.map((info) => info.name)).not.toContain(`${databaseName}_other`);
      });
    });

    describe('errors', () => {
      it.each([
        [
          'query operator',
          () =>
            collection('people')
              .find({ age: { $foo: 1 } })
              .toArray(),
          '$foo',
        ],
        ['top-level query operator', () => collection('people').find({ $bar: 1 }).toArray(), '$bar'],
        [
          'update operator',
          () => collection('people').updateOne({ _id: 1 }, { $baz: { a: 1 } } as never),
          '$baz',
        ],
        [
          'pipeline stage',
          () =>
            collection('people')
              .aggregate([{ $qux: {} }])
              .toArray(),
          '$qux',
        ],
        [
          'expression operator',
          () =>
            collection('people')
              .aggregate([{ $project: { x: { $quux: 1 } } }])
              .toArray(),
          '$quux',
        ],
      ])('rejects an unknown %s with an error naming it', async (_label, action, operator) => {
        const error = await serverError(action);

        expect(error.message).toContain(operator);
        expect(error.code).toBeGreaterThan(0);
      });

      it('answers an unknown command with code 59 CommandNotFound', async () => {
        const error = await serverError(() => db.command({ frobnicate: 1 }));

        expect(error.code).toBe(59);
        expect(error.message).toContain("no such command: 'frobnicate'");
      });

      it('keeps the connection usable after a failed command', async () => {
        await serverError(() => db.command({ frobnicate: 1 }));

        expect(await db.command({ ping: 1 })).toMatchObject({ ok: 1 });
      });
    });

    describe('through mongoose', () => {
      const memberSchema = new mongoose.Schema(
        {
          email: { type: String, required: true, unique: true },
          name: String,
          group: { type: mongoose.Schema.Types.ObjectId, ref: 'Group' },
          visits: { type: Number, default: 0 },
        },
        { timestamps: true, collection: 'mongoose_members' },
      );
      const groupSchema = new mongoose.Schema({ label: String });

      it('creates the schema indexes and raises its duplicate-key error with code 11000', async () => {
        const Member = connection.model('Member', memberSchema);
        await Member.init();
        await Member.create({ email: 'a@orleans.fr', name: 'A' });

        const error = await Member.create({ email: 'a@orleans.fr', name: 'B' }).then(
          () => undefined,
          (failure: unknown) => failure as MongoServerError,
        );

        expect((await Member.listIndexes()).map((index) => index.name)).toEqual(['_id_', 'email_1']);
        expect(error?.name).toBe('MongoServerError');
        expect(error?.code).toBe(11000);
        expect(error?.keyValue).toEqual({ email: 'a@orleans.fr' });
      });

      it('creates, finds, updates and deletes documents with timestamps and populate', async () => {
        const Group = connection.model('Group', groupSchema);
        const Member = connection.model('Member', memberSchema);
        const group = await Group.create({ label: 'Managers' });
        const member = await Member.create({ email: 'b@orleans.fr', name: 'B', group: group._id });

        const found = await Member.findById(member._id)
          .populate<{ group: { label: string } }>('group')
          .lean();
        await Member.updateOne({ _id: member._id }, { $set: { name: 'Bea' } });
        const updated = await Member.findOne({ email: 'b@orleans.fr' });
        const deleted = await Member.deleteOne({ _id: member._id });

        expect(found?.group.label).toBe('Managers');
        expect(found?.createdAt).toBeInstanceOf(Date);
        expect(updated?.name).toBe('Bea');
        expect(updated?.updatedAt.getTime()).toBeGreaterThanOrEqual(found?.updatedAt.getTime() ?? 0);
        expect(deleted.deletedCount).toBe(1);
      });

      it('counts 200 parallel findOneAndUpdate $inc on one document exactly', async () => {
        const Counter = connection.model('Counter', new mongoose.Schema({ name: String, value: Number }));
        await Counter.create({ name: 'hits', value: 0 });

        const results = await Promise.all(
          Array.from({ length: 200 }, () =>
            Counter.findOneAndUpdate(
              { name: 'hits' },
              { $inc: { value: 1 } },
              { returnDocument: 'after' },
            ).lean(),
          ),
        );

        expect((await Counter.findOne({ name: 'hits' }).lean())?.value).toBe(200);
        expect(new Set(results.map((result) => result?.value)).size).toBe(200);
      });

      it('runs unordered insertMany and bulkWrite with a duplicate in the batch', async () => {
        const Member = connection.model('Member', memberSchema);
        await Member.init();

        const error = await Member.insertMany(
          [{ email: 'c@orleans.fr' }, { email: 'c@orleans.fr' }, { email: 'd@orleans.fr' }],
          { ordered: false },
        ).then(
          () => undefined,
          (failure: unknown) => failure as MongoServerError,
        );
        const bulk = await Member.bulkWrite([
          { updateOne: { filter: { email: 'c@orleans.fr' }, update: { $inc: { visits: 1 } } } },
          { insertOne: { document: { email: 'e@orleans.fr' } } },
          { deleteOne: { filter: { email: 'd@orleans.fr' } } },
        ]);

        expect(error?.code).toBe(11000);
        expect(bulk.modifiedCount).toBe(1);
        expect(bulk.insertedCount).toBe(1);
        expect(bulk.deletedCount).toBe(1);
        expect(await Member.countDocuments({ email: { $in: ['c@orleans.fr', 'e@orleans.fr'] } })).toBe(2);
      });
    });
  });
}
