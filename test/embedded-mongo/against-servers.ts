import { randomBytes } from 'node:crypto';
import { MongoClient, MongoServerError, type Db, type Document, type ObjectId } from 'mongodb';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/embedded-mongo';

export interface LooseDocument extends Document {
  _id?: number | string | ObjectId;
}

/** What a differential suite gets: one fresh database on the server under test. */
export interface ServerUnderTest {
  uri(): string;
  client(): MongoClient;
  db(): Db;
  /** Whether this run targets the embedded engine (engine-only facts such as its statistics). */
  readonly embedded: boolean;
}

/** The server error an action fails with; fails the test when the action succeeds. */
export async function serverError(action: () => Promise<unknown>): Promise<MongoServerError> {
  try {
    await action();
  } catch (error) {
    if (error instanceof MongoServerError) return error;
    throw error;
  }
  throw new Error('expected the server to refuse');
}

function describeOn(
  title: string,
  embedded: boolean,
  getUri: () => string,
  body: (server: ServerUnderTest) => void,
) {
  describe(title, () => {
    let client: MongoClient;
    let db: Db;
    const databaseName = `diff_${randomBytes(4).toString('hex')}`;

    beforeAll(async () => {
      client = await MongoClient.connect(getUri());
      db = client.db(databaseName);
    });

    afterAll(async () => {
      await db.dropDatabase();
      await client.close();
    });

    body({ uri: getUri, client: () => client, db: () => db, embedded });
  });
}

/**
 * Runs the same cases against the embedded engine and, when MONGODB_URI is set, against a real MongoDB
 * (skipped otherwise), so that each expected result is checked on both: a case is written once.
 */
export function describeAgainstServers(title: string, body: (server: ServerUnderTest) => void): void {
  describe(title, () => {
    let engine: EmbeddedMongo;

    beforeAll(async () => {
      engine = await startEmbeddedMongo();
    });

    afterAll(async () => {
      await engine.stop();
    });

    describeOn('embedded engine', true, () => engine.uri, body);
  });
  const realMongoUri = process.env.MONGODB_URI;
  if (realMongoUri) {
    describeOn(`${title}: real MongoDB`, false, () => realMongoUri, body);
  } else {
    describe(`${title}: real MongoDB`, () => {
      it.skip('runs only when MONGODB_URI is set', () => undefined);
    });
  }
}
