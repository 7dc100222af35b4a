import fs from 'node:fs';
import path from 'node:path';
import {
  DataDirectoryError,
  journalFileName,
  lockDataDirectory,
  prepareDataDirectory,
  snapshotFileName,
  syncDirectory,
  writeFileDurably,
} from './data-directory';
import type { Engine, MutationLog } from './engine';
import {
  decodeFileHeader,
  decodeRecords,
  encodeFileHeader,
  encodeRecord,
  FileFormatError,
  JournalFile,
  writeFully,
} from './journal';
import type { EngineLogger } from './logger';
import type { Mutation } from './mutations';

export interface DurableStorageOptions {
  dataDir: string;
  logger: EngineLogger;
  /** The journal is replaced by a snapshot once it grows beyond this size. */
  compactAfterBytes?: number;
}

const defaultCompactAfterBytes = 64 * 1024 * 1024;
const snapshotChunkMutations = 1000;

/**
 * Keeps the engine's data in a directory: a snapshot of the whole state plus a journal of the commands since
 * then. Opening loads both (dropping a torn last journal record), then compacts them into a fresh snapshot.
 */
export class DurableStorage implements MutationLog {
  private journal: JournalFile | undefined;
  private generation = 0;
  private closed = false;
  private compacting: Promise<void> | undefined;

  private constructor(
    private readonly directory: string,
    private readonly logger: EngineLogger,
    private readonly compactAfterBytes: number,
    private readonly unlock: () => void,
  ) {}

  static async open(engine: Engine, options: DurableStorageOptions): Promise<DurableStorage> {
    const directory = path.resolve(options.dataDir);
    prepareDataDirectory(directory);
    const unlock = lockDataDirectory(directory, options.logger);
    const storage = new DurableStorage(
      directory,
      options.logger,
      options.compactAfterBytes ?? defaultCompactAfterBytes,
      unlock,
    );
    try {
      storage.load(engine);
      await storage.compact(engine.snapshot());
    } catch (error) {
      unlock();
      if (error instanceof FileFormatError)
        throw new DataDirectoryError(`Data directory ${directory}: ${error.message}`);
      throw error;
    }
    return storage;
  }

  private get journalPath(): string {
    return path.join(this.directory, journalFileName);
  }

  private get snapshotPath(): string {
    return path.join(this.directory, snapshotFileName);
  }

  private load(engine: Engine): void {
    if (fs.existsSync(this.snapshotPath)) {
      const content = fs.readFileSync(this.snapshotPath);
      this.generation = decodeFileHeader(content, this.snapshotPath).generation;
      const { mutations, damage } = decodeRecords(content);
      const complete = !damage && mutations.length > 0 && mutations[mutations.length - 1].length === 0;
      if (!complete) {
        throw new DataDirectoryError(
          `Snapshot ${this.snapshotPath} is damaged (${damage ?? 'missing end marker'}); refusing to start with partial data`,
        );
      }
      for (const record of mutations) for (const mutation of record) engine.apply(mutation);
    }
    if (!fs.existsSync(this.journalPath)) return;
    const content = fs.readFileSync(this.journalPath);
    if (content.length === 0) return;
    const { generation } = decodeFileHeader(content, this.journalPath);
    if (generation < this.generation) {
      // A compaction finished its snapshot but not the journal swap: the snapshot already holds all of it.
      this.logger.info({ dataDir: this.directory }, 'ignoring a journal already contained in the snapshot');
      return;
    }
    if (generation > this.generation) {
      throw new DataDirectoryError(
        `Journal ${this.journalPath} continues snapshot generation ${generation} but the snapshot is generation ${this.generation}; the snapshot is missing or older than the journal`,
      );
    }
    const { mutations, validEnd, damage, beforeTail } = decodeRecords(content);
    if (damage && beforeTail) {
      // Dropping from here would silently lose writes that were acknowledged after this record.
      throw new DataDirectoryError(
        `Journal ${this.journalPath} has a damaged record (${damage}) at byte ${validEnd}, before its last records; refusing to start rather than drop acknowledged writes. Restore the data directory from a backup.`,
      );
    }
    for (const record of mutations) for (const mutation of record) engine.apply(mutation);
    if (damage) {
      this.logger.warn(
        {
          dataDir: this.directory,
          damage,
          droppedBytes: content.length - validEnd,
          keptRecords: mutations.length,
        },
        'dropped a torn or corrupt journal tail (a write that was never acknowledged)',
      );
      fs.truncateSync(this.journalPath, validEnd);
    }
  }

  append(mutations: Mutation[]): void {
    if (!this.journal) throw new Error('the journal is closed');
    this.journal.append(encodeRecord(mutations));
  }

  flush(): Promise<void> {
    return this.journal?.flush() ?? Promise.resolve();
  }

  get wantsCompaction(): boolean {
    return (this.journal?.size ?? 0) > this.compactAfterBytes;
  }

  /** Writes the state as a new snapshot, then starts an empty journal that continues it. */
  compact(state: Iterable<Mutation>): Promise<void> {
    const run = this.compactNow(state);
    this.compacting = run.catch(() => undefined);
    return run;
  }

  private async compactNow(state: Iterable<Mutation>): Promise<void> {
    if (this.closed) return;
    await this.journal?.flush();
    const nextGeneration = this.generation + 1;
    this.writeSnapshot(state, nextGeneration);
    writeFileDurably(this.journalPath, encodeFileHeader(nextGeneration));
    await this.journal?.close();
    this.generation = nextGeneration;
    this.journal = JournalFile.openForAppend(this.journalPath);
  }

  private writeSnapshot(state: Iterable<Mutation>, generation: number): void {
    const temporary = `${this.snapshotPath}.tmp`;
    const fd = fs.openSync(temporary, 'w');
    try {
      writeFully(fd, encodeFileHeader(generation));
      let chunk: Mutation[] = [];
      for (const mutation of state) {
        chunk.push(mutation);
        if (chunk.length >= snapshotChunkMutations) {
          writeFully(fd, encodeRecord(chunk));
          chunk = [];
        }
      }
      if (chunk.length > 0) writeFully(fd, encodeRecord(chunk));
      // An empty record marks the end: a snapshot without it is incomplete.
      writeFully(fd, encodeRecord([]));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temporary, this.snapshotPath);
    syncDirectory(this.directory);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.compacting;
    await this.journal?.close();
    this.journal = undefined;
    this.unlock();
  }
}
