import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { connectDatabase } from '../../src/db/database';

/** A pino logger whose lines the test reads back. */
function recordingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino({ level: 'info' }, sink), lines };
}

/** How `npm start` runs the default database: the embedded engine on a thread of its own. */
describe('the embedded database on its own thread', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ix-engine-thread-'));
  });
  afterEach(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps what the bot wrote across a restart', async () => {
    const { log } = recordingLogger();
    const first = await connectDatabase({ embedded: { dataDir, ownThread: true } }, log);
    await first.connection.collection('notes').insertOne({ _id: 'n1' as never, text: 'Temps partagé' });
    expect(await first.isReachable()).toBe(true);
    await first.close();

    const second = await connectDatabase({ embedded: { dataDir, ownThread: true } }, log);
    try {
      expect(await second.connection.collection('notes').findOne({ _id: 'n1' as never })).toMatchObject({
        text: 'Temps partagé',
      });
    } finally {
      await second.close();
    }
  });

  it("sends the engine's log lines to the bot's logger", async () => {
    const { log, lines } = recordingLogger();
    const database = await connectDatabase({ embedded: { dataDir, ownThread: true } }, log);
    await database.close();
    const messages = lines.filter((line) => line.module === 'embedded-mongo').map((line) => line.msg);
    expect(messages).toEqual(expect.arrayContaining(['embedded mongo listening', 'embedded mongo stopped']));
  });

  it("refuses a directory that is not its own, with the engine's own message", async () => {
    fs.writeFileSync(path.join(dataDir, 'WiredTiger.wt'), '');
    const { log } = recordingLogger();
    const start = connectDatabase({ embedded: { dataDir, ownThread: true } }, log);
    await expect(start).rejects.toMatchObject({
      name: 'DataDirectoryError',
      message: expect.stringContaining('a mongod (WiredTiger) data directory'),
    });
  });

  it.each([
    ['on a thread', true],
    ["in the bot's thread", false],
  ])(
    'refuses a second engine on the same directory in this process while one runs %s',
    async (_where, firstOnOwnThread) => {
      const { log } = recordingLogger();
      const first = await connectDatabase({ embedded: { dataDir, ownThread: firstOnOwnThread } }, log);
      try {
        await first.connection.collection('notes').insertOne({ _id: 'n1' as never });
        const second = connectDatabase({ embedded: { dataDir, ownThread: true } }, log);
        await expect(second).rejects.toMatchObject({
          name: 'DataDirectoryError',
          message: expect.stringContaining('already used by another embedded engine of this process'),
        });
        expect(await first.connection.collection('notes').countDocuments()).toBe(1);
      } finally {
        await first.close();
      }
      // Once the first has stopped, the directory is free again.
      const again = await connectDatabase({ embedded: { dataDir, ownThread: true } }, log);
      expect(await again.connection.collection('notes').countDocuments()).toBe(1);
      await again.close();
    },
  );
});
