import { z } from 'zod';
import type { CardActionRegistration } from '../../bot/router';
import type { RoleName } from '../../people';
import { recordIdSchema } from '../../record-id';
import {
  renderDeletedCard,
  renderNoticeCard,
  renderOrganisationsCard,
  renderPersonRolesCard,
  renderProfileCard,
  roleNotice,
} from './cards';
import { profileFormSchema } from './profile-form';
import { grantRole, revokeRole, roleNames, showPersonRoles } from './roles-service';
import { addOrganisation, erasePersonalData, saveProfile } from './service';
import type { MembersSlice } from './slice';

const memberIdSchema = recordIdSchema();
const organisationSchema = z
  .object({
    name: z
      .string()
      .trim()
      .min(2, 'members.organisations.invalidName')
      .max(80, 'members.organisations.invalidName'),
  })
  .strict();
const personSchema = z.object({ memberId: memberIdSchema }).strict();
const grantSchema = z
  .object({
    memberId: memberIdSchema,
    role: z.enum(roleNames as [RoleName, ...RoleName[]]),
    groupSlug: z.string().max(40).optional(),
  })
  .strict();
const confirmDeleteSchema = z.object({ confirm: z.literal('yes') }).strict();
const cancelSchema = z.object({}).strict();

/** The profile card's "save": the card is updated in place with a notice. */
export function saveProfileAction(slice: MembersSlice): CardActionRegistration<typeof profileFormSchema> {
  return {
    verb: 'profile.save',
    schema: profileFormSchema,
    handler: async (turn) => {
      const now = slice.clock.now();
      const actor = await slice.loadActor(turn.user, now);
      const view = await saveProfile(slice.deps, { actor, form: turn.data, now });
      await turn.updateCard(renderProfileCard(view, turn.t, turn.t('members.profile.saved')));
    },
  };
}

export function addOrganisationAction(
  slice: MembersSlice,
): CardActionRegistration<typeof organisationSchema> {
  return {
    verb: 'organisations.add',
    schema: organisationSchema,
    handler: async (turn) => {
      const now = slice.clock.now();
      const actor = await slice.loadActor(turn.user, now);
      const { added, view } = await addOrganisation(slice.deps, { actor, name: turn.data.name, now });
      const notice = turn.t(added ? 'members.organisations.added' : 'members.organisations.exists', {
        name: turn.data.name,
      });
      await turn.updateCard(renderOrganisationsCard(view, turn.t, notice));
    },
  };
}

/** Role administration: the "which person?" card's buttons. */
export function showPersonRolesAction(slice: MembersSlice): CardActionRegistration<typeof personSchema> {
  return {
    verb: 'roles.show',
    schema: personSchema,
    handler: async (turn) => {
      const actor = await slice.loadActor(turn.user, slice.clock.now());
      const person = await showPersonRoles(slice.deps, actor, turn.data.memberId);
      await turn.updateCard(renderPersonRolesCard(person, turn.t));
    },
  };
}

export function grantRoleAction(slice: MembersSlice): CardActionRegistration<typeof grantSchema> {
  return {
    verb: 'roles.grant',
    schema: grantSchema,
    handler: async (turn) => {
      const now = slice.clock.now();
      const actor = await slice.loadActor(turn.user, now);
      const { granted, person } = await grantRole(slice.deps, { actor, ...turn.data, now });
      const noticeKey = granted ? 'members.roleAdmin.granted' : 'members.roleAdmin.alreadyGranted';
      const notice = roleNotice(turn.t, noticeKey, turn.data.role, person.member);
      await turn.updateCard(renderPersonRolesCard(person, turn.t, notice));
    },
  };
}

export function revokeRoleAction(slice: MembersSlice): CardActionRegistration<typeof grantSchema> {
  return {
    verb: 'roles.revoke',
    schema: grantSchema,
    handler: async (turn) => {
      const actor = await slice.loadActor(turn.user, slice.clock.now());
      const person = await revokeRole(slice.deps, { actor, ...turn.data });
      const notice = roleNotice(turn.t, 'members.roleAdmin.revoked', turn.data.role, person.member);
      await turn.updateCard(renderPersonRolesCard(person, turn.t, notice));
    },
  };
}

/** "Yes, delete my data": erases everywhere and says what was kept, and why. */
export function deleteMyDataAction(slice: MembersSlice): CardActionRegistration<typeof confirmDeleteSchema> {
  return {
    verb: 'privacy.delete',
    schema: confirmDeleteSchema,
    handler: async (turn) => {
      const actor = await slice.loadActor(turn.user, slice.clock.now());
      const report = await erasePersonalData(
        { personalData: slice.personalData, log: slice.deps.log },
        actor,
      );
      await turn.updateCard(renderDeletedCard(report, turn.t));
    },
  };
}

export function cancelDeleteAction(): CardActionRegistration<typeof cancelSchema> {
  return {
    verb: 'privacy.delete.cancel',
    schema: cancelSchema,
    handler: async (turn) => {
      await turn.updateCard(renderNoticeCard(turn.t('members.privacy.deleteCancelled'), turn.t));
    },
  };
}
