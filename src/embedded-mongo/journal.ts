import { deserialize, serialize, type Document } from 'bson';
import fs from 'node:fs';
import { promisify } from 'node:util';
import { crc32 } from 'node:zlib';
import { dataFormat } from './data-directory';
import type { Mutation } from './mutations';

/**
 * File layout shared by the journal and snapshots:
 *   header  = magic "IXEMBMDB" (8 bytes) | format version (u32 LE) | generation (u32 LE)
 *   record* = payload length (u32 LE) | CRC-32 of the payload (u32 LE) | payload (BSON `{ m: [mutations] }`)
 * The generation ties a journal to the snapshot it continues.
 */
const magic = Buffer.from('IXEMBMDB', 'latin1');
export const fileHeaderSize = 16;
const recordHeaderSize = 8;
/** A length beyond this can only come from a torn or corrupt record. */
const maxRecordSize = 256 * 1024 * 1024;

export function encodeFileHeader(generation: number): Buffer {
  const header = Buffer.alloc(fileHeaderSize);
  magic.copy(header, 0);
  header.writeUInt32LE(dataFormat.version, 8);
  header.writeUInt32LE(generation, 12);
  return header;
}

export class FileFormatError extends Error {}

/** Reads the header of a journal or snapshot, refusing files of another format or version. */
export function decodeFileHeader(content: Buffer, filePath: string): { generation: number } {
  if (content.length < fileHeaderSize || !content.subarray(0, 8).equals(magic)) {
    throw new FileFormatError(
      `${filePath} is not an embedded-mongo file (found no "IXEMBMDB" header), expected format ${dataFormat.format} version ${dataFormat.version}`,
    );
  }
  const version = content.readUInt32LE(8);
  if (version !== dataFormat.version) {
    throw new FileFormatError(
      `${filePath} has format ${dataFormat.format} version ${version}, expected version ${dataFormat.version}`,
    );
  }
  return { generation: content.readUInt32LE(12) };
}

export function encodeRecord(mutations: Mutation[]): Buffer {
  const payload = serialize({ m: mutations });
  const header = Buffer.alloc(recordHeaderSize);
  header.writeUInt32LE(payload.length, 0);
  header.writeUInt32LE(crc32(payload), 4);
  return Buffer.concat([header, payload]);
}

export interface DecodedRecords {
  mutations: Mutation[][];
  /** Offset just after the last intact record. */
  validEnd: number;
  /** Why reading stopped before the end of the content, if it did. */
  damage?: string;
  /** True when the damaged record is complete and followed by more: corruption, not a torn write. */
  beforeTail?: boolean;
}

/** Decodes records after the file header, stopping at the first torn or corrupt one. */
export function decodeRecords(content: Buffer): DecodedRecords {
  const mutations: Mutation[][] = [];
  let offset = fileHeaderSize;
  while (offset < content.length) {
    const remaining = content.length - offset;
    if (remaining < recordHeaderSize)
      return { mutations, validEnd: offset, damage: 'truncated record header' };
    const length = content.readUInt32LE(offset);
    if (length > maxRecordSize || length > remaining - recordHeaderSize) {
      return { mutations, validEnd: offset, damage: 'truncated record' };
    }
    const payload = content.subarray(offset + recordHeaderSize, offset + recordHeaderSize + length);
    // A whole record followed by more bytes is not a torn tail: records after it were acknowledged.
    const beforeTail = offset + recordHeaderSize + length < content.length;
    if (crc32(payload) !== content.readUInt32LE(offset + 4)) {
      return { mutations, validEnd: offset, damage: 'checksum mismatch', beforeTail };
    }
    let record: Document;
    try {
      record = deserialize(payload);
    } catch {
      return { mutations, validEnd: offset, damage: 'undecodable record', beforeTail };
    }
    if (!Array.isArray(record.m)) return { mutations, validEnd: offset, damage: 'record without mutations' };
    mutations.push(record.m as Mutation[]);
    offset += recordHeaderSize + length;
  }
  return { mutations, validEnd: offset };
}

const fdatasync = promisify(fs.fdatasync);

export function writeFully(fd: number, data: Buffer): void {
  let written = 0;
  while (written < data.length) written += fs.writeSync(fd, data, written, data.length - written);
}

/**
 * An open journal file. Records are appended synchronously (so their order is the order of the commands) and
 * made durable by `flush`, which shares one fdatasync between all the commands waiting at that moment (group
 * commit).
 */
export class JournalFile {
  private appended = 0;
  private synced = 0;
  private syncing: Promise<void> | undefined;

  private constructor(
    private readonly fd: number,
    public size: number,
  ) {}

  static openForAppend(filePath: string): JournalFile {
    const fd = fs.openSync(filePath, 'a');
    return new JournalFile(fd, fs.fstatSync(fd).size);
  }

  append(record: Buffer): void {
    writeFully(this.fd, record);
    this.appended += 1;
    this.size += record.length;
  }

  async flush(): Promise<void> {
    const target = this.appended;
    while (this.synced < target) {
      this.syncing ??= this.sync();
      await this.syncing;
    }
  }

  private async sync(): Promise<void> {
    const upTo = this.appended;
    try {
      await fdatasync(this.fd);
      this.synced = upTo;
    } finally {
      this.syncing = undefined;
    }
  }

  async close(): Promise<void> {
    await this.flush();
    fs.closeSync(this.fd);
  }
}
