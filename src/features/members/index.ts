import { z } from 'zod';
import type { Feature } from '../../bot/feature';
import type { Turn } from '../../bot/turn';
import { renderCard } from '../../cards/render-card';
import { seedOnce } from '../../db/seed-once';
import { AppError } from '../../errors';
import type { Translator } from '../../i18n/translator';
import {
  createGroupsRepository,
  actorFrom,
  ensureAllowed,
  type Actor,
  createActorLoader,
  createMembersRepository,
  groupRoles,
  type MemberRecord,
  type RoleName,
  peoplePermissions,
} from '../../people';
import { factsOf } from './personal-data-view';
import { profileFormSchema, profileFromForm } from './profile-form';
import { registerRoster, serviceUrlOf } from './roster-events';
import { demoOrganisations, demoPeople } from './seed-data';
import { foldAccents } from '../../text';
import { recordIdSchema } from '../../record-id';

const roleNames: RoleName[] = ['lead', 'hrReferent', 'coordinator', 'steering'];
const memberIdSchema = recordIdSchema();

function roleLabel(t: Translator, role: RoleName | 'member'): string {
  return t(`members.roles.${role}`);
}

export const membersFeature: Feature = {
  name: 'members',

  async register(context) {
    const { router, database, config, clock, personalData, log } = context;
    const members = await createMembersRepository(database.connection);
    const groups = await createGroupsRepository(database.connection);
    const loadActor = createActorLoader(members, config.coordinators);

    // Every person we meet is recorded (or refreshed) before any handler runs.
    router.use(async (turn) => {
      if (!turn.user.id) return;
      // A ballot (anonymous or not, the verb is the same) must not date the person's vote through
      // lastSeenAt; voters are known already (they are in the poll's audience).
      if (turn.traceless) return;
      const { member, firstContact } = await members.recordSighting({
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
        now: clock.now(),
      });
      if (firstContact && !member.email) {
        const profile = await turn.fetchProfile();
        if (profile)
          await members.setContactDetails(member.id, {
            email: profile.email,
            userPrincipalName: profile.userPrincipalName,
          });
      }
    });

    // People added to a team where the bot is installed are known before they ever write.
    router.event('member:added', async (turn) => {
      const added = (turn.data as { members: Array<{ id: string; aadObjectId?: string; name?: string }> })
        .members;
      for (const person of added) {
        await members.recordSighting({
          aadObjectId: person.aadObjectId,
          teamsUserId: person.id,
          tenantId: turn.conversation.tenantId,
          displayName: person.name ?? '',
          serviceUrl: serviceUrlOf(turn),
          now: clock.now(),
        });
      }
    });

    await registerRoster(context, members, loadActor);

    async function renderProfile(turn: Turn<unknown>, actor: Actor, notice = '') {
      const { member } = actor;
      const [organisations, memberships, allGroups] = await Promise.all([
        members.listOrganisations(),
        groups.groupsOf(member.id),
        groups.listGroups(),
      ]);
      const titles = new Map(allGroups.map((group) => [group.slug, group.title]));
      const roles = [
        ...(actor.isCoordinator ? [roleLabel(turn.t, 'coordinator')] : []),
        ...(actor.isSteering ? [roleLabel(turn.t, 'steering')] : []),
        ...[...actor.leadOf].map((slug) => `${roleLabel(turn.t, 'lead')} (${titles.get(slug) ?? slug})`),
        ...[...actor.hrReferentOf].map(
          (slug) => `${roleLabel(turn.t, 'hrReferent')} (${titles.get(slug) ?? slug})`,
        ),
      ];
      const none = turn.t('members.profile.none');
      return renderCard(
        'members/profile',
        {
          notice,
          name: member.displayName,
          email: member.email ?? none,
          groups:
            memberships
              .map((membership) => titles.get(membership.groupSlug) ?? membership.groupSlug)
              .join(', ') || none,
          roles: roles.join(', ') || roleLabel(turn.t, 'member'),
          organisation: member.profile.organisation ?? '',
          direction: member.profile.direction ?? '',
          site: member.profile.site ?? '',
          trade: member.profile.trade ?? '',
          startDate: member.profile.startDate ?? '',
          organisations: organisations.map((name) => ({ name })),
        },
        turn.t,
      );
    }

    router.command({
      name: 'profile',
      wordsKey: 'members.profile.command',
      descriptionKey: 'members.profile.description',
      handler: async (turn) => {
        const actor = await loadActor(turn.user, clock.now());
        await turn.send({ card: await renderProfile(turn, actor) });
      },
    });

    router.cardAction({
      verb: 'profile.save',
      schema: profileFormSchema,
      handler: async (turn) => {
        const actor = await loadActor(turn.user, clock.now());
        const profile = profileFromForm(turn.data, await members.listOrganisations(), clock.now());
        const updated = await members.updateProfile(actor.member.id, profile);
        if (!updated)
          throw new AppError('NOT_FOUND', { what: { messageKey: 'members.roleAdmin.unknownMember' } });
        const refreshed = actorFrom(updated, await members.grantsOf(updated.id), config.coordinators);
        await turn.updateCard(await renderProfile(turn, refreshed, turn.t('members.profile.saved')));
      },
    });

    // Organisations: a list coordinators extend (Ville, Agglo, CCAS…).
    async function renderOrganisations(turn: Turn<unknown>, actor: Actor, notice = '') {
      const organisations = await members.listOrganisations();
      return renderCard(
        'members/organisations',
        { notice, canManage: actor.isCoordinator, organisations: organisations.map((name) => ({ name })) },
        turn.t,
      );
    }

    router.command({
      name: 'organisations',
      wordsKey: 'members.organisations.command',
      descriptionKey: 'members.organisations.description',
      listed: false,
      handler: async (turn) => {
        const actor = await loadActor(turn.user, clock.now());
        await turn.send({ card: await renderOrganisations(turn, actor) });
      },
    });

    router.cardAction({
      verb: 'organisations.add',
      schema: z
        .object({
          name: z
            .string()
            .trim()
            .min(2, 'members.organisations.invalidName')
            .max(80, 'members.organisations.invalidName'),
        })
        .strict(),
      handler: async (turn) => {
        const actor = await loadActor(turn.user, clock.now());
        ensureAllowed(actor, peoplePermissions.manageOrganisations);
        const added = await members.addOrganisation(turn.data.name, clock.now());
        const notice = turn.t(added ? 'members.organisations.added' : 'members.organisations.exists', {
          name: turn.data.name,
        });
        await turn.updateCard(await renderOrganisations(turn, actor, notice));
      },
    });

    // Roles: coordinators grant and revoke; the server checks the clicker's stored roles each time.
    async function renderPersonRoles(turn: Turn<unknown>, member: MemberRecord, notice = '') {
      const [grants, allGroups] = await Promise.all([members.grantsOf(member.id), groups.listGroups()]);
      const titles = new Map(allGroups.map((group) => [group.slug, group.title]));
      return renderCard(
        'members/roles-person',
        {
          notice,
          title: turn.t('members.roleAdmin.personTitle', { name: member.displayName }),
          subtitle: [member.profile.organisation, member.profile.direction].filter(Boolean).join(' · '),
          memberId: member.id,
          grants: grants.map((grant) => ({
            role: grant.role,
            groupSlug: grant.groupSlug ?? '',
            label: grant.groupSlug
              ? `${roleLabel(turn.t, grant.role)} — ${titles.get(grant.groupSlug) ?? grant.groupSlug}`
              : roleLabel(turn.t, grant.role),
          })),
          roleChoices: roleNames.map((role) => ({ value: role, title: roleLabel(turn.t, role) })),
          groupChoices: allGroups.map((group) => ({ value: group.slug, title: group.title })),
        },
        turn.t,
      );
    }

    router.command({
      name: 'roles',
      wordsKey: 'members.roleAdmin.command',
      descriptionKey: 'members.roleAdmin.description',
      listed: false,
      handler: async (turn) => {
        const actor = await loadActor(turn.user, clock.now());
        ensureAllowed(actor, peoplePermissions.manageRoles);
        const query = turn.text.trim();
        const everyone = await members.listAll();
        if (!query) {
          const allGroups = await groups.listGroups();
          const holders = [];
          for (const role of roleNames) {
            const scopes = groupRoles.includes(role) ? allGroups.map((group) => group.slug) : [undefined];
            for (const groupSlug of scopes) {
              const grants = await members.grantsFor(role, groupSlug);
              if (grants.length === 0) continue;
              const names = everyone.filter((member) => grants.some((grant) => grant.memberId === member.id));
              const group = allGroups.find((candidate) => candidate.slug === groupSlug);
              holders.push({
                role: group ? `${roleLabel(turn.t, role)} — ${group.title}` : roleLabel(turn.t, role),
                people: names.map((member) => member.displayName).join(', '),
              });
            }
          }
          await turn.send({ card: renderCard('members/roles-overview', { holders }, turn.t) });
          return;
        }
        const needle = foldAccents(query);
        const matches = everyone.filter((member) => foldAccents(member.displayName).includes(needle));
        if (matches.length === 0)
          throw new AppError('NOT_FOUND', { what: turn.t('members.roleAdmin.noPerson', { query }) });
        if (matches.length === 1) {
          await turn.send({ card: await renderPersonRoles(turn, matches[0]) });
          return;
        }
        await turn.send({
          card: renderCard(
            'members/roles-choose',
            {
              question: turn.t('members.roleAdmin.choosePerson', { query }),
              people: matches.slice(0, 10).map((member) => ({ id: member.id, name: member.displayName })),
            },
            turn.t,
          ),
        });
      },
    });

    async function targetMember(memberId: string): Promise<MemberRecord> {
      const member = await members.findById(memberId);
      if (!member)
        throw new AppError('NOT_FOUND', { what: { messageKey: 'members.roleAdmin.unknownMember' } });
      return member;
    }

    router.cardAction({
      verb: 'roles.show',
      schema: z.object({ memberId: memberIdSchema }).strict(),
      handler: async (turn) => {
        ensureAllowed(await loadActor(turn.user, clock.now()), peoplePermissions.manageRoles);
        await turn.updateCard(await renderPersonRoles(turn, await targetMember(turn.data.memberId)));
      },
    });

    const grantSchema = z
      .object({
        memberId: memberIdSchema,
        role: z.enum(roleNames as [RoleName, ...RoleName[]]),
        groupSlug: z.string().max(40).optional(),
      })
      .strict();

    async function checkedGroupSlug(
      role: RoleName,
      groupSlug: string | undefined,
    ): Promise<string | undefined> {
      const slug = groupSlug || undefined;
      if (groupRoles.includes(role)) {
        if (!slug)
          throw new AppError('INVALID_INPUT', { details: { messageKey: 'members.roleAdmin.groupRequired' } });
        if (!(await groups.findGroup(slug))) {
          throw new AppError('INVALID_INPUT', { details: { messageKey: 'members.roleAdmin.unknownGroup' } });
        }
        return slug;
      }
      if (slug)
        throw new AppError('INVALID_INPUT', { details: { messageKey: 'members.roleAdmin.groupNotAllowed' } });
      return undefined;
    }

    router.cardAction({
      verb: 'roles.grant',
      schema: grantSchema,
      handler: async (turn) => {
        const actor = await loadActor(turn.user, clock.now());
        ensureAllowed(actor, peoplePermissions.manageRoles);
        const member = await targetMember(turn.data.memberId);
        const groupSlug = await checkedGroupSlug(turn.data.role, turn.data.groupSlug);
        const granted = await members.grantRole({
          memberId: member.id,
          role: turn.data.role,
          groupSlug,
          grantedBy: actor.member.id,
          now: clock.now(),
        });
        // A lead or HR referent of a group belongs to it.
        if (groupSlug) await groups.join(groupSlug, member.id, clock.now());
        log.info(
          { memberId: member.id, role: turn.data.role, groupSlug, by: actor.member.id, granted },
          'role granted',
        );
        const params = { role: roleLabel(turn.t, turn.data.role), name: member.displayName };
        const notice = turn.t(
          granted ? 'members.roleAdmin.granted' : 'members.roleAdmin.alreadyGranted',
          params,
        );
        await turn.updateCard(await renderPersonRoles(turn, member, notice));
      },
    });

    router.cardAction({
      verb: 'roles.revoke',
      schema: grantSchema,
      handler: async (turn) => {
        const actor = await loadActor(turn.user, clock.now());
        ensureAllowed(actor, peoplePermissions.manageRoles);
        const member = await targetMember(turn.data.memberId);
        await members.revokeRole(member.id, turn.data.role, turn.data.groupSlug || undefined);
        log.info({ memberId: member.id, role: turn.data.role, by: actor.member.id }, 'role revoked');
        const notice = turn.t('members.roleAdmin.revoked', {
          role: roleLabel(turn.t, turn.data.role),
          name: member.displayName,
        });
        await turn.updateCard(await renderPersonRoles(turn, member, notice));
      },
    });

    // Privacy: the person's right of access and right to erasure (GDPR art. 15 and 17).
    personalData.add({
      name: 'member',
      titleKey: 'members.privacy.sectionMember',
      export: async (memberId) => (await members.exportMember(memberId))?.member,
      erase: async (memberId) => ({ erased: await members.eraseMember(memberId) }),
    });
    personalData.add({
      name: 'roles',
      titleKey: 'members.privacy.sectionRoles',
      export: async (memberId) => members.grantsOf(memberId),
      // Role grants go with the member record (members.eraseMember).
      erase: async () => ({ erased: 0 }),
    });

    router.command({
      name: 'privacy.export',
      wordsKey: 'members.privacy.exportCommand',
      descriptionKey: 'members.privacy.exportDescription',
      handler: async (turn) => {
        const actor = await loadActor(turn.user, clock.now());
        const sections = await personalData.exportAll({
          memberId: actor.member.id,
          teamsUserId: actor.member.teamsUserId,
          aadObjectId: actor.member.aadObjectId,
        });
        const file = Object.fromEntries(sections.map(({ source, data }) => [source.name, data ?? null]));
        await turn.send({
          card: renderCard(
            'members/my-data',
            {
              sections: sections.map(({ source, data }) => ({
                title: turn.t(source.titleKey),
                facts: factsOf(data, turn.t),
              })),
            },
            turn.t,
          ),
          files: [
            {
              name: turn.t('members.privacy.exportFileName'),
              contentType: 'application/json',
              content: JSON.stringify({ exportedAt: clock.now().toISOString(), ...file }, null, 2),
            },
          ],
        });
      },
    });

    router.command({
      name: 'privacy.delete',
      wordsKey: 'members.privacy.deleteCommand',
      descriptionKey: 'members.privacy.deleteDescription',
      handler: async (turn) => {
        await turn.send({ card: renderCard('members/delete-confirm', {}, turn.t) });
      },
    });

    router.cardAction({
      verb: 'privacy.delete',
      schema: z.object({ confirm: z.literal('yes') }).strict(),
      handler: async (turn) => {
        const actor = await loadActor(turn.user, clock.now());
        const { erased, keptReasonKeys } = await personalData.eraseAll({
          memberId: actor.member.id,
          teamsUserId: actor.member.teamsUserId,
          aadObjectId: actor.member.aadObjectId,
        });
        log.info({ erased }, 'personal data erased on request');
        await turn.updateCard(
          renderCard(
            'members/deleted',
            {
              summary: turn.t('members.privacy.deletedIntro', { count: erased }),
              kept: keptReasonKeys.map((key) => ({ reason: turn.t(key) })),
            },
            turn.t,
          ),
        );
      },
    });

    router.cardAction({
      verb: 'privacy.delete.cancel',
      schema: z.object({}).strict(),
      handler: async (turn) => {
        await turn.updateCard(
          renderCard('members/notice', { text: turn.t('members.privacy.deleteCancelled') }, turn.t),
        );
      },
    });
  },

  async seed({ database, clock }) {
    const members = await createMembersRepository(database.connection);
    await seedOnce(database.connection, 'members', async () => {
      const now = clock.now();
      for (const organisation of demoOrganisations) await members.addOrganisation(organisation, now);
      for (const person of demoPeople) {
        const member = await members.seedMember({ ...person, now });
        for (const role of person.roles) await members.grantRole({ memberId: member.id, ...role, now });
      }
    });
  },
};

declare module '../../bot/router' {
  interface DomainEvents {
    /** A save made the person's profile complete (organisation, direction, site, trade, start date). */
    'member:profileCompleted': { member: MemberRecord; at: Date };
  }
}
