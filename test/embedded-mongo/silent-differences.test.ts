import { Binary, ObjectId, UUID, type Document } from 'mongodb';
import { describeAgainstServers, serverError, type LooseDocument } from './against-servers';

/**
 * Requests the embedded engine used to answer differently from MongoDB without saying so. Each one now
 * behaves as MongoDB's documentation says, checked against the engine and, with MONGODB_URI, a real server;
 * what the engine refuses instead is in unsupported-features.test.ts.
 */
describeAgainstServers('no silent difference', (server) => {
  const collection = (name: string) => server.db().collection<LooseDocument>(name);
  const ids = async (name: string, filter: LooseDocument) =>
    (await collection(name).find(filter).sort({ _id: 1 }).toArray()).map((document) => document._id);

  describe('query operators', () => {
    it('matches $all against a field that is not an array', async () => {
      await collection('all').insertMany([
        { _id: 1, a: 1 },
        { _id: 2, a: [1, 2] },
        { _id: 3, a: 2 },
      ]);

      expect(await ids('all', { a: { $all: [1] } })).toEqual([1, 2]);
      expect(await ids('all', { a: { $all: [1, 2] } })).toEqual([2]);
      expect(await ids('all', { a: { $all: [] } })).toEqual([]);
    });

    it('orders binary data by length, then subtype, then bytes in $gt and $lt', async () => {
      await collection('binary_order').insertMany([
        { _id: 1, b: new Binary(Buffer.from([9]), 0) },
        { _id: 2, b: new Binary(Buffer.from([5, 6]), 0) },
        { _id: 3, b: new Binary(Buffer.from([1, 1, 1]), 0) },
        { _id: 4, b: new Binary(Buffer.from([5, 5]), 4) },
      ]);
      const pivot = new Binary(Buffer.from([5, 5]), 0);

      expect(await ids('binary_order', { b: { $gt: pivot } })).toEqual([2, 3, 4]);
      expect(await ids('binary_order', { b: { $lt: pivot } })).toEqual([1]);
      expect(await ids('binary_order', { b: { $gte: new Binary(Buffer.from([5, 6]), 0) } })).toEqual([
        2, 3, 4,
      ]);
    });

    it('knows the $type aliases objectId and binData and their codes', async () => {
      await collection('types').insertMany([
        { _id: 1, v: new ObjectId() },
        { _id: 2, v: new Binary(Buffer.from([1]), 0) },
        { _id: 3, v: 'text' },
        { _id: 4, v: [new ObjectId()] },
      ]);

      expect(await ids('types', { v: { $type: 'objectId' } })).toEqual([1, 4]);
      expect(await ids('types', { v: { $type: 'binData' } })).toEqual([2]);
      expect(await ids('types', { v: { $type: 7 } })).toEqual([1, 4]);
      expect(await ids('types', { v: { $type: 'array' } })).toEqual([4]);
      expect(
        (
          await serverError(() =>
            collection('types')
              .find({ v: { $type: 'objectid' } })
              .toArray(),
          )
        ).code,
      ).toBe(2);
    });

    it('tests the bits of binary data and UUIDs with $bitsAllSet, $bitsAnySet and $bitsAllClear', async () => {
      const uuid = new UUID('00000000-0000-4000-8000-000000000001');
      await collection('bits').insertMany([
        { _id: 1, b: new Binary(Buffer.from([0b00000101]), 0) },
        { _id: 2, b: new Binary(Buffer.from([0b00000010]), 0) },
        { _id: 3, b: 5 },
        { _id: 4, b: uuid },
      ]);

      expect(await ids('bits', { b: { $bitsAllSet: [0, 2] } })).toEqual([1, 3]);
      expect(await ids('bits', { b: { $bitsAnySet: new Binary(Buffer.from([0b10]), 0) } })).toEqual([2]);
      expect(await ids('bits', { b: { $bitsAllClear: [0, 1, 2] } })).toEqual([4]);
      // Byte 6 of this UUID is 0x40, byte 15 is 0x01 (bits 54 and 120).
      expect(await ids('bits', { b: { $bitsAllSet: [54, 120] } })).toEqual([4]);
    });

    it('answers an unknown query operator with code 2 even before the collection exists', async () => {
      const error = await serverError(() =>
        collection('not_created_yet')
          .find({ a: { $foo: 1 } })
          .toArray(),
      );

      expect(error.code).toBe(2);
      expect(error.message).toContain('$foo');
    });
  });

  describe('collation', () => {
    beforeAll(async () => {
      await collection('collated').insertMany([
        { _id: 1, name: 'Élève', code: '10' },
        { _id: 2, name: 'eleve', code: '9' },
        { _id: 3, name: 'ELEVE', code: '100' },
        { _id: 4, name: 'élève', code: '2' },
      ]);
    });

    it.each([
      ['strength 1 ignores case and accents', { locale: 'fr', strength: 1 }, [1, 2, 3, 4]],
      ['strength 2 ignores case only', { locale: 'fr', strength: 2 }, [2, 3]],
      ['strength 3 tells both apart', { locale: 'fr', strength: 3 }, [2]],
    ])('matches equality under a collation: %s', async (_label, collation, expected) => {
      const found = await collection('collated')
        .find({ name: 'eleve' }, { collation })
        .sort({ _id: 1 })
        .toArray();

      expect(found.map((document) => document._id)).toEqual(expected);
    });

    it('sorts numeric strings by value with numericOrdering', async () => {
      const found = await collection('collated')
        .find({}, { collation: { locale: 'en', numericOrdering: true } })
        .sort({ code: 1 })
        .toArray();

      expect(found.map((document) => document.code)).toEqual(['2', '9', '10', '100']);
    });

    it("uses the collection's default collation when the query gives none", async () => {
      await server.db().createCollection('default_collation', { collation: { locale: 'en', strength: 2 } });
      await collection('default_collation').insertMany([
        { _id: 1, name: 'Ada' },
        { _id: 2, name: 'bob' },
      ]);

      expect(await ids('default_collation', { name: 'ada' })).toEqual([1]);
      expect(await collection('default_collation').countDocuments({ name: 'BOB' })).toBe(1);
    });
  });

  describe('projections', () => {
    beforeAll(async () => {
      await collection('projected').insertOne({ name: 'Ada', _id: 1, comments: [1, 2, 3], title: 't' });
    });

    it('keeps the other fields with a $slice projection alone', async () => {
      expect(
        await collection('projected').findOne({ _id: 1 }, { projection: { comments: { $slice: -1 } } }),
      ).toEqual({
        _id: 1,
        name: 'Ada',
        comments: [3],
        title: 't',
      });
    });

    it('puts _id first in a projected document', async () => {
      const found = await collection('projected').findOne({ _id: 1 }, { projection: { title: 1, name: 1 } });

      expect(Object.keys(found ?? {})).toEqual(['_id', 'name', 'title']);
    });
  });

  describe('writes', () => {
    it('refuses a document over 16 MiB with code 10334 BSONObjectTooLarge', async () => {
      const huge = 'x'.repeat(16 * 1024 * 1024);

      const reply = await server.db().command({ insert: 'too_large', documents: [{ _id: 1, huge }] });

      expect(reply.writeErrors?.[0]?.code).toBe(10334);
      expect(await collection('too_large').countDocuments()).toBe(0);
    });

    it('refuses an update whose result is over 16 MiB with code 17419', async () => {
      await collection('grows').insertOne({ _id: 1 });
      const half = 'x'.repeat(9 * 1024 * 1024);

      await collection('grows').updateOne({ _id: 1 }, { $set: { a: half } });
      const error = await serverError(() => collection('grows').updateOne({ _id: 1 }, { $set: { b: half } }));

      expect(error.code).toBe(17419);
    });

    it.each<[string, Document, number]>([
      ['$push on a number', { $push: { n: 1 } }, 2],
      ['$set through an array of documents', { $set: { 'rows.b': 1 } }, 28],
      ['$inc on a string', { $inc: { s: 1 } }, 14],
      ['$addToSet on a document', { $addToSet: { d: 1 } }, 2],
    ])('raises the type error of %s', async (_label, update, code) => {
      await collection('typed').updateOne(
        { _id: 1 },
        { $set: { n: 1, rows: [{ a: 1 }], s: 'x', d: { e: 1 } } },
        { upsert: true },
      );

      const error = await serverError(() => collection('typed').updateOne({ _id: 1 }, update));

      expect(error.code).toBe(code);
    });

    it('pulls elements by condition, by $or and by partial subdocument', async () => {
      await collection('pull').insertOne({
        _id: 1,
        vals: [1, 5, 6, 7],
        items: [{ a: 1, b: 2 }, { a: 2 }, { b: 3 }],
      });

      await collection('pull').updateOne({ _id: 1 }, {
        $pull: { vals: { $gte: 6 }, items: { a: 1 } },
      } as Document);
      await collection('pull').updateOne({ _id: 1 }, {
        $pull: { items: { $or: [{ b: 3 }, { a: 9 }] } },
      } as Document);

      expect(await collection('pull').findOne({ _id: 1 })).toEqual({
        _id: 1,
        vals: [1, 5],
        items: [{ a: 2 }],
      });
    });

    it('saves a change of binary subtype', async () => {
      await collection('subtype').insertOne({ _id: 1, payload: new Binary(Buffer.from([1, 2]), 0) });

      const result = await collection('subtype').updateOne(
        { _id: 1 },
        { $set: { payload: new Binary(Buffer.from([1, 2]), 4) } },
      );

      expect(result.modifiedCount).toBe(1);
      expect(((await collection('subtype').findOne({ _id: 1 }))?.payload as Binary).sub_type).toBe(4);
    });

    it('keeps own __proto__ keys of an update payload', async () => {
      await collection('proto_update').insertOne({ _id: 1 });

      await collection('proto_update').updateOne(
        { _id: 1 },
        { $set: { meta: JSON.parse('{"__proto__": {"x": 1}, "y": 2}') as LooseDocument } },
      );
      const meta = (await collection('proto_update').findOne({ _id: 1 }))?.meta as LooseDocument;

      expect(Object.keys(meta)).toEqual(['__proto__', 'y']);
      expect(Object.getOwnPropertyDescriptor(meta, '__proto__')?.value).toEqual({ x: 1 });
    });
  });

  describe('hint', () => {
    beforeAll(async () => {
      await collection('hinted').insertMany([
        { _id: 1, email: 'a' },
        { _id: 2, email: 'b' },
      ]);
      await collection('hinted').createIndex({ email: 1 }, { name: 'email_1' });
    });

    it('uses a hinted index by name or key pattern', async () => {
      expect(await collection('hinted').find({ email: 'b' }).hint('email_1').toArray()).toEqual([
        { _id: 2, email: 'b' },
      ]);
      expect(await collection('hinted').countDocuments({}, { hint: { email: 1 } })).toBe(2);
    });

    it('refuses a hint naming no index with code 2', async () => {
      const error = await serverError(() =>
        collection('hinted').find({ email: 'b' }).hint('nope_1').toArray(),
      );

      expect(error.code).toBe(2);
      expect(error.message).toContain('hint provided does not correspond to an existing index');
    });
  });
});
