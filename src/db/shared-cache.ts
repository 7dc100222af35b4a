import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { oncePerTurn, rememberForTurn } from '../bot/turn-scope';
import { isDuplicateKey } from './mongoose-helpers';
import { sharedRunsStartingAfterCall } from './shared-runs';

/** One document holds a version counter per cache: `{ _id: 'shared', roles: 12, groups: 3, … }`. */
const versionsCollection = 'cache_versions';
const versionsId = 'shared';

/**
 * `epoch` is drawn when the document is created: a database dropped or restored from a backup
 * starts its counters again from zero, and copies counted in the old epoch must not pass for fresh.
 */
type Versions = Partial<Record<SharedCacheName, number>> & { epoch?: string };
interface VersionsDocument extends Versions {
  _id: string;
}

/** The caches of the data every turn needs, kept in process and named in docs/turn-cost.md. */
export type SharedCacheName =
  | 'members'
  | 'roles'
  | 'groups'
  | 'memberships'
  | 'polls'
  | 'onboardingSteps'
  | 'onboardingProgress'
  | 'remindersPaused'
  | 'missionSheets';

interface Entry {
  /** The counter read before the value was loaded: the value holds every change up to it. */
  version: number;
  epoch: string | undefined;
  value: Promise<unknown>;
}

let nextInstance = 0;

/**
 * In-process copies of small, often read, rarely written data (the member directory, role grants,
 * groups, path steps), correct across instances: every write bumps the cache's counter in MongoDB
 * after writing, and a turn reads the counters once (one round trip) before trusting its copies.
 * A copy is reloaded when the counter moved; a change made by another instance is therefore seen
 * by the next turn that starts after that instance's write returned.
 */
export class SharedCaches {
  private readonly entries = new Map<SharedCacheName, Entry>();
  private readonly turnKey = `cache-versions:${(nextInstance += 1)}`;

  constructor(private readonly connection: Connection) {}

  private get versions() {
    return this.connection.collection<VersionsDocument>(versionsCollection);
  }

  /** The counters as this turn sees them: read once per turn, or at each call outside a turn. */
  private currentVersions(): Promise<Versions> {
    return oncePerTurn(this.turnKey, () => this.readVersions());
  }

  /**
   * The counters, from a read that starts after this call: anything written before the call is
   * seen. Turns that ask while a read is already on its way share the next one (shared-runs.ts).
   */
  private readonly readVersions = sharedRunsStartingAfterCall<void, Versions>(() =>
    this.versions.findOne({ _id: versionsId }).then((document): Versions => document ?? {}),
  );

  /** The cached value, or `load()` when another instance (or this one) changed it since. */
  async get<T>(name: SharedCacheName, load: () => Promise<T>): Promise<T> {
    const versions = await this.currentVersions();
    const version = versions[name] ?? 0;
    const entry = this.entries.get(name);
    // A copy loaded at a later counter than this turn's is fresher still: good enough.
    if (entry && entry.epoch === versions.epoch && entry.version >= version) return entry.value as Promise<T>;
    const value = load();
    const fresh = { version, epoch: versions.epoch, value };
    this.entries.set(name, fresh);
    value.catch(() => {
      if (this.entries.get(name) === fresh) this.entries.delete(name);
    });
    return value;
  }

  /**
   * Drops this process's copy: a write found the database ahead of it (another turn's change whose
   * bump is still on its way), so the next read loads what is written.
   */
  forget(name: SharedCacheName): void {
    this.entries.delete(name);
  }

  /** Changes whose counter bump has not started yet: the next bump carries them all. */
  private unbumped: Array<{ name: SharedCacheName; apply?: (value: never) => unknown }> = [];

  /**
   * Call after every write to what `name` caches, once the write is done. With `apply` (which
   * must be idempotent: the copy may already hold the change), a copy that was current just
   * before this change is updated in place instead of being reloaded.
   *
   * Changes made while a bump is on its way share the next bump (one `$inc` of each of their
   * counters, by their number of changes): it starts after each of their writes was done, which
   * is all another instance needs to see them once it reads the counters it moved.
   */
  async changed<T>(name: SharedCacheName, apply?: (value: T) => T): Promise<void> {
    this.unbumped.push({ name, apply: apply as ((value: never) => unknown) | undefined });
    const after = await this.bumpUnbumped();
    // The rest of this turn trusts copies loaded from now on, and nothing older.
    if (after) rememberForTurn<Versions>(this.turnKey, after);
  }

  private readonly bumpUnbumped = sharedRunsStartingAfterCall<void, Versions | null>(async () => {
    const changes = this.unbumped;
    this.unbumped = [];
    const increments: Partial<Record<SharedCacheName, number>> = {};
    for (const { name } of changes) increments[name] = (increments[name] ?? 0) + 1;
    const bump = () =>
      this.versions.findOneAndUpdate(
        { _id: versionsId },
        { $inc: increments, $setOnInsert: { epoch: randomUUID() } },
        { upsert: true, returnDocument: 'after' },
      );
    // The very first bumps of a database may race to insert the document: the loser updates it.
    const after = await bump()
      .catch((error: unknown) => {
        if (isDuplicateKey(error)) return bump();
        throw error;
      })
      .catch((error: unknown) => {
        // The writes are done but the counters did not move: at least this process reloads.
        for (const { name } of changes) this.entries.delete(name);
        throw error;
      });
    // Each change brings the copy one step closer to the counter, in the order they were made.
    const stepsLeft = { ...increments };
    for (const { name, apply } of changes) {
      stepsLeft[name] = (stepsLeft[name] ?? 1) - 1;
      if (!after || after.epoch !== this.entries.get(name)?.epoch) this.entries.delete(name);
      else
        this.catchUp(
          name,
          (after[name] ?? Number.POSITIVE_INFINITY) - (stepsLeft[name] ?? 0),
          apply as (value: unknown) => unknown,
        );
    }
    return after;
  });

  /**
   * Brings the copy up to `version`, the counter this change set. The copy is kept while the
   * write and its bump are on their way (turns that started before they returned may use it):
   * concurrent writers then update it one after the other instead of each dropping it. A copy
   * loaded at `version` or later already holds the change; one more than a change behind
   * (another writer's bump answered first) is dropped and reloaded.
   */
  private catchUp<T>(name: SharedCacheName, version: number, apply?: (value: T) => T): void {
    const current = this.entries.get(name);
    if (!current || current.version >= version) return;
    if (!apply || current.version !== version - 1) {
      this.entries.delete(name);
      return;
    }
    const value = (current.value as Promise<T>).then(apply);
    const caughtUp = { version, epoch: current.epoch, value };
    this.entries.set(name, caughtUp);
    value.catch(() => {
      if (this.entries.get(name) === caughtUp) this.entries.delete(name);
    });
  }
}

const cachesByConnection = new WeakMap<Connection, SharedCaches>();

/** The caches of one database connection, shared by every repository built on it. */
export function sharedCachesOf(connection: Connection): SharedCaches {
  let caches = cachesByConnection.get(connection);
  if (!caches) {
    caches = new SharedCaches(connection);
    cachesByConnection.set(connection, caches);
  }
  return caches;
}
