import type { Logger } from 'pino';
import type { Clock } from '../../clock';
import type { Database } from '../../db/database';
import type { Outbox } from '../../delivery/outbox';
import { createOutboxRepository } from '../../delivery/repository';
import { createTranslator } from '../../i18n/translator';
import { createJobLeases } from '../../scheduling/job-lease';
import { deliverToPeople, refreshAudience, type People } from '../../people';
import type { DigestRunDependencies } from './digest-run';
import { createInfoFlashRepository } from './repository';

export interface InfoFlashWiring {
  database: Database;
  outbox: Outbox;
  clock: Clock;
  log: Logger;
  timeZone: string;
  people: People;
}

/** What every part of the slice works with: the digest run's dependencies and the network's people. */
export interface InfoFlashDependencies extends DigestRunDependencies {
  people: People;
}

/** Everything the slice needs, built from the app's parts (tests build it with their own outbox). */
export async function createInfoFlashDependencies(wiring: InfoFlashWiring): Promise<InfoFlashDependencies> {
  const { connection } = wiring.database;
  const { people } = wiring;
  const [infoFlash, deliveries, leases] = await Promise.all([
    createInfoFlashRepository(connection),
    createOutboxRepository(connection),
    createJobLeases(connection),
  ]);
  return {
    infoFlash,
    people,
    outbox: wiring.outbox,
    deliveries,
    leases,
    clock: wiring.clock,
    log: wiring.log,
    timeZone: wiring.timeZone,
    instanceId: wiring.outbox.workerId,
    t: createTranslator('fr'),
    sections: async () => {
      const all = await people.groups.listGroups();
      return (slug) => {
        const index = all.findIndex((group) => group.slug === slug);
        return index < 0 ? undefined : { title: all[index].title, order: index };
      };
    },
    refreshAudience: async () => refreshAudience(await people.peopleIn({ kind: 'network' })),
    notifyCoordinators: async (text, messageKey) => {
      await deliverToPeople(
        wiring.outbox,
        await people.peopleIn({ kind: 'role', role: 'coordinator' }),
        (t) => ({ text: text(t) }),
        { batchKey: 'info-flash:notices', messageKey },
      );
    },
  };
}
