import type { BotEventName, MembersEventData } from '../../bot/router';
import type { Handler, Turn } from '../../bot/turn';
import { recordArrivals, recordDepartures, recordInstallation, recordRemoval } from './roster-service';
import { recordSighting } from './service';
import type { MembersSlice } from './slice';

/** A Teams event handler with the event it answers. */
export interface TeamsEventHandler {
  name: BotEventName;
  handler: Handler<MembersEventData>;
}

/** The team (or group chat) a team event is about: rosters are read per team, not per channel. */
function rosterConversationOf(turn: Turn<unknown>): string | undefined {
  if (turn.conversation.kind === 'personal') return undefined;
  return turn.conversation.teamId ?? turn.conversation.id;
}

/** The Bot Connector address the turn came from: how to reach its people later. */
function serviceUrlOf(turn: Turn<unknown>): string | undefined {
  const serviceUrl = turn.conversationReference.serviceUrl;
  return typeof serviceUrl === 'string' ? serviceUrl : undefined;
}

/** The middleware: every person we meet is recorded (or refreshed) before any handler runs. */
export function recordWhoWeMeet(slice: MembersSlice): Handler<unknown> {
  return async (turn) => {
    if (!turn.user.id) return;
    // A ballot (anonymous or not, the verb is the same) must not date the person's vote through
    // lastSeenAt; voters are known already (they are in the poll's audience).
    if (turn.traceless) return;
    const sighting = {
      aadObjectId: turn.user.aadObjectId,
      teamsUserId: turn.user.id,
      tenantId: turn.conversation.tenantId,
      displayName: turn.user.name,
      locale: turn.locale,
      // Requests from the Mon iX tab carry no conversation (an empty reference): nothing to store.
      personalConversation:
        turn.conversation.kind === 'personal' && Object.keys(turn.conversationReference).length > 0
          ? turn.conversationReference
          : undefined,
      serviceUrl: serviceUrlOf(turn),
      now: slice.clock.now(),
    };
    await recordSighting(slice.deps, sighting, () => turn.fetchProfile());
  };
}

/** People added to a team where the bot is installed are known before they ever write. */
export function recordAddedPeople(slice: MembersSlice): TeamsEventHandler {
  return {
    name: 'member:added',
    handler: async (turn) => {
      for (const person of turn.data.members) {
        await slice.deps.members.recordSighting({
          aadObjectId: person.aadObjectId,
          teamsUserId: person.id,
          tenantId: turn.conversation.tenantId,
          displayName: person.name ?? '',
          serviceUrl: serviceUrlOf(turn),
          now: slice.clock.now(),
        });
      }
    },
  };
}

/**
 * Knowing everyone the bot can reach: the roster of every team and group chat the bot is
 * installed in is read on installation, re-read by `membres synchroniser` and nightly; people
 * added or removed later are recorded as they come and go.
 */
export function rosterEvents(slice: MembersSlice): TeamsEventHandler[] {
  const { roster, clock } = slice;
  return [
    {
      name: 'bot:added',
      handler: async (turn) => {
        const conversationId = rosterConversationOf(turn);
        const serviceUrl = serviceUrlOf(turn);
        if (!conversationId || !serviceUrl) return;
        await recordInstallation(roster, {
          conversationId,
          kind: turn.conversation.kind === 'groupChat' ? 'groupChat' : 'team',
          serviceUrl,
          tenantId: turn.conversation.tenantId,
          installedAt: clock.now(),
        });
      },
    },
    {
      name: 'bot:removed',
      handler: async (turn) => {
        const conversationId = rosterConversationOf(turn);
        if (conversationId) await recordRemoval(roster, conversationId);
      },
    },
    {
      name: 'member:added',
      handler: async (turn) => {
        const conversationId = rosterConversationOf(turn);
        if (conversationId) await recordArrivals(roster, conversationId, turn.data.members);
      },
    },
    {
      name: 'member:removed',
      handler: async (turn) => {
        const conversationId = rosterConversationOf(turn);
        if (conversationId) await recordDepartures(roster, conversationId, turn.data.members);
      },
    },
  ];
}
