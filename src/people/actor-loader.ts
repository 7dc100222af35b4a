import type { Person } from '../bot/turn';
import { actorFrom, type Actor } from './actor';
import type { MembersRepository } from './members-repository';

/**
 * Loads who is acting from the database: the members middleware records every person before any
 * handler runs, so a handler can always resolve its actor.
 */
export function createActorLoader(members: MembersRepository, configuredCoordinators: readonly string[]) {
  return async (person: Person, now: Date): Promise<Actor> => {
    const member =
      (await members.findByIdentity({ aadObjectId: person.aadObjectId, teamsUserId: person.id })) ??
      (
        await members.recordSighting({
          aadObjectId: person.aadObjectId,
          teamsUserId: person.id,
          displayName: person.name,
          now,
        })
      ).member;
    return actorFrom(member, await members.grantsOf(member.id), configuredCoordinators);
  };
}

export type ActorLoader = ReturnType<typeof createActorLoader>;
