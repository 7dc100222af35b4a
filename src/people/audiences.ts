import type { GroupsRepository } from './groups-repository';
import type { MemberRecord, MembersRepository, RoleName } from './members-repository';
import { findCoordinators } from './reach';

/** Who a message, a poll or an event addresses. */
export type Audience =
  | { kind: 'network' }
  | { kind: 'group'; groupSlug: string }
  /** People holding a role; for group roles (lead, HR referent), optionally in one group. */
  | { kind: 'role'; role: RoleName; groupSlug?: string };

export interface AudienceSources {
  members: MembersRepository;
  groups: GroupsRepository;
  configuredCoordinators: readonly string[];
}

/** The people an audience holds right now, each once. */
export async function peopleIn(sources: AudienceSources, audience: Audience): Promise<MemberRecord[]> {
  const { members, groups } = sources;
  switch (audience.kind) {
    case 'network':
      return members.listAll();
    case 'group':
      return members.findByIds((await groups.membersOf(audience.groupSlug)).map((one) => one.memberId));
    case 'role':
      // Coordinators also come from IX_COORDINATORS, not only from grants.
      if (audience.role === 'coordinator') return findCoordinators(members, sources.configuredCoordinators);
      return members.findByIds([
        ...new Set(
          (await members.grantsFor(audience.role, audience.groupSlug)).map((grant) => grant.memberId),
        ),
      ]);
  }
}
