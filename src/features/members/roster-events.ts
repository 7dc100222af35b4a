import type { FeatureContext } from '../../bot/feature';
import type { MembersEventData } from '../../bot/router';
import type { Turn } from '../../bot/turn';
import {
  type ActorLoader,
  ensureAllowed,
  createPersonDirectory,
  type MembersRepository,
  peoplePermissions,
} from '../../people';
import { rosterSyncJobName, syncAllRosters, syncRoster, type RosterDependencies } from './roster';
import { createRosterRepository } from './roster-repository';

/** The team (or group chat) a team event is about: rosters are read per team, not per channel. */
function rosterConversationOf(turn: Turn<unknown>): string | undefined {
  if (turn.conversation.kind === 'personal') return undefined;
  return turn.conversation.teamId ?? turn.conversation.id;
}

/** The Bot Connector address the turn came from: how to reach its people later. */
export function serviceUrlOf(turn: Turn<unknown>): string | undefined {
  const serviceUrl = turn.conversationReference.serviceUrl;
  return typeof serviceUrl === 'string' ? serviceUrl : undefined;
}

/**
 * Knowing everyone the bot can reach: the roster of every team and group chat the bot is
 * installed in is read on installation, re-read by `membres synchroniser` and nightly; people
 * added or removed later are recorded as they come and go. The outbox learns from here how to
 * find a person and open their 1:1 chat.
 */
export async function registerRoster(
  context: FeatureContext,
  members: MembersRepository,
  loadActor: ActorLoader,
): Promise<void> {
  const { router, jobs, database, config, clock, messenger, outbox, personalData, log } = context;
  const roster = await createRosterRepository(database.connection);
  const dependencies: RosterDependencies = { members, roster, messenger, clock, log };
  outbox.usePeople(createPersonDirectory(members));

  /** The known members among the people of a member:added / member:removed event. */
  async function memberIdsOf(turn: Turn<MembersEventData>): Promise<string[]> {
    const found = await Promise.all(
      turn.data.members.map((person) =>
        members.findByIdentity({ aadObjectId: person.aadObjectId, teamsUserId: person.id }),
      ),
    );
    return found.flatMap((member) => (member ? [member.id] : []));
  }

  router.event('bot:added', async (turn) => {
    const conversationId = rosterConversationOf(turn);
    const serviceUrl = serviceUrlOf(turn);
    if (!conversationId || !serviceUrl) return;
    const installation = {
      conversationId,
      kind: turn.conversation.kind === 'groupChat' ? ('groupChat' as const) : ('team' as const),
      serviceUrl,
      tenantId: turn.conversation.tenantId,
      installedAt: clock.now(),
    };
    await roster.recordInstallation(installation);
    try {
      await syncRoster(dependencies, installation);
    } catch (error) {
      // The nightly synchronisation tries again; the installation itself is recorded.
      log.warn({ err: error, conversationId }, 'roster not read at installation');
    }
  });

  router.event('bot:removed', async (turn) => {
    const conversationId = rosterConversationOf(turn);
    if (conversationId) await roster.markRemoved(conversationId, clock.now());
  });

  router.event<MembersEventData>('member:added', async (turn) => {
    const conversationId = rosterConversationOf(turn);
    if (!conversationId) return;
    await roster.markPresent(conversationId, await memberIdsOf(turn), clock.now());
  });

  router.event<MembersEventData>('member:removed', async (turn) => {
    const conversationId = rosterConversationOf(turn);
    if (!conversationId) return;
    const left = await roster.markLeft(conversationId, { only: await memberIdsOf(turn) }, clock.now());
    log.info({ conversationId, left }, 'members left a team');
  });

  router.command({
    name: 'members.sync',
    wordsKey: 'members.roster.syncCommand',
    descriptionKey: 'members.roster.syncDescription',
    listed: false,
    handler: async (turn) => {
      ensureAllowed(await loadActor(turn.user, clock.now()), peoplePermissions.manageRoles);
      const counts = await syncAllRosters(dependencies);
      if (counts.conversations === 0) {
        await turn.sendText('members.roster.noInstallation');
        return;
      }
      const summary = turn.t('members.roster.synced', { ...counts });
      const failures = counts.failed > 0 ? ` ${turn.t('members.roster.syncFailed', { ...counts })}` : '';
      await turn.send({ text: summary + failures });
    },
  });

  jobs.add({
    name: rosterSyncJobName,
    schedule: config.schedules.rosterSync,
    timezone: config.timezone,
    run: async () => {
      await syncAllRosters({ ...dependencies, log: log.child({ job: rosterSyncJobName }) });
    },
  });

  personalData.add({
    name: 'roster',
    titleKey: 'members.privacy.sectionRoster',
    export: async (memberId) => roster.entriesOf(memberId),
    erase: async (memberId) => ({ erased: await roster.eraseMember(memberId) }),
  });
}
