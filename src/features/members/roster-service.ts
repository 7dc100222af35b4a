import type { Logger } from 'pino';
import type { Messenger, RosterAccount } from '../../bot/messenger';
import type { Clock } from '../../clock';
import {
  ensureAllowed,
  peoplePermissions,
  type Actor,
  type MembersRepository,
  type RosterPerson,
} from '../../people';
import type { Installation, RosterRepository } from './roster-repository';

export const rosterSyncJobName = 'members.roster-sync';

export interface RosterDependencies {
  members: MembersRepository;
  roster: RosterRepository;
  messenger: Pick<Messenger, 'readRoster'>;
  clock: Clock;
  log: Logger;
}

/** What a synchronisation reports: people found in the rosters, new to the bot, and who left. */
export interface RosterCounts {
  /** Teams and group chats read. */
  conversations: number;
  /** Distinct people found in them. */
  found: number;
  /** People the bot did not know before. */
  created: number;
  /** Presences ended since the last reading (someone who left two teams counts twice). */
  left: number;
  /** Rosters that could not be read (logged). */
  failed: number;
}

function toRosterPerson(account: RosterAccount): RosterPerson {
  return {
    teamsUserId: account.id,
    aadObjectId: account.aadObjectId,
    displayName: account.name ?? '',
    email: account.email,
    userPrincipalName: account.userPrincipalName,
    tenantId: account.tenantId,
  };
}

/**
 * Reads one team's (or group chat's) whole roster and records everyone: new people are created,
 * known ones refreshed, and those no longer listed are marked as having left (never erased:
 * erasure stays the person's own choice).
 */
export async function syncRoster(
  dependencies: RosterDependencies,
  installation: Pick<Installation, 'conversationId' | 'serviceUrl' | 'tenantId'>,
): Promise<{ memberIds: string[]; created: number; left: number }> {
  const { members, roster, messenger, clock } = dependencies;
  const accounts = await messenger.readRoster(installation);
  // Bots (28:…) can be listed in a roster; only people are members.
  const people = accounts
    .filter((account) => account.id && !account.id.startsWith('28:'))
    .map(toRosterPerson);
  const now = clock.now();
  const { memberIds, created } = await members.recordRoster(people, {
    serviceUrl: installation.serviceUrl,
    tenantId: installation.tenantId,
    now,
  });
  await roster.markPresent(installation.conversationId, memberIds, now);
  const left = await roster.markLeft(installation.conversationId, { allBut: memberIds }, now);
  await roster.markSynced(installation.conversationId, now);
  dependencies.log.info(
    { conversationId: installation.conversationId, found: memberIds.length, created, left },
    'roster read',
  );
  return { memberIds, created, left };
}

/** Re-reads every roster the bot is in (`membres synchroniser` and the nightly job). */
export async function syncAllRosters(dependencies: RosterDependencies): Promise<RosterCounts> {
  const installations = await dependencies.roster.activeInstallations();
  const found = new Set<string>();
  const counts: RosterCounts = {
    conversations: installations.length,
    found: 0,
    created: 0,
    left: 0,
    failed: 0,
  };
  for (const installation of installations) {
    try {
      const result = await syncRoster(dependencies, installation);
      for (const id of result.memberIds) found.add(id);
      counts.created += result.created;
      counts.left += result.left;
    } catch (error) {
      counts.failed += 1;
      dependencies.log.warn(
        { err: error, conversationId: installation.conversationId },
        'roster could not be read',
      );
    }
  }
  counts.found = found.size;
  dependencies.log.info({ ...counts }, 'rosters synchronised');
  return counts;
}

/**
 * The bot was installed in a team or group chat: the installation is recorded and its roster read
 * at once. A roster that cannot be read now is read by the nightly synchronisation.
 */
export async function recordInstallation(dependencies: RosterDependencies, installation: Installation) {
  await dependencies.roster.recordInstallation(installation);
  try {
    await syncRoster(dependencies, installation);
  } catch (error) {
    dependencies.log.warn(
      { err: error, conversationId: installation.conversationId },
      'roster not read at installation',
    );
  }
}

/** The bot was removed: the conversation's roster is no longer read. */
export async function recordRemoval(dependencies: RosterDependencies, conversationId: string) {
  await dependencies.roster.markRemoved(conversationId, dependencies.clock.now());
}

/** A person of a Teams member:added / member:removed event. */
export interface TeamsPerson {
  id: string;
  aadObjectId?: string;
}

/** The known members among the people of a team event. */
async function memberIdsOf(dependencies: RosterDependencies, people: readonly TeamsPerson[]) {
  const found = await Promise.all(
    people.map((person) =>
      dependencies.members.findByIdentity({ aadObjectId: person.aadObjectId, teamsUserId: person.id }),
    ),
  );
  return found.flatMap((member) => (member ? [member.id] : []));
}

/** People added to a team or group chat are present there from now. */
export async function recordArrivals(
  dependencies: RosterDependencies,
  conversationId: string,
  people: readonly TeamsPerson[],
) {
  const memberIds = await memberIdsOf(dependencies, people);
  await dependencies.roster.markPresent(conversationId, memberIds, dependencies.clock.now());
}

/** People removed from a team or group chat are marked as having left (never erased). */
export async function recordDepartures(
  dependencies: RosterDependencies,
  conversationId: string,
  people: readonly TeamsPerson[],
) {
  const memberIds = await memberIdsOf(dependencies, people);
  const left = await dependencies.roster.markLeft(
    conversationId,
    { only: memberIds },
    dependencies.clock.now(),
  );
  dependencies.log.info({ conversationId, left }, 'members left a team');
}

/** `membres synchroniser`: a coordinator re-reads every roster now. */
export async function syncRostersNow(dependencies: RosterDependencies, actor: Actor): Promise<RosterCounts> {
  ensureAllowed(actor, peoplePermissions.manageRoles);
  return syncAllRosters(dependencies);
}
