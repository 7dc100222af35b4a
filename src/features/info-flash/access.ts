import type { Turn } from '../../bot/turn';
import { ensureAllowed, type Actor } from '../../people';
import type { InfoFlashDependencies } from './dependencies';
import { infoFlashPermissions } from './permissions';

/** The person acting in this turn. */
export function actingMember(deps: InfoFlashDependencies, turn: Turn<unknown>): Promise<Actor> {
  return deps.people.loadActor(turn.user, deps.clock.now());
}

/** The person acting in this turn, refused unless they may manage the Info Flash. */
export async function actingCoordinator(deps: InfoFlashDependencies, turn: Turn<unknown>): Promise<Actor> {
  const actor = await actingMember(deps, turn);
  ensureAllowed(actor, infoFlashPermissions.manageInfoFlash);
  return actor;
}
