import pino from 'pino';
import type { Clock } from '../../../src/clock';
import { connectDatabase, type Database } from '../../../src/db/database';
import { Outbox } from '../../../src/delivery/outbox';
import { createOutboxRepository, type OutboxRepository } from '../../../src/delivery/repository';
import {
  createInfoFlashDependencies,
  type InfoFlashDependencies,
} from '../../../src/features/info-flash/dependencies';
import type { DigestItem, DigestRecord } from '../../../src/features/info-flash/repository';
import { createPeople, type Actor } from '../../../src/people';

const silent = pino({ level: 'silent' });
const notDrained = () => Promise.reject(new Error('These tests read the outbox; nothing is sent.'));

export interface SliceFixture {
  database: Database;
  deps: InfoFlashDependencies;
  deliveries: OutboxRepository;
  clock: Clock & { set(instant: Date): void };
  /** A person the bot can reach in their 1:1 chat, as their actor; `coordinator` grants the role. */
  person(name: string, options?: { coordinator?: boolean }): Promise<Actor>;
  /** A digest that went out (state `sent` unless told), with one item per title, in one part. */
  publishedDigest(titles: string[], state?: 'sending' | 'sent'): Promise<DigestRecord>;
  close(): Promise<void>;
}

/**
 * The slice's real dependencies on a fresh embedded database, with a fixed clock. The outbox is
 * never drained: what the services enqueue stays there for the test to read.
 */
export async function sliceFixture(start = new Date('2026-12-07T09:00:00Z')): Promise<SliceFixture> {
  const database = await connectDatabase({ embedded: {} }, silent);
  const deliveries = await createOutboxRepository(database.connection);
  let now = start;
  const clock = { now: () => now, set: (instant: Date) => (now = instant) };
  const outbox = new Outbox({
    repository: deliveries,
    messenger: {
      send: notDrained,
      update: notDrained,
      delete: notDrained,
      openPersonalConversation: notDrained,
      readRoster: notDrained,
    },
    clock,
    log: silent,
  });
  const people = await createPeople(database.connection, []);
  const deps = await createInfoFlashDependencies({
    database,
    outbox,
    clock,
    log: silent,
    timeZone: 'Europe/Paris',
    people,
  });
  let count = 0;

  async function person(name: string, options: { coordinator?: boolean } = {}): Promise<Actor> {
    count += 1;
    const { member } = await people.members.recordSighting({
      teamsUserId: `29:${name}-${count}`,
      aadObjectId: `00000000-0000-4000-a000-${String(count).padStart(12, '0')}`,
      tenantId: 'tenant-orleans',
      displayName: name,
      serviceUrl: 'https://smba.example.test/emea/',
      now: clock.now(),
    });
    if (options.coordinator)
      await people.members.grantRole({ memberId: member.id, role: 'coordinator', now: clock.now() });
    return people.loadActor({ id: member.teamsUserId!, aadObjectId: member.aadObjectId, name }, clock.now());
  }

  async function publishedDigest(
    titles: string[],
    state: 'sending' | 'sent' = 'sent',
  ): Promise<DigestRecord> {
    const { infoFlash } = deps;
    const digest = await infoFlash.openDigest(clock.now(), clock.now());
    const items: DigestItem[] = titles.map((title, index) => ({
      itemId: `item-${digest.number}-${index}`,
      title,
      text: `Texte de ${title}`,
      sectionOrder: 0,
    }));
    await infoFlash.storeRendered(digest.id, items, [
      { itemIds: items.map((item) => item.itemId), card: { type: 'AdaptiveCard', version: '1.5' } },
    ]);
    await infoFlash.moveDigest(digest.id, 'sending', clock.now());
    if (state === 'sent') await infoFlash.moveDigest(digest.id, 'sent', clock.now());
    return (await infoFlash.findDigest(digest.id))!;
  }

  return {
    database,
    deps,
    deliveries,
    clock,
    person,
    publishedDigest,
    close: async () => {
      await outbox.stop();
      await database.close();
    },
  };
}
