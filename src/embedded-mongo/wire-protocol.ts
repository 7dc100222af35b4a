import { deserialize, serialize, type Document } from 'bson';
import { crc32c } from './crc32c';

/**
 * The subset of the MongoDB wire protocol the Node.js driver speaks: the legacy OP_QUERY (only for the first
 * `hello` of a connection, on `admin.$cmd`) answered by OP_REPLY, and OP_MSG for everything else.
 */
export const OpCode = { reply: 1, query: 2004, compressed: 2012, msg: 2013 } as const;

export const headerSize = 16;

const msgFlags = { checksumPresent: 1 << 0, moreToCome: 1 << 1, exhaustAllowed: 1 << 16 } as const;
/** Bits 0-15 are "required": a receiver must refuse a message with one it does not know. */
const knownRequiredFlags = msgFlags.checksumPresent | msgFlags.moreToCome;

/** A malformed message: the connection it came on is closed. */
export class ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolError';
  }
}

export interface CommandRequest {
  requestId: number;
  opCode: typeof OpCode.query | typeof OpCode.msg;
  database: string;
  command: Document;
  /** OP_MSG sent with moreToCome (w: 0 writes): run it but send no reply. */
  expectsReply: boolean;
}

/** The length announced by a message header, or undefined when the 4 bytes have not arrived yet. */
export function announcedLength(buffer: Buffer): number | undefined {
  return buffer.length < 4 ? undefined : buffer.readInt32LE(0);
}

/** Decodes one complete message (header included). */
export function decodeRequest(message: Buffer): CommandRequest {
  if (message.length < headerSize) throw new ProtocolError('message shorter than its header');
  const requestId = message.readInt32LE(4);
  const opCode = message.readInt32LE(12);
  if (opCode === OpCode.msg) return decodeMsg(message, requestId);
  if (opCode === OpCode.query) return decodeQuery(message, requestId);
  if (opCode === OpCode.compressed)
    throw new ProtocolError('OP_COMPRESSED is not supported (no compressor was offered)');
  throw new ProtocolError(`unsupported opCode ${opCode}`);
}

function readDocument(message: Buffer, offset: number): { document: Document; end: number } {
  if (offset + 4 > message.length) throw new ProtocolError('truncated BSON document');
  const size = message.readInt32LE(offset);
  if (size < 5 || offset + size > message.length)
    throw new ProtocolError('BSON document overruns the message');
  try {
    return {
      document: deserialize(message.subarray(offset, offset + size), { useBigInt64: true }),
      end: offset + size,
    };
  } catch (error) {
    throw new ProtocolError(`invalid BSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function readCString(message: Buffer, offset: number): { value: string; end: number } {
  const zero = message.indexOf(0, offset);
  if (zero < 0) throw new ProtocolError('unterminated string');
  return { value: message.toString('utf8', offset, zero), end: zero + 1 };
}

function decodeMsg(message: Buffer, requestId: number): CommandRequest {
  const flags = message.readUInt32LE(headerSize);
  if ((flags & 0xffff & ~knownRequiredFlags) !== 0) {
    throw new ProtocolError(`unknown required OP_MSG flag bits ${flags.toString(2)}`);
  }
  let end = message.length;
  if (flags & msgFlags.checksumPresent) {
    end -= 4;
    if (crc32c(message.subarray(0, end)) !== message.readUInt32LE(end)) {
      throw new ProtocolError('OP_MSG checksum mismatch');
    }
  }
  let offset = headerSize + 4;
  let body: Document | undefined;
  const sequences: Array<[string, Document[]]> = [];
  while (offset < end) {
    const kind = message[offset];
    offset += 1;
    if (kind === 0) {
      if (body) throw new ProtocolError('OP_MSG with two body sections');
      const read = readDocument(message, offset);
      body = read.document;
      offset = read.end;
    } else if (kind === 1) {
      const size = message.readInt32LE(offset);
      const sectionEnd = offset + size;
      if (size < 5 || sectionEnd > end) throw new ProtocolError('document sequence overruns the message');
      const identifier = readCString(message, offset + 4);
      const documents: Document[] = [];
      offset = identifier.end;
      while (offset < sectionEnd) {
        const read = readDocument(message, offset);
        documents.push(read.document);
        offset = read.end;
      }
      sequences.push([identifier.value, documents]);
    } else {
      throw new ProtocolError(`unknown OP_MSG section kind ${kind}`);
    }
  }
  if (!body) throw new ProtocolError('OP_MSG without a body section');
  for (const [identifier, documents] of sequences) {
    if (identifier in body)
      throw new ProtocolError(`'${identifier}' is both in the body and a document sequence`);
    body[identifier] = documents;
  }
  const database = body.$db;
  if (typeof database !== 'string') throw new ProtocolError('OP_MSG body without $db');
  return {
    requestId,
    opCode: OpCode.msg,
    database,
    command: body,
    expectsReply: (flags & msgFlags.moreToCome) === 0,
  };
}

function decodeQuery(message: Buffer, requestId: number): CommandRequest {
  const namespace = readCString(message, headerSize + 4);
  const query = readDocument(message, namespace.end + 8).document;
  if (!namespace.value.endsWith('.$cmd')) {
    throw new ProtocolError(`legacy OP_QUERY on '${namespace.value}' is not supported; only commands are`);
  }
  const command = query.$query && typeof query.$query === 'object' ? (query.$query as Document) : query;
  return {
    requestId,
    opCode: OpCode.query,
    database: namespace.value.slice(0, -'.$cmd'.length),
    command,
    expectsReply: true,
  };
}

let lastResponseId = 0;

/**
 * A reply in one buffer: the header, then `fields` bytes written by the caller, then the body.
 * `allocUnsafe` takes small replies from Node's shared pool, where separate `Buffer.alloc`s for the
 * header and fields each made their own ArrayBuffer that every young-generation GC must sweep.
 */
function reply(responseTo: number, opCode: number, fields: number, body: Uint8Array): Buffer {
  const buffer = Buffer.allocUnsafe(headerSize + fields + body.length);
  lastResponseId = (lastResponseId + 1) | 0;
  buffer.writeInt32LE(buffer.length, 0);
  buffer.writeInt32LE(lastResponseId, 4);
  buffer.writeInt32LE(responseTo, 8);
  buffer.writeInt32LE(opCode, 12);
  buffer.set(body, headerSize + fields);
  return buffer;
}

/** An OP_MSG reply with the document as its body. */
export function encodeMsgReply(responseTo: number, document: Document): Buffer {
  const buffer = reply(responseTo, OpCode.msg, 5, serialize(document));
  buffer.writeUInt32LE(0, headerSize); // flagBits
  buffer.writeUInt8(0, headerSize + 4); // section kind 0: the body
  return buffer;
}

/** An OP_REPLY (answer to a legacy OP_QUERY) holding one document. */
export function encodeLegacyReply(responseTo: number, document: Document): Buffer {
  const buffer = reply(responseTo, OpCode.reply, 20, serialize(document));
  buffer.writeInt32LE(0, headerSize); // responseFlags
  buffer.writeBigInt64LE(0n, headerSize + 4); // cursorID
  buffer.writeInt32LE(0, headerSize + 12); // startingFrom
  buffer.writeInt32LE(1, headerSize + 16); // numberReturned
  return buffer;
}
