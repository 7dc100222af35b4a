import { MongoClient } from 'mongodb';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/embedded-mongo';

describe('embedded mongo TTL monitor', () => {
  let mongo: EmbeddedMongo;
  let client: MongoClient;

  beforeAll(async () => {
    mongo = await startEmbeddedMongo();
    client = await MongoClient.connect(mongo.uri);
  });

  afterAll(async () => {
    await client.close();
    await mongo.stop();
  });

  it('deletes documents whose TTL date has passed and keeps the others', async () => {
    const sessions = client.db('ttl').collection('sessions');
    await sessions.createIndex({ lastSeen: 1 }, { expireAfterSeconds: 3600 });
    await sessions.insertMany([
      { _id: 'old' as never, lastSeen: new Date('2024-01-01T00:00:00Z') },
      { _id: 'recent' as never, lastSeen: new Date('2024-01-01T11:30:00Z') },
      {
        _id: 'array' as never,
        lastSeen: [new Date('2024-01-01T12:00:00Z'), new Date('2023-12-31T00:00:00Z')],
      },
      { _id: 'no date' as never, lastSeen: 'yesterday' },
    ]);

    const removed = await mongo.removeExpiredDocuments(new Date('2024-01-01T12:00:00Z'));
    const left = (await sessions.find().sort({ _id: 1 }).toArray()).map((session) => session._id);

    expect(removed).toBe(2);
    expect(left).toEqual(['no date', 'recent']);
  });
});
