import pino from 'pino';
import type { DomainEvents } from '../../../src/bot/router';
import { connectDatabase, type Database } from '../../../src/db/database';
import type { NewDelivery } from '../../../src/delivery/repository';
import { createOnboardingRepository } from '../../../src/features/onboarding/repository';
import { onboardingGroupSlug, type PublishEvent } from '../../../src/features/onboarding/referent-notices';
import { seedPathAndBooklet } from '../../../src/features/onboarding/seed';
import type { OnboardingDependencies } from '../../../src/features/onboarding/service';
import { createActorLoader, createGroupsRepository, createMembersRepository } from '../../../src/people';
import type { Profile } from '../../../src/people';

/** What a service run published, in order. */
export type Published = Array<
  { [Name in keyof DomainEvents]: { name: Name; data: DomainEvents[Name] } }[keyof DomainEvents]
>;

/**
 * The onboarding rules' dependencies on a real (embedded) database, with an outbox and a publisher
 * that only record: what the rules queued and published is what the tests look at.
 */
export async function onboardingFakes(database: Database, now: Date) {
  const [onboarding, members, groups] = await Promise.all([
    createOnboardingRepository(database.connection),
    createMembersRepository(database.connection),
    createGroupsRepository(database.connection),
  ]);
  const queued: NewDelivery[] = [];
  const published: Published = [];
  const publish: PublishEvent = async (name, data) => {
    published.push({ name, data } as Published[number]);
  };
  const deps: OnboardingDependencies = {
    onboarding,
    members,
    groups,
    loadActor: createActorLoader(members, []),
    outbox: {
      enqueue: async (deliveries) => {
        queued.push(...deliveries);
        return deliveries.length;
      },
      stateOf: async () => undefined,
    },
    publish,
    clock: { now: () => now },
    timeZone: 'Europe/Paris',
    log: pino({ level: 'silent' }),
  };
  let count = 0;
  /** A person the bot can reach in private (it knows their Teams id and service URL). */
  async function person(displayName: string, profile: Profile = {}) {
    count += 1;
    const { member } = await members.recordSighting({
      aadObjectId: `00000000-0000-4000-a000-${String(count).padStart(12, '0')}`,
      teamsUserId: `29:onboarding-${count}`,
      displayName,
      serviceUrl: 'https://smba.example/',
      now,
    });
    return (await members.updateProfile(member.id, profile)) ?? member;
  }
  /** The onboarding HR referent, who hears of newcomers' milestones. */
  async function referent(displayName: string) {
    const member = await person(displayName);
    await members.grantRole({ memberId: member.id, role: 'hrReferent', groupSlug: onboardingGroupSlug, now });
    return member;
  }
  const textsTo = (memberId: string) =>
    queued
      .filter((delivery) => delivery.recipientMemberId === memberId)
      .flatMap((delivery) =>
        delivery.messages.map((message) => ('text' in message ? message.text : undefined)),
      );
  return { deps, queued, published, person, referent, textsTo };
}

export const completeProfile = (startDate: string): Profile => ({
  organisation: 'Ville d’Orléans',
  direction: 'Direction de la Culture',
  site: 'Médiathèque',
  trade: 'Responsable de service',
  startDate,
});

export type OnboardingFakes = Awaited<ReturnType<typeof onboardingFakes>>;

/**
 * Registers the hooks of a describe block: one embedded database, emptied and seeded with the
 * path and the booklet before each test. Read `fakes()` inside a test.
 */
export function useOnboardingDatabase(now: Date): () => OnboardingFakes {
  let database: Database;
  let fakes: OnboardingFakes;
  beforeAll(async () => {
    database = await connectDatabase({ embedded: {} }, pino({ level: 'silent' }));
  });
  beforeEach(async () => {
    await database.connection.dropDatabase();
    fakes = await onboardingFakes(database, now);
    await seedPathAndBooklet(database.connection, fakes.deps.onboarding, () => now);
  });
  afterAll(async () => {
    await database.close();
  });
  return () => fakes;
}
