import type { Logger } from 'pino';
import type { Clock } from '../../clock';
import type { Database } from '../../db/database';
import type { Outbox } from '../../delivery/outbox';
import { createOutboxRepository } from '../../delivery/repository';
import { createTranslator } from '../../i18n/translator';
import { createJobLeases } from '../../scheduling/job-lease';
import {
  createGroupsRepository,
  createMembersRepository,
  deliverToPeople,
  findCoordinators,
  refreshAudience,
} from '../../people';
import type { DigestRunDependencies } from './digest-run';
import { createInfoFlashRepository } from './repository';

export interface DigestWiring {
  database: Database;
  outbox: Outbox;
  clock: Clock;
  log: Logger;
  timeZone: string;
  coordinators: readonly string[];
}

/** Everything the digest run needs, built from the app's parts (tests build it with their own outbox). */
export async function createDigestDependencies(wiring: DigestWiring): Promise<DigestRunDependencies> {
  const { connection } = wiring.database;
  const [infoFlash, deliveries, leases, groups, members] = await Promise.all([
    createInfoFlashRepository(connection),
    createOutboxRepository(connection),
    createJobLeases(connection),
    createGroupsRepository(connection),
    createMembersRepository(connection),
  ]);
  return {
    infoFlash,
    outbox: wiring.outbox,
    deliveries,
    leases,
    clock: wiring.clock,
    log: wiring.log,
    timeZone: wiring.timeZone,
    instanceId: wiring.outbox.workerId,
    t: createTranslator('fr'),
    sections: async () => {
      const all = await groups.listGroups();
      return (slug) => {
        const index = all.findIndex((group) => group.slug === slug);
        return index < 0 ? undefined : { title: all[index].title, order: index };
      };
    },
    refreshAudience: async () => refreshAudience(await members.listAll()),
    notifyCoordinators: async (text, messageKey) => {
      await deliverToPeople(
        wiring.outbox,
        await findCoordinators(members, wiring.coordinators),
        (t) => ({ text: text(t) }),
        { batchKey: 'info-flash:notices', messageKey },
      );
    },
  };
}
