import type { CommandRegistration } from '../../bot/router';
import { renderChooseGroupCard, renderGroupsCard, renderMembersCard } from './cards';
import { groupForMembersList, groupsBoard, membersOfGroup } from './service';
import type { GroupsSlice } from './slice';

/** `groupes`: every group, with this person's join/leave buttons. */
export function showGroups(slice: GroupsSlice): CommandRegistration {
  return {
    name: 'groups',
    wordsKey: 'groups.command',
    descriptionKey: 'groups.description',
    handler: async (turn) => {
      const actor = await slice.loadActor(turn.user, slice.clock.now());
      const shared = turn.conversation.kind !== 'personal';
      const board = await groupsBoard(slice.deps, {
        memberId: actor.member.id,
        teamsUserId: turn.user.id,
        shared,
      });
      await turn.send({ card: renderGroupsCard(board, { shared }, turn.t) });
    },
  };
}

/** `membres du groupe [nom]`: a group's members, for its leads, referents and coordinators. */
export function listGroupMembers(slice: GroupsSlice): CommandRegistration {
  return {
    name: 'group.members',
    wordsKey: 'groups.membersCommand',
    descriptionKey: 'groups.membersDescription',
    listed: false,
    handler: async (turn) => {
      const actor = await slice.loadActor(turn.user, slice.clock.now());
      const choice = await groupForMembersList(slice.deps, actor, turn.text);
      if (choice.kind === 'choose') {
        await turn.send({ card: renderChooseGroupCard('group.members', choice.candidates, turn.t) });
        return;
      }
      const { group, rows } = await membersOfGroup(slice.deps, actor, choice.group.slug);
      const format = { t: turn.t, locale: turn.locale, timeZone: slice.timeZone };
      await turn.send({ card: renderMembersCard(group, rows, format) });
    },
  };
}
