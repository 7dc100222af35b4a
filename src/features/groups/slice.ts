import type { Clock } from '../../clock';
import type { ActorLoader } from '../../people';
import type { GroupsDependencies } from './service';

/** What every handler of the slice shares: built once in index.ts. */
export interface GroupsSlice {
  deps: GroupsDependencies;
  loadActor: ActorLoader;
  clock: Clock;
  /** Where "member since" days are counted. */
  timeZone: string;
}
