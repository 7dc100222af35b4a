import { z } from 'zod';
import type { CardActionRegistration } from '../../bot/router';
import type { Turn } from '../../bot/turn';
import type { Actor } from '../../people';
import { renderGroupsCard, renderMembersCard, renderSoleLeadCard } from './cards';
import { groupsBoard, joinGroup, leaveGroup, membersOfGroup } from './service';
import type { GroupsSlice } from './slice';

const groupSlugSchema = z.string().regex(/^[a-z0-9-]{1,40}$/, 'groups.unknownGroup');
const refreshSchema = z.object({}).passthrough();
const groupSchema = z.object({ groupSlug: groupSlugSchema }).strict();
const leaveSchema = z
  .object({ groupSlug: groupSlugSchema, confirmSoleLead: z.literal('yes').optional() })
  .strict();

/** The groups card again, as the clicking person sees it now. */
async function refreshedGroupsCard(slice: GroupsSlice, turn: Turn<unknown>, actor: Actor, notice?: string) {
  const shared = turn.conversation.kind !== 'personal';
  const board = await groupsBoard(slice.deps, {
    memberId: actor.member.id,
    teamsUserId: turn.user.id,
    shared,
  });
  return renderGroupsCard(board, { shared, notice }, turn.t);
}

/** A shared groups card refreshes per viewer (Teams' universal actions). */
export function refreshGroups(slice: GroupsSlice): CardActionRegistration<typeof refreshSchema> {
  return {
    verb: 'groups.refresh',
    schema: refreshSchema,
    handler: async (turn) => {
      const actor = await slice.loadActor(turn.user, slice.clock.now());
      await turn.updateCard(await refreshedGroupsCard(slice, turn, actor));
    },
  };
}

export function joinGroupAction(slice: GroupsSlice): CardActionRegistration<typeof groupSchema> {
  return {
    verb: 'group.join',
    schema: groupSchema,
    handler: async (turn) => {
      const now = slice.clock.now();
      const actor = await slice.loadActor(turn.user, now);
      const outcome = await joinGroup(slice.deps, { actor, groupSlug: turn.data.groupSlug, now });
      const noticeKey = outcome.kind === 'joined' ? 'groups.joined' : 'groups.alreadyMember';
      const notice = turn.t(noticeKey, { group: outcome.group.title });
      await turn.updateCard(await refreshedGroupsCard(slice, turn, actor, notice));
    },
  };
}

export function leaveGroupAction(slice: GroupsSlice): CardActionRegistration<typeof leaveSchema> {
  return {
    verb: 'group.leave',
    schema: leaveSchema,
    handler: async (turn) => {
      const now = slice.clock.now();
      const actor = await slice.loadActor(turn.user, now);
      const outcome = await leaveGroup(slice.deps, {
        actor,
        groupSlug: turn.data.groupSlug,
        confirmSoleLead: turn.data.confirmSoleLead === 'yes',
        now,
      });
      if (outcome.kind === 'confirmSoleLead') {
        await turn.updateCard(renderSoleLeadCard(outcome.group, turn.t));
        return;
      }
      const noticeKey = outcome.kind === 'left' ? 'groups.left' : 'groups.notMember';
      const notice = turn.t(noticeKey, { group: outcome.group.title });
      await turn.updateCard(await refreshedGroupsCard(slice, turn, actor, notice));
    },
  };
}

/** The "which group?" card's buttons. */
export function showGroupMembers(slice: GroupsSlice): CardActionRegistration<typeof groupSchema> {
  return {
    verb: 'group.members',
    schema: groupSchema,
    handler: async (turn) => {
      const actor = await slice.loadActor(turn.user, slice.clock.now());
      const { group, rows } = await membersOfGroup(slice.deps, actor, turn.data.groupSlug);
      const format = { t: turn.t, locale: turn.locale, timeZone: slice.timeZone };
      await turn.updateCard(renderMembersCard(group, rows, format));
    },
  };
}
