import { DBRef, ObjectId } from 'mongodb';
import { describeAgainstServers, serverError, type LooseDocument } from './against-servers';

/**
 * Requests MongoDB accepts, each with the result MongoDB's documentation gives. They run against the
 * embedded engine and, when MONGODB_URI is set, against a real MongoDB.
 */
describeAgainstServers('valid requests', (server) => {
  const collection = (name: string) => server.db().collection<LooseDocument>(name);

  describe('updates', () => {
    it('accepts a $set holding the unchanged _id of the document', async () => {
      await collection('same_id').insertOne({ _id: 1, name: 'Ada' });

      const result = await collection('same_id').updateOne({ _id: 1 }, { $set: { _id: 1, name: 'Ava' } });

      expect(result.modifiedCount).toBe(1);
      expect(await collection('same_id').findOne({ _id: 1 })).toEqual({ _id: 1, name: 'Ava' });
      expect(
        (await serverError(() => collection('same_id').updateOne({ _id: 1 }, { $set: { _id: 2 } }))).code,
      ).toBe(66);
    });

    it('accepts a bulkWrite update built from a whole document, _id included', async () => {
      await collection('bulk_same_id').insertOne({ _id: 7, name: 'Ada', visits: 1 });

      await collection('bulk_same_id').bulkWrite([
        { updateOne: { filter: { _id: 7 }, update: { $set: { _id: 7, name: 'Ada', visits: 2 } } } },
      ]);

      expect(await collection('bulk_same_id').findOne({ _id: 7 })).toEqual({
        _id: 7,
        name: 'Ada',
        visits: 2,
      });
    });

    it('sets two fields of the element matched by the positional $ in one update', async () => {
      const at = new Date('2024-03-04T05:06:07Z');
      await collection('positional').insertOne({ _id: 1, children: [{ name: 'a' }, { name: 'b' }] });

      await collection('positional').updateOne(
        { _id: 1, 'children.name': 'b' },
        { $set: { 'children.$.name': 'c', 'children.$.updatedAt': at } },
      );

      expect(await collection('positional').findOne({ _id: 1 })).toEqual({
        _id: 1,
        children: [{ name: 'a' }, { name: 'c', updatedAt: at }],
      });
    });

    it('adds to a set inside the element matched by the positional $', async () => {
      await collection('positional_set').insertOne({
        _id: 1,
        lists: [
          { name: 'x', items: ['a'] },
          { name: 'y', items: ['a'] },
        ],
      });

      await collection('positional_set').updateOne(
        { _id: 1, 'lists.name': 'y' },
        { $addToSet: { 'lists.$.items': 'b' }, $set: { 'lists.$.touched': true } },
      );

      expect(await collection('positional_set').findOne({ _id: 1 })).toEqual({
        _id: 1,
        lists: [
          { name: 'x', items: ['a'] },
          { name: 'y', items: ['a', 'b'], touched: true },
        ],
      });
    });

    it('sets two fields of the elements chosen by one array filter', async () => {
      await collection('array_filters').insertOne({
        _id: 1,
        grades: [{ score: 3 }, { score: 8 }, { score: 4 }],
      });

      await collection('array_filters').updateOne(
        { _id: 1 },
        { $set: { 'grades.$[low].late': true, 'grades.$[low].reviewed': 1 } },
        { arrayFilters: [{ 'low.score': { $lt: 5 } }] },
      );

      expect(await collection('array_filters').findOne({ _id: 1 })).toEqual({
        _id: 1,
        grades: [{ score: 3, late: true, reviewed: 1 }, { score: 8 }, { score: 4, late: true, reviewed: 1 }],
      });
    });

    it('refuses two paths of which one contains the other with code 40 ConflictingUpdateOperators', async () => {
      await collection('conflict').insertOne({ _id: 1, a: { b: 1 } });

      const error = await serverError(() =>
        collection('conflict').updateOne({ _id: 1 }, { $set: { a: {}, 'a.b': 2 } }),
      );

      expect(error.code).toBe(40);
      expect(error.message).toBe("Updating the path 'a.b' would create a conflict at 'a'");
    });

    it('stores $-prefixed field names of a nested document, inserted or replaced', async () => {
      await collection('dollar_fields').insertOne({ _id: 1, price: { $amount: 5, $currency: 'EUR' } });
      await collection('dollar_fields').replaceOne({ _id: 1 }, { price: { $amount: 6, $currency: 'EUR' } });

      expect(await collection('dollar_fields').findOne({ _id: 1 })).toEqual({
        _id: 1,
        price: { $amount: 6, $currency: 'EUR' },
      });
    });
  });

  it('creates $-prefixed fields with $set in an upsert, refuses them on an existing document (52)', async () => {
    await collection('dollar_upsert').updateOne(
      { date: '2021-07-07' },
      { $set: { phone: 25.17, $hotel: 320.1 } },
      { upsert: true },
    );

    expect(await collection('dollar_upsert').findOne({}, { projection: { _id: 0 } })).toEqual({
      date: '2021-07-07',
      phone: 25.17,
      $hotel: 320.1,
    });
    const error = await serverError(() =>
      collection('dollar_upsert').updateOne({ date: '2021-07-07' }, { $set: { $hotel: 300 } }),
    );
    expect(error.code).toBe(52);
  });

  describe('queries', () => {
    beforeAll(async () => {
      await collection('scores').insertMany([
        { _id: 1, results: [82, 85, 88], tags: ['a', 'b'] },
        { _id: 2, results: [75, 88, 89], tags: ['c'] },
        { _id: 3, results: [90], tags: [] },
      ]);
    });

    it.each([
      ['$gte and $lt on numbers', { results: { $elemMatch: { $gte: 80, $lt: 85 } } }, [1]],
      ['$in on strings', { tags: { $elemMatch: { $in: ['b', 'c'] } } }, [1, 2]],
      ['$ne', { results: { $elemMatch: { $ne: 90 } } }, [1, 2]],
    ])('matches arrays of scalars with $elemMatch holding %s', async (_label, filter, expected) => {
      const found = await collection('scores').find(filter).sort({ _id: 1 }).toArray();

      expect(found.map((document) => document._id)).toEqual(expected);
    });

    it('matches the $id of a DBRef inside $elemMatch', async () => {
      const target = new ObjectId();
      await collection('dbrefs').insertMany([
        { _id: 1, refs: [new DBRef('people', target)] },
        { _id: 2, refs: [new DBRef('people', new ObjectId())] },
      ]);

      const found = await collection('dbrefs')
        .find({ refs: { $elemMatch: { $id: target } } })
        .toArray();

      expect(found.map((document) => document._id)).toEqual([1]);
    });

    it('keeps the other fields when $slice sits next to an exclusion', async () => {
      await collection('slice_exclusion').insertOne({ _id: 1, comments: [1, 2, 3], secret: 'x', title: 't' });

      const found = await collection('slice_exclusion').findOne(
        { _id: 1 },
        { projection: { comments: { $slice: 1 }, secret: 0 } },
      );

      expect(found).toEqual({ _id: 1, comments: [1], title: 't' });
    });

    it('matches a field named __proto__', async () => {
      const stored = JSON.parse('{"_id": 1, "__proto__": {"admin": true}}') as LooseDocument;
      await collection('proto_filter').insertOne(stored);

      const found = await collection('proto_filter')
        .find(JSON.parse('{"__proto__.admin": true}') as LooseDocument)
        .toArray();

      expect(found.map((document) => document._id)).toEqual([1]);
    });

    it('accepts a collation locale written with an underscore (en_US)', async () => {
      await collection('collation_locale').insertMany([
        { _id: 1, name: 'eve' },
        { _id: 2, name: 'Eve' },
      ]);

      const found = await collection('collation_locale')
        .find({ name: 'eve' }, { collation: { locale: 'en_US', strength: 2 } })
        .sort({ _id: 1 })
        .toArray();

      expect(found.map((document) => document._id)).toEqual([1, 2]);
    });
  });

  describe('collMod and setParameter', () => {
    it('hides an index from the planner and shows it again with collMod', async () => {
      await collection('hidden').createIndex({ email: 1 }, { name: 'email_1' });

      const hidden = await server
        .db()
        .command({ collMod: 'hidden', index: { name: 'email_1', hidden: true } });
      const listed = await collection('hidden').listIndexes().toArray();

      expect(hidden).toMatchObject({ hidden_old: false, hidden_new: true, ok: 1 });
      expect(listed.find((index) => index.name === 'email_1')).toMatchObject({ hidden: true });
      const error = await serverError(() =>
        collection('hidden').find({ email: 'a' }).hint('email_1').toArray(),
      );
      expect(error.code).toBe(2);
      await server.db().command({ collMod: 'hidden', index: { name: 'email_1', hidden: false } });
      expect(await collection('hidden').find({ email: 'a' }).hint('email_1').toArray()).toEqual([]);
    });

    it('changes the expireAfterSeconds of a TTL index with collMod', async () => {
      await collection('ttl_mod').createIndex({ at: 1 }, { name: 'at_1', expireAfterSeconds: 60 });

      const reply = await server
        .db()
        .command({ collMod: 'ttl_mod', index: { keyPattern: { at: 1 }, expireAfterSeconds: 120 } });

      expect(reply).toMatchObject({ expireAfterSeconds_old: 60, expireAfterSeconds_new: 120, ok: 1 });
      expect(
        (await collection('ttl_mod').listIndexes().toArray()).find((index) => index.name === 'at_1'),
      ).toMatchObject({
        expireAfterSeconds: 120,
      });
    });

    it('answers collMod on a missing collection with code 26 NamespaceNotFound', async () => {
      const error = await serverError(() => server.db().command({ collMod: 'nowhere' }));

      expect(error.code).toBe(26);
    });

    it('sets the TTL monitor interval with setParameter and reads it back', async () => {
      const admin = server.client().db('admin');
      const before = await admin.command({ getParameter: 1, ttlMonitorSleepSecs: 1 });

      const reply = await admin.command({ setParameter: 1, ttlMonitorSleepSecs: 30 });
      const after = await admin.command({ getParameter: 1, ttlMonitorSleepSecs: 1 });
      await admin.command({ setParameter: 1, ttlMonitorSleepSecs: before.ttlMonitorSleepSecs });

      expect(reply).toMatchObject({ was: before.ttlMonitorSleepSecs, ok: 1 });
      expect(after.ttlMonitorSleepSecs).toBe(30);
    });
  });
});
