import type { Clock } from '../../clock';
import type { ActorLoader } from '../../people';
import type { PersonalDataRegistry } from '../../privacy/personal-data';
import type { RosterDependencies } from './roster-service';
import type { MembersDependencies } from './service';

/** What every handler of the slice shares: built once in index.ts. */
export interface MembersSlice {
  deps: MembersDependencies;
  roster: RosterDependencies;
  loadActor: ActorLoader;
  clock: Clock;
  personalData: PersonalDataRegistry;
}
