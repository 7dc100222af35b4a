import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { DataDirectoryError, startEmbeddedMongo } from '../../src/embedded-mongo';
import { fileHeaderSize } from '../../src/embedded-mongo/journal';

describe('embedded mongo storage faults', () => {
  let dataDir: string;
  const journalPath = () => path.join(dataDir, 'journal.bin');

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'embedded-mongo-faults-'));
  });
  afterEach(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function insertThree(): Promise<void> {
    const mongo = await startEmbeddedMongo({ dataDir });
    const client = await MongoClient.connect(mongo.uri);
    for (const _id of [1, 2, 3])
      await client
        .db('app')
        .collection<{ _id: number; label: string }>('items')
        .insertOne({ _id, label: 'x' });
    await client.close();
    await mongo.stop();
  }

  it('refuses to start, with a clear message, on a checksum error before the journal’s tail', async () => {
    await insertThree();
    const content = fs.readFileSync(journalPath());
    // A byte inside the first record's payload: records acknowledged after it follow.
    content[fileHeaderSize + 8 + 2] ^= 0xff;
    fs.writeFileSync(journalPath(), content);

    const started = startEmbeddedMongo({ dataDir });

    await expect(started).rejects.toThrow(DataDirectoryError);
    await expect(started).rejects.toThrow(/damaged record \(checksum mismatch\).*before its last records/);
    // Nothing was truncated: the journal is left as found, for a restore or an investigation.
    expect(fs.readFileSync(journalPath())).toEqual(content);
  });

  it('stops acknowledging writes once a compaction failed', async () => {
    const engine = await startEmbeddedMongo({ dataDir, compactJournalAfterBytes: 512 });
    // From now on the snapshot cannot be written: its temporary path is a directory.
    fs.mkdirSync(path.join(dataDir, 'snapshot.bin.tmp'));
    const client = await MongoClient.connect(engine.uri);
    const items = client.db('app').collection<{ _id: number; label: string }>('items');
    const outcomes: string[] = [];
    for (let index = 0; index < 40; index += 1) {
      outcomes.push(
        await items.insertOne({ _id: index, label: 'y'.repeat(100) }).then(
          () => 'ok',
          (error: Error) => error.message,
        ),
      );
    }
    await client.close();
    await engine.stop().catch(() => undefined);

    const refused = outcomes.findIndex((outcome) => outcome !== 'ok');
    expect(refused).toBeGreaterThan(0);
    expect(outcomes[refused]).toMatch(/storage failed/);
    expect(outcomes.slice(refused).every((outcome) => outcome !== 'ok')).toBe(true);
  });
});
