import pino from 'pino';
import type { DomainEvents } from '../../../src/bot/router';
import { connectDatabase, type Database } from '../../../src/db/database';
import type { MembersDependencies } from '../../../src/features/members/service';
import { createPeople, type Actor, type MemberRecord, type People } from '../../../src/people';

export type Published = { name: keyof DomainEvents; data: unknown };

/** An in-memory database with the people built on it, and members' service dependencies that record what they publish. */
export async function membersWorld(configuredCoordinators: readonly string[] = []) {
  const database: Database = await connectDatabase({ embedded: {} }, pino({ level: 'silent' }));
  const people: People = await createPeople(database.connection, configuredCoordinators);
  const published: Published[] = [];
  const log = pino({ level: 'silent' });
  const deps: MembersDependencies = {
    members: people.members,
    groups: people.groups,
    publish: async (name, data) => {
      published.push({ name, data });
    },
    configuredCoordinators,
    log,
  };
  let counter = 0;
  const now = new Date('2026-11-27T09:00:00Z');

  /** A person the bot met in Teams. */
  async function person(displayName: string): Promise<MemberRecord> {
    counter += 1;
    const { member } = await people.members.recordSighting({
      aadObjectId: `00000000-0000-4000-c000-${String(counter).padStart(12, '0')}`,
      teamsUserId: `29:members-${counter}`,
      displayName,
      serviceUrl: 'https://smba.example/',
      now,
    });
    return member;
  }

  const actorOf = (member: MemberRecord): Promise<Actor> =>
    people.loadActor(
      { id: member.teamsUserId ?? '', aadObjectId: member.aadObjectId, name: member.displayName },
      now,
    );

  async function coordinator(displayName: string): Promise<Actor> {
    const member = await person(displayName);
    await people.members.grantRole({ memberId: member.id, role: 'coordinator', now });
    return actorOf(member);
  }

  return { database, people, deps, published, log, now, person, actorOf, coordinator };
}
