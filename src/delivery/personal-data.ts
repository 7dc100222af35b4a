import type { PersonalDataSource } from '../privacy/personal-data';
import type { OutboxRepository } from './repository';

/**
 * The outbox keeps, until its records expire, the conversation reference of each person's 1:1
 * chat and the cards sent there (names included): they are the person's data like any other.
 */
export function outboxPersonalData(outbox: OutboxRepository): PersonalDataSource {
  return {
    name: 'deliveries',
    titleKey: 'common.privacyDeliveries',
    async export(memberId, person) {
      return (await outbox.deliveriesToPerson(person?.teamsUserId, memberId)).map((delivery) => ({
        what: delivery.batchKey,
        state: delivery.state,
        createdAt: delivery.createdAt.toISOString(),
        sentAt: delivery.sentAt?.toISOString(),
        expiresAt: delivery.expiresAt?.toISOString(),
      }));
    },
    async erase(memberId, person) {
      return { erased: await outbox.erasePerson(person?.teamsUserId, memberId) };
    },
  };
}
