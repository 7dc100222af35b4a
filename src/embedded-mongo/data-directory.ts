import fs from 'node:fs';
import path from 'node:path';
import type { EngineLogger } from './logger';

/** The on-disk format this engine writes; another format (or a mongod data directory) is refused. */
export const dataFormat = { format: 'ix-embedded-mongo', version: 1 } as const;

export const formatFileName = 'embedded-mongo.format.json';
export const lockFileName = 'embedded-mongo.lock';
export const journalFileName = 'journal.bin';
export const snapshotFileName = 'snapshot.bin';

const ownFiles = new Set([formatFileName, lockFileName, journalFileName, snapshotFileName]);

export class DataDirectoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataDirectoryError';
  }
}

const describeFormat = (format: { format?: unknown; version?: unknown }) =>
  `${String(format.format)} version ${String(format.version)}`;

/** Creates the directory if needed and checks (or writes) its format marker. */
export function prepareDataDirectory(directory: string): void {
  fs.mkdirSync(directory, { recursive: true });
  const markerPath = path.join(directory, formatFileName);
  const expected = describeFormat(dataFormat);
  if (fs.existsSync(markerPath)) {
    let found: { format?: unknown; version?: unknown };
    try {
      found = JSON.parse(fs.readFileSync(markerPath, 'utf8')) as typeof found;
    } catch {
      throw new DataDirectoryError(
        `Data directory ${directory} has an unreadable format marker ${formatFileName}; expected format ${expected}`,
      );
    }
    if (found.format !== dataFormat.format || found.version !== dataFormat.version) {
      throw new DataDirectoryError(
        `Data directory ${directory} has format ${describeFormat(found)}, expected ${expected}. ` +
          'Use another --data-dir or migrate the data (mongodump from a compatible engine, then mongorestore).',
      );
    }
    return;
  }
  const foreign = fs.readdirSync(directory).filter((name) => !ownFiles.has(name) && !name.startsWith('.'));
  if (foreign.length > 0) {
    const found = foreign.some((name) => name.startsWith('WiredTiger') || name === 'mongod.lock')
      ? 'a mongod (WiredTiger) data directory'
      : `unknown files (${foreign.slice(0, 5).join(', ')}${foreign.length > 5 ? ', …' : ''})`;
    throw new DataDirectoryError(
      `Data directory ${directory} is not an embedded-mongo data directory: found ${found}, expected format ${expected} ` +
        'or an empty directory.',
    );
  }
  writeFileDurably(markerPath, `${JSON.stringify(dataFormat)}\n`);
}

/**
 * Directories held by engines of this process: a second engine on the same directory is refused.
 * The lock file cannot tell: it holds the pid, and a lock with our own pid is a stale one from an
 * earlier process that had it (a container's bot is pid 1 at every start). A worker thread has its
 * own copy of this module, so an engine on a thread is claimed here by the thread that starts it
 * (`thread.ts`).
 */
const heldByThisProcess = new Set<string>();

/** Claims `directory` for one engine of this process; throws if another holds it. */
export function claimForThisProcess(directory: string): () => void {
  const resolved = fs.existsSync(directory) ? fs.realpathSync(directory) : path.resolve(directory);
  if (heldByThisProcess.has(resolved)) {
    throw new DataDirectoryError(
      `Data directory ${directory} is already used by another embedded engine of this process`,
    );
  }
  heldByThisProcess.add(resolved);
  return () => heldByThisProcess.delete(resolved);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the directory's lock file (with our pid); a lock left by a dead process is taken over. */
export function lockDataDirectory(directory: string, logger: EngineLogger): () => void {
  const lockPath = path.join(fs.realpathSync(directory), lockFileName);
  const release = claimForThisProcess(directory);
  try {
    takeLockFile(directory, lockPath, logger);
  } catch (error) {
    release();
    throw error;
  }
  return () => {
    release();
    fs.rmSync(lockPath, { force: true });
  };
}

function takeLockFile(directory: string, lockPath: string, logger: EngineLogger): void {
  for (let attempt = 0; ; attempt += 1) {
    try {
      const fd = fs.openSync(lockPath, 'wx');
      fs.writeSync(fd, `${process.pid}\n`);
      fs.fsyncSync(fd);
      fs.closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
      const owner = Number.parseInt(fs.readFileSync(lockPath, 'utf8'), 10);
      if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
        throw new DataDirectoryError(
          `Data directory ${directory} is in use by process ${owner} (lock file ${lockPath}); stop it or use another directory`,
        );
      }
      logger.warn({ dataDir: directory, stalePid: owner }, 'taking over a stale embedded mongo lock file');
      fs.unlinkSync(lockPath);
    }
  }
}

export function syncDirectory(directory: string): void {
  const fd = fs.openSync(directory, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes a file through a temporary file and an atomic rename, so a crash leaves the old or the new one. */
export function writeFileDurably(filePath: string, content: string | Buffer): void {
  const temporary = `${filePath}.tmp`;
  const fd = fs.openSync(temporary, 'w');
  try {
    fs.writeFileSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temporary, filePath);
  syncDirectory(path.dirname(filePath));
}
