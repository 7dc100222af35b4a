import { Long, MongoClient, type Db } from 'mongodb';
import mongoose from 'mongoose';
import { describeAgainstServers, serverError, type LooseDocument } from './against-servers';

/**
 * Sessions and multi-document transactions as on a MongoDB replica set: snapshot isolation, write conflicts
 * (WriteConflict, code 112, TransientTransactionError), retryable writes, and mongoose's withTransaction.
 */
describeAgainstServers('transactions', (server) => {
  const collection = (name: string) => server.db().collection<LooseDocument>(name);
  let other: MongoClient;
  let otherDb: Db;

  beforeAll(async () => {
    other = await MongoClient.connect(server.uri());
    otherDb = other.db(server.db().databaseName);
  });

  afterAll(async () => {
    await other.close();
  });

  async function inTransaction<T>(work: (session: mongoose.mongo.ClientSession) => Promise<T>): Promise<T> {
    const session = server.client().startSession();
    try {
      session.startTransaction();
      return await work(session);
    } finally {
      await session.endSession();
    }
  }

  it('advertises a replica set primary in hello', async () => {
    const hello = await server.db().admin().command({ hello: 1 });

    expect(hello).toMatchObject({ isWritablePrimary: true, ok: 1 });
    expect(typeof hello.setName).toBe('string');
  });

  it('shows the writes of a transaction to others only once committed', async () => {
    await collection('commit').insertOne({ _id: 'seed' });

    await inTransaction(async (session) => {
      await collection('commit').insertOne({ _id: 1, name: 'Ada' }, { session });
      await collection('commit').updateOne({ _id: 'seed' }, { $set: { touched: true } }, { session });

      expect(await collection('commit').findOne({ _id: 1 }, { session })).toEqual({ _id: 1, name: 'Ada' });
      expect(await otherDb.collection<LooseDocument>('commit').findOne({ _id: 1 })).toBeNull();
      expect(await otherDb.collection<LooseDocument>('commit').findOne({ _id: 'seed' })).toEqual({
        _id: 'seed',
      });
      await session.commitTransaction();
    });

    expect(await otherDb.collection<LooseDocument>('commit').find().sort({ _id: 1 }).toArray()).toEqual([
      { _id: 1, name: 'Ada' },
      { _id: 'seed', touched: true },
    ]);
  });

  it('discards the writes of an aborted transaction', async () => {
    await inTransaction(async (session) => {
      await collection('abort').insertOne({ _id: 1 }, { session });
      await session.abortTransaction();
    });

    expect(await collection('abort').countDocuments()).toBe(0);
  });

  it('reads the snapshot taken at its first statement, whatever others commit meanwhile', async () => {
    await collection('snapshot').insertMany([
      { _id: 1, n: 1 },
      { _id: 2, n: 1 },
    ]);

    await inTransaction(async (session) => {
      expect(await collection('snapshot').findOne({ _id: 1 }, { session })).toEqual({ _id: 1, n: 1 });
      await otherDb.collection<LooseDocument>('snapshot').updateOne({ _id: 2 }, { $set: { n: 2 } });
      await otherDb.collection<LooseDocument>('snapshot').insertOne({ _id: 3, n: 3 });

      const seen = await collection('snapshot').find({}, { session }).sort({ _id: 1 }).toArray();

      expect(seen).toEqual([
        { _id: 1, n: 1 },
        { _id: 2, n: 1 },
      ]);
      await session.commitTransaction();
    });
  });

  it('fails the second of two transactions writing one document with WriteConflict (112, TransientTransactionError)', async () => {
    await collection('conflict').insertOne({ _id: 1, n: 0 });
    const first = server.client().startSession();
    const second = other.startSession();
    try {
      first.startTransaction();
      second.startTransaction();
      await collection('conflict').updateOne({ _id: 1 }, { $inc: { n: 1 } }, { session: first });

      const error = await serverError(() =>
        otherDb
          .collection<LooseDocument>('conflict')
          .updateOne({ _id: 1 }, { $inc: { n: 10 } }, { session: second }),
      );
      await first.commitTransaction();
      await second.abortTransaction().catch(() => undefined);

      expect(error.code).toBe(112);
      expect(error.hasErrorLabel('TransientTransactionError')).toBe(true);
      expect(await collection('conflict').findOne({ _id: 1 })).toEqual({ _id: 1, n: 1 });
    } finally {
      await first.endSession();
      await second.endSession();
    }
  });

  it('fails a transaction writing a document changed outside since its snapshot with WriteConflict', async () => {
    await collection('stale').insertMany([
      { _id: 1, n: 0 },
      { _id: 2, n: 0 },
    ]);

    const error = await inTransaction(async (session) => {
      await collection('stale').findOne({ _id: 2 }, { session });
      await otherDb.collection<LooseDocument>('stale').updateOne({ _id: 1 }, { $set: { n: 5 } });
      const refused = await serverError(() =>
        collection('stale').updateOne({ _id: 1 }, { $set: { n: 1 } }, { session }),
      );
      await session.abortTransaction().catch(() => undefined);
      return refused;
    });

    expect(error.code).toBe(112);
    expect(error.hasErrorLabel('TransientTransactionError')).toBe(true);
    expect(await collection('stale').findOne({ _id: 1 })).toEqual({ _id: 1, n: 5 });
  });

  it('refuses a command that a transaction may not run with code 263', async () => {
    await collection('not_in_tx').insertOne({ _id: 1 });

    const error = await inTransaction(async (session) => {
      await collection('not_in_tx').findOne({}, { session });
      const refused = await serverError(() => server.db().command({ drop: 'not_in_tx' }, { session }));
      await session.abortTransaction().catch(() => undefined);
      return refused;
    });

    expect(error.code).toBe(263);
  });

  it('answers a retried write (same session and txnNumber) without running it twice', async () => {
    // A client of its own: the txnNumber below must not collide with the driver's own on a pooled session.
    const client = await MongoClient.connect(server.uri());
    const session = client.startSession();
    const write = { insert: 'retried', documents: [{ _id: 1 }], txnNumber: Long.fromNumber(1) };

    const first = await client.db(server.db().databaseName).command(write, { session });
    const retried = await client.db(server.db().databaseName).command(write, { session });
    await session.endSession();
    await client.close();

    expect(first).toMatchObject({ n: 1, ok: 1 });
    expect(retried).toMatchObject({ n: 1, ok: 1 });
    expect(retried.writeErrors).toBeUndefined();
    expect(await collection('retried').countDocuments()).toBe(1);
  });

  it('keeps retryable writes of the driver working', async () => {
    const result = await collection('retryable').insertOne({ _id: 1 });
    await collection('retryable').updateOne({ _id: 1 }, { $set: { done: true } });

    expect(result.acknowledged).toBe(true);
    expect(await collection('retryable').findOne({ _id: 1 })).toEqual({ _id: 1, done: true });
  });

  describe('through mongoose', () => {
    let connection: mongoose.Connection;

    beforeAll(async () => {
      connection = await mongoose
        .createConnection(server.uri(), { dbName: server.db().databaseName })
        .asPromise();
    });

    afterAll(async () => {
      await connection.close();
    });

    it("moves a member's role and group membership together with session.withTransaction()", async () => {
      const Member = connection.model('TxMember', new mongoose.Schema({ name: String, role: String }));
      const Group = connection.model('TxGroup', new mongoose.Schema({ name: String, members: [String] }));
      await Member.init();
      await Group.init();
      const member = await Member.create({ name: 'Ada', role: 'member' });
      const group = await Group.create({ name: 'Numérique', members: [] });
      const session = await connection.startSession();
      let attempts = 0;
      try {
        await session.withTransaction(async () => {
          attempts += 1;
          await Member.updateOne({ _id: member._id }, { role: 'leader' }, { session });
          if (attempts === 1) {
            // Someone else changes the group meanwhile: this attempt conflicts and withTransaction retries.
            await otherDb.collection('txgroups').updateOne({ _id: group._id }, { $set: { touched: true } });
          }
          await Group.updateOne({ _id: group._id }, { $addToSet: { members: 'Ada' } }, { session });
        });
      } finally {
        await session.endSession();
      }

      expect(attempts).toBe(2);
      expect(await Member.findById(member._id).lean()).toMatchObject({ role: 'leader' });
      expect(await Group.findById(group._id).lean()).toMatchObject({ members: ['Ada'], touched: true });
    });

    it('leaves nothing behind when the transaction function throws', async () => {
      const Digest = connection.model('TxDigest', new mongoose.Schema({ title: String }));
      await Digest.init();
      const session = await connection.startSession();
      try {
        await expect(
          session.withTransaction(async () => {
            await Digest.create([{ title: 'Lettre de juin' }], { session });
            throw new Error('the items could not be published');
          }),
        ).rejects.toThrow('the items could not be published');
      } finally {
        await session.endSession();
      }

      expect(await Digest.countDocuments()).toBe(0);
    });
  });
});
