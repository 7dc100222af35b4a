import net from 'node:net';
import { deserialize, serialize, type Document } from 'bson';
import { MongoClient } from 'mongodb';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/embedded-mongo';
import { crc32c } from '../../src/embedded-mongo/crc32c';

const OP_REPLY = 1;
const OP_QUERY = 2004;
const OP_MSG = 2013;

function withHeader(requestId: number, opCode: number, body: Buffer): Buffer {
  const header = Buffer.alloc(16);
  header.writeInt32LE(16 + body.length, 0);
  header.writeInt32LE(requestId, 4);
  header.writeInt32LE(0, 8);
  header.writeInt32LE(opCode, 12);
  return Buffer.concat([header, body]);
}

interface MsgOptions {
  flags?: number;
  sequence?: { identifier: string; documents: Document[] };
  checksum?: 'valid' | 'wrong';
}

function opMsg(requestId: number, body: Document, options: MsgOptions = {}): Buffer {
  const flags = Buffer.alloc(4);
  flags.writeUInt32LE((options.flags ?? 0) | (options.checksum ? 1 : 0));
  const sections = [Buffer.from([0]), serialize(body)];
  if (options.sequence) {
    const documents = options.sequence.documents.map((document) => serialize(document));
    const identifier = Buffer.from(`${options.sequence.identifier}\0`);
    const size = Buffer.alloc(4);
    size.writeInt32LE(
      4 + identifier.length + documents.reduce((total, document) => total + document.length, 0),
    );
    sections.push(Buffer.from([1]), size, identifier, ...documents);
  }
  const message = withHeader(
    requestId,
    OP_MSG,
    Buffer.concat([flags, ...sections, options.checksum ? Buffer.alloc(4) : Buffer.alloc(0)]),
  );
  if (!options.checksum) return message;
  const sum = crc32c(message.subarray(0, message.length - 4));
  message.writeUInt32LE(options.checksum === 'valid' ? sum : sum ^ 1, message.length - 4);
  return message;
}

function opQuery(requestId: number, namespace: string, query: Document): Buffer {
  const fields = Buffer.alloc(4);
  const tail = Buffer.alloc(8);
  tail.writeInt32LE(-1, 4);
  return withHeader(
    requestId,
    OP_QUERY,
    Buffer.concat([fields, Buffer.from(`${namespace}\0`), tail, serialize(query)]),
  );
}

interface Reply {
  responseTo: number;
  opCode: number;
  document: Document;
}

/** A bare socket speaking the wire protocol, to check what the driver never sends. */
class RawConnection {
  private received = Buffer.alloc(0);
  private waiting: Array<() => void> = [];
  closed = false;

  constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.received = Buffer.concat([this.received, chunk]);
      this.waiting.splice(0).forEach((wake) => wake());
    });
    socket.on('close', () => {
      this.closed = true;
      this.waiting.splice(0).forEach((wake) => wake());
    });
  }

  static open(port: number): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => resolve(new RawConnection(socket)));
      socket.once('error', reject);
    });
  }

  send(message: Buffer): void {
    this.socket.write(message);
  }

  async reply(): Promise<Reply> {
    while (this.received.length < 4 || this.received.length < this.received.readInt32LE(0)) {
      if (this.closed) throw new Error('connection closed');
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    const length = this.received.readInt32LE(0);
    const message = this.received.subarray(0, length);
    this.received = this.received.subarray(length);
    const opCode = message.readInt32LE(12);
    const documentOffset = opCode === OP_REPLY ? 36 : 21;
    return {
      responseTo: message.readInt32LE(8),
      opCode,
      document: deserialize(message.subarray(documentOffset)),
    };
  }

  async whenClosed(): Promise<void> {
    while (!this.closed) await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  close(): void {
    this.socket.destroy();
  }
}

describe('embedded mongo wire protocol', () => {
  let mongo: EmbeddedMongo;

  beforeAll(async () => {
    mongo = await startEmbeddedMongo();
  });

  afterAll(async () => {
    await mongo.stop();
  });

  it('answers the legacy OP_QUERY hello with an OP_REPLY describing the primary of a one-node replica set', async () => {
    const connection = await RawConnection.open(mongo.port);
    connection.send(opQuery(7, 'admin.$cmd', { isMaster: 1, helloOk: true }));

    const reply = await connection.reply();
    connection.close();

    expect(reply.opCode).toBe(OP_REPLY);
    expect(reply.responseTo).toBe(7);
    expect(reply.document).toMatchObject({
      ok: 1,
      ismaster: true,
      helloOk: true,
      maxWireVersion: 21,
      minWireVersion: 0,
      maxBsonObjectSize: 16 * 1024 * 1024,
      maxMessageSizeBytes: 48_000_000,
      maxWriteBatchSize: 100_000,
      logicalSessionTimeoutMinutes: 30,
    });
    expect(reply.document.localTime).toBeInstanceOf(Date);
    expect(reply.document).toMatchObject({
      setName: 'embedded',
      secondary: false,
      hosts: [`127.0.0.1:${mongo.port}`],
      primary: `127.0.0.1:${mongo.port}`,
      me: `127.0.0.1:${mongo.port}`,
    });
  });

  it('merges a kind 1 document sequence into the command', async () => {
    const connection = await RawConnection.open(mongo.port);
    connection.send(
      opMsg(
        1,
        { insert: 'sequenced', $db: 'wire' },
        { sequence: { identifier: 'documents', documents: [{ _id: 1 }, { _id: 2 }] } },
      ),
    );
    const inserted = await connection.reply();
    connection.send(opMsg(2, { count: 'sequenced', $db: 'wire' }));
    const counted = await connection.reply();
    connection.close();

    expect(inserted.document).toMatchObject({ ok: 1, n: 2 });
    expect(counted.document).toMatchObject({ ok: 1, n: 2 });
  });

  it('runs a moreToCome message without answering it', async () => {
    const connection = await RawConnection.open(mongo.port);
    connection.send(opMsg(1, { insert: 'silent', documents: [{ _id: 'quiet' }], $db: 'wire' }, { flags: 2 }));
    connection.send(opMsg(2, { find: 'silent', filter: {}, $db: 'wire' }));

    const reply = await connection.reply();
    connection.close();

    expect(reply.responseTo).toBe(2);
    expect(reply.document.cursor.firstBatch).toEqual([{ _id: 'quiet' }]);
  });

  it('checks a CRC-32C checksum and closes the connection on a wrong one', async () => {
    const connection = await RawConnection.open(mongo.port);
    connection.send(opMsg(1, { ping: 1, $db: 'admin' }, { checksum: 'valid' }));
    const answered = await connection.reply();
    connection.send(opMsg(2, { ping: 1, $db: 'admin' }, { checksum: 'wrong' }));
    await connection.whenClosed();

    expect(answered.document).toEqual({ ok: 1 });
  });

  it('closes only the connection that sent a malformed message', async () => {
    const client = await MongoClient.connect(mongo.uri);
    const broken = await RawConnection.open(mongo.port);
    const healthy = await RawConnection.open(mongo.port);

    broken.send(withHeader(1, OP_MSG, Buffer.from([0, 0, 0, 0, 0, 3, 0, 0, 0])));
    await broken.whenClosed();
    healthy.send(opMsg(5, { ping: 1, $db: 'admin' }));
    const reply = await healthy.reply();
    const pinged = await client.db('admin').command({ ping: 1 });
    healthy.close();
    await client.close();

    expect(reply.document).toEqual({ ok: 1 });
    expect(pinged).toEqual({ ok: 1 });
  });

  it('closes a connection announcing an impossible message length', async () => {
    const connection = await RawConnection.open(mongo.port);
    const header = Buffer.alloc(16);
    header.writeInt32LE(3, 0);
    connection.send(header);

    await connection.whenClosed();

    expect(connection.closed).toBe(true);
  });

  it('answers a command without a collection name with an error, not a crash', async () => {
    const connection = await RawConnection.open(mongo.port);
    connection.send(opMsg(1, { find: 42, $db: 'wire' }));

    const reply = await connection.reply();
    connection.close();

    expect(reply.document).toMatchObject({ ok: 0, code: 73 });
  });
});
