import type { CommandRegistration } from '../../bot/router';
import { AppError } from '../../errors';
import {
  renderChoosePersonCard,
  renderDeleteConfirmCard,
  renderMyDataCard,
  renderOrganisationsCard,
  renderPersonRolesCard,
  renderProfileCard,
  renderRolesOverviewCard,
} from './cards';
import { searchRoles } from './roles-service';
import { syncRostersNow } from './roster-service';
import { exportPersonalData, organisationsView, profileOf } from './service';
import type { MembersSlice } from './slice';

/** `profil`: my profile, its form, my groups and roles. */
export function showProfile(slice: MembersSlice): CommandRegistration {
  return {
    name: 'profile',
    wordsKey: 'members.profile.command',
    descriptionKey: 'members.profile.description',
    handler: async (turn) => {
      const actor = await slice.loadActor(turn.user, slice.clock.now());
      await turn.send({ card: renderProfileCard(await profileOf(slice.deps, actor), turn.t) });
    },
  };
}

/** `organisations`: the list profiles choose from; coordinators may extend it. */
export function showOrganisations(slice: MembersSlice): CommandRegistration {
  return {
    name: 'organisations',
    wordsKey: 'members.organisations.command',
    descriptionKey: 'members.organisations.description',
    listed: false,
    handler: async (turn) => {
      const actor = await slice.loadActor(turn.user, slice.clock.now());
      await turn.send({ card: renderOrganisationsCard(await organisationsView(slice.deps, actor), turn.t) });
    },
  };
}

/** `roles [nom]`: who holds what, or one person's roles (coordinators). */
export function administerRoles(slice: MembersSlice): CommandRegistration {
  return {
    name: 'roles',
    wordsKey: 'members.roleAdmin.command',
    descriptionKey: 'members.roleAdmin.description',
    listed: false,
    handler: async (turn) => {
      const actor = await slice.loadActor(turn.user, slice.clock.now());
      const query = turn.text.trim();
      const search = await searchRoles(slice.deps, actor, query);
      if (search.kind === 'noPerson')
        throw new AppError('NOT_FOUND', { what: turn.t('members.roleAdmin.noPerson', { query }) });
      const card =
        search.kind === 'overview'
          ? renderRolesOverviewCard(search.holders, turn.t)
          : search.kind === 'person'
            ? renderPersonRolesCard(search.person, turn.t)
            : renderChoosePersonCard(query, search.people, turn.t);
      await turn.send({ card });
    },
  };
}

/** `membres synchroniser`: re-reads every roster now and says what changed (coordinators). */
export function syncRosters(slice: MembersSlice): CommandRegistration {
  return {
    name: 'members.sync',
    wordsKey: 'members.roster.syncCommand',
    descriptionKey: 'members.roster.syncDescription',
    listed: false,
    handler: async (turn) => {
      const actor = await slice.loadActor(turn.user, slice.clock.now());
      const counts = await syncRostersNow(slice.roster, actor);
      if (counts.conversations === 0) {
        await turn.sendText('members.roster.noInstallation');
        return;
      }
      const summary = turn.t('members.roster.synced', { ...counts });
      const failures = counts.failed > 0 ? ` ${turn.t('members.roster.syncFailed', { ...counts })}` : '';
      await turn.send({ text: summary + failures });
    },
  };
}

/** `mes données`: everything stored about me, as a card and a JSON file. */
export function exportMyData(slice: MembersSlice): CommandRegistration {
  return {
    name: 'privacy.export',
    wordsKey: 'members.privacy.exportCommand',
    descriptionKey: 'members.privacy.exportDescription',
    handler: async (turn) => {
      const now = slice.clock.now();
      const actor = await slice.loadActor(turn.user, now);
      const { sections, json } = await exportPersonalData(slice.personalData, actor, now);
      await turn.send({
        card: renderMyDataCard(sections, turn.t),
        files: [
          { name: turn.t('members.privacy.exportFileName'), contentType: 'application/json', content: json },
        ],
      });
    },
  };
}

/** `supprimer mes données`: asks for confirmation first. */
export function askToDeleteMyData(): CommandRegistration {
  return {
    name: 'privacy.delete',
    wordsKey: 'members.privacy.deleteCommand',
    descriptionKey: 'members.privacy.deleteDescription',
    handler: async (turn) => {
      await turn.send({ card: renderDeleteConfirmCard(turn.t) });
    },
  };
}

/** The slice's commands, in the order the help card lists them. */
export function membersCommands(slice: MembersSlice): CommandRegistration[] {
  return [
    syncRosters(slice),
    showProfile(slice),
    showOrganisations(slice),
    administerRoles(slice),
    exportMyData(slice),
    askToDeleteMyData(),
  ];
}
