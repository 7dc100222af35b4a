import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient, MongoServerError } from 'mongodb';
import { startEmbeddedMongo, type EmbeddedMongo, type EngineLogger } from '../../src/embedded-mongo';

interface Item {
  _id: number;
  label?: string;
}

function recordingLogger(): EngineLogger & { warnings: string[] } {
  const warnings: string[] = [];
  const ignore = () => undefined;
  return {
    warnings,
    info: ignore,
    error: ignore,
    warn: (objectOrMessage, message) => {
      warnings.push(typeof objectOrMessage === 'string' ? objectOrMessage : (message ?? ''));
    },
  };
}

async function withClient<T>(mongo: EmbeddedMongo, use: (client: MongoClient) => Promise<T>): Promise<T> {
  const client = await MongoClient.connect(mongo.uri);
  try {
    return await use(client);
  } finally {
    await client.close();
  }
}

const items = (client: MongoClient) => client.db('app').collection<Item>('items');

describe('embedded mongo durability', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'embedded-mongo-'));
  });

  afterEach(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const journalPath = () => path.join(dataDir, 'journal.bin');

  async function writeTwoItems(): Promise<void> {
    const mongo = await startEmbeddedMongo({ dataDir });
    await withClient(mongo, async (client) => {
      await items(client).insertOne({ _id: 1, label: 'first' });
      await items(client).insertOne({ _id: 2, label: 'second' });
    });
    await mongo.stop();
  }

  async function readItems(logger?: EngineLogger): Promise<Item[]> {
    const mongo = await startEmbeddedMongo({ dataDir, logger });
    try {
      return await withClient(mongo, (client) => items(client).find().sort({ _id: 1 }).toArray());
    } finally {
      await mongo.stop();
    }
  }

  it('keeps a committed transaction after a restart and nothing of an aborted one', async () => {
    const mongo = await startEmbeddedMongo({ dataDir });
    await withClient(mongo, async (client) => {
      const committed = client.startSession();
      await committed.withTransaction(async () => {
        await items(client).insertOne({ _id: 1, label: 'first' }, { session: committed });
        await items(client).insertOne({ _id: 2, label: 'second' }, { session: committed });
      });
      await committed.endSession();
      const aborted = client.startSession();
      aborted.startTransaction();
      await items(client).insertOne({ _id: 3, label: 'never' }, { session: aborted });
      await aborted.abortTransaction();
      await aborted.endSession();
    });
    await mongo.stop();

    expect(await readItems()).toEqual([
      { _id: 1, label: 'first' },
      { _id: 2, label: 'second' },
    ]);
  });

  it('keeps documents and unique indexes across a restart', async () => {
    const first = await startEmbeddedMongo({ dataDir });
    await withClient(first, async (client) => {
      await items(client).createIndex({ label: 1 }, { unique: true });
      await items(client).insertMany([
        { _id: 1, label: 'a' },
        { _id: 2, label: 'b' },
      ]);
      await items(client).updateOne({ _id: 2 }, { $set: { label: 'c' } });
      await items(client).deleteOne({ _id: 1 });
    });
    await first.stop();

    const second = await startEmbeddedMongo({ dataDir });
    const { found, error } = await withClient(second, async (client) => ({
      found: await items(client).find().toArray(),
      error: await items(client)
        .insertOne({ _id: 3, label: 'c' })
        .then(
          () => undefined,
          (failure: unknown) => failure as MongoServerError,
        ),
    }));
    await second.stop();

    expect(found).toEqual([{ _id: 2, label: 'c' }]);
    expect(error?.code).toBe(11000);
  });

  it('keeps every acknowledged insert when the process is killed with SIGKILL', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(__dirname, 'fixtures/crash-writer.ts'), dataDir],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let lastAcked = 0;
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        for (const match of chunk.toString().matchAll(/acked (\d+)/g)) lastAcked = Number(match[1]);
        if (lastAcked >= 50) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => reject(new Error(`the writer exited early: ${stderr}`)));
    });
    await exited;

    const logger = recordingLogger();
    const mongo = await startEmbeddedMongo({ dataDir, logger });
    const ids = await withClient(mongo, async (client) =>
      (await client.db('crash').collection<{ _id: number }>('events').find().sort({ _id: 1 }).toArray()).map(
        (event) => event._id,
      ),
    );
    await mongo.stop();

    expect(ids.length).toBeGreaterThanOrEqual(lastAcked);
    expect(ids.slice(0, lastAcked)).toEqual(Array.from({ length: lastAcked }, (_, index) => index + 1));
    expect(logger.warnings).toContain('taking over a stale embedded mongo lock file');
  });

  it('drops a torn last journal record, keeps the earlier data and warns', async () => {
    await writeTwoItems();
    const size = fs.statSync(journalPath()).size;
    fs.truncateSync(journalPath(), size - 5);
    const logger = recordingLogger();

    const found = await readItems(logger);

    expect(found).toEqual([{ _id: 1, label: 'first' }]);
    expect(logger.warnings).toEqual([
      'dropped a torn or corrupt journal tail (a write that was never acknowledged)',
    ]);
  });

  it('ignores garbage appended after the last journal record', async () => {
    await writeTwoItems();
    fs.appendFileSync(journalPath(), Buffer.from([0x10, 0, 0, 0, 0xde, 0xad, 0xbe, 0xef, 1, 2, 3]));
    const logger = recordingLogger();

    const found = await readItems(logger);

    expect(found.map((item) => item._id)).toEqual([1, 2]);
    expect(logger.warnings).toHaveLength(1);
  });

  it('detects a corrupt record by its checksum', async () => {
    await writeTwoItems();
    const content = fs.readFileSync(journalPath());
    content[content.length - 3] ^= 0xff;
    fs.writeFileSync(journalPath(), content);

    const found = await readItems(recordingLogger());

    expect(found.map((item) => item._id)).toEqual([1]);
  });

  it('folds the journal into a snapshot once it outgrows the threshold', async () => {
    const mongo = await startEmbeddedMongo({ dataDir, compactJournalAfterBytes: 4096 });
    await withClient(mongo, async (client) => {
      for (let batch = 0; batch < 10; batch += 1) {
        await items(client).insertMany(
          Array.from({ length: 20 }, (_, index) => ({ _id: batch * 20 + index, label: 'x'.repeat(50) })),
        );
      }
    });
    await mongo.stop();

    expect(fs.statSync(journalPath()).size).toBeLessThan(4096 + 2000);
    expect(fs.statSync(path.join(dataDir, 'snapshot.bin')).size).toBeGreaterThan(4096);
    expect(await readItems()).toHaveLength(200);
  });

  it('refuses a data directory of another format, naming the directory and both formats', async () => {
    fs.writeFileSync(
      path.join(dataDir, 'embedded-mongo.format.json'),
      JSON.stringify({ format: 'ix-embedded-mongo', version: 99 }),
    );

    await expect(startEmbeddedMongo({ dataDir })).rejects.toThrow(
      `Data directory ${dataDir} has format ix-embedded-mongo version 99, expected ix-embedded-mongo version 1`,
    );
  });

  it('refuses the data directory of a real mongod', async () => {
    fs.writeFileSync(path.join(dataDir, 'WiredTiger'), 'WiredTiger\n');

    await expect(startEmbeddedMongo({ dataDir })).rejects.toThrow(
      `Data directory ${dataDir} is not an embedded-mongo data directory: found a mongod (WiredTiger) data directory`,
    );
  });

  it('refuses a journal written in another format version', async () => {
    await writeTwoItems();
    const content = fs.readFileSync(journalPath());
    content.writeUInt32LE(7, 8);
    fs.writeFileSync(journalPath(), content);

    await expect(startEmbeddedMongo({ dataDir })).rejects.toThrow(
      /journal\.bin has format ix-embedded-mongo version 7, expected version 1/,
    );
  });

  it('refuses a second engine on a data directory in use, and accepts it once released', async () => {
    const first = await startEmbeddedMongo({ dataDir });

    await expect(startEmbeddedMongo({ dataDir })).rejects.toThrow(
      `Data directory ${dataDir} is already used`,
    );
    await first.stop();
    const second = await startEmbeddedMongo({ dataDir });
    await second.stop();
  });

  it('refuses a data directory locked by another live process', async () => {
    fs.writeFileSync(path.join(dataDir, 'embedded-mongo.lock'), `${process.ppid}\n`);

    await expect(startEmbeddedMongo({ dataDir })).rejects.toThrow(`is in use by process ${process.ppid}`);
  });
});
