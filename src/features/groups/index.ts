import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Feature } from '../../bot/feature';
import type { Turn } from '../../bot/turn';
import { renderCard } from '../../cards/render-card';
import { seedOnce } from '../../db/seed-once';
import { AppError } from '../../errors';
import { calendarDayIn, formatCalendarDay } from '../../i18n/calendar';
import type { MessageKey, MessageParams } from '../../i18n/translator';
import {
  ensureAllowed,
  type Actor,
  createActorLoader,
  deliverToPeople,
  findCoordinators,
  refreshAudience,
  createMembersRepository,
  type MemberRecord,
  type MembersRepository,
  resolveGroup,
  createGroupsRepository,
  type GroupRecord,
  type GroupsRepository,
} from '../../people';
import { demoPeople } from '../members/seed-data';
import { demoGroups } from './seed-data';
import { groupPermissions } from './permissions';
import { contributeGroupsToTab } from './tab';

const groupSlugSchema = z.string().regex(/^[a-z0-9-]{1,40}$/, 'groups.unknownGroup');

export interface GroupsCardView {
  notice?: string;
}

/** Builds the groups card as this person sees it (their own join/leave state). */
export async function renderGroupsCard(
  turn: Turn<unknown>,
  dependencies: { groups: GroupsRepository; members: MembersRepository },
  actor: Actor,
  view: GroupsCardView = {},
) {
  const { groups, members } = dependencies;
  // Groups, lead grants and names come from the shared caches: the summary is the one round trip.
  const [allGroups, { counts, mine }, leadGrants] = await Promise.all([
    groups.listGroups(),
    groups.membershipSummary(actor.member.id),
    members.grantsFor('lead'),
  ]);
  const leadGrantsByGroup = (await members.grantsForGroups(allGroups.map((group) => group.slug))).filter(
    (grant) => grant.role === 'lead',
  );
  const leadIds = [...new Set([...leadGrants, ...leadGrantsByGroup].map((grant) => grant.memberId))];
  const leadNames = new Map(
    (await members.findByIds(leadIds)).map((member) => [member.id, member.displayName]),
  );
  const shared = turn.conversation.kind !== 'personal';
  return renderCard(
    'groups/groups',
    {
      notice: view.notice ?? '',
      shared,
      refreshUserIds: shared ? refreshAudience(await members.listAll(), turn.user.id) : [],
      groups: allGroups.map((group) => {
        const names = leadGrantsByGroup
          .filter((grant) => grant.groupSlug === group.slug)
          .map((grant) => leadNames.get(grant.memberId))
          .filter((name): name is string => Boolean(name));
        const leads =
          names.length > 0 ? turn.t('groups.leads', { names: names.join(', ') }) : turn.t('groups.noLead');
        return {
          slug: group.slug,
          title: group.title,
          theme: group.theme,
          details: `${turn.t('groups.memberCount', { count: counts.get(group.slug) ?? 0 })} · ${leads}`,
          isMember: mine.has(group.slug),
        };
      }),
    },
    turn.t,
  );
}

export const groupsFeature: Feature = {
  name: 'groups',

  async register({ router, database, config, clock, outbox, personalData, log, tab }) {
    const groups = await createGroupsRepository(database.connection);
    contributeGroupsToTab(tab);
    const members = await createMembersRepository(database.connection);
    const loadActor = createActorLoader(members, config.coordinators);
    const dependencies = { groups, members };
    // Each notice is its own message: a join, a leave and a join again are three notices.
    const tell = (people: MemberRecord[], key: MessageKey, params: MessageParams) =>
      deliverToPeople(outbox, people, (t) => ({ text: t(key, params) }), {
        batchKey: `groups:${key}`,
        messageKey: `groups:${key}:${randomUUID()}`,
      });

    async function requireGroup(slug: string): Promise<GroupRecord> {
      const group = await groups.findGroup(slug);
      if (!group) throw new AppError('NOT_FOUND', { what: { messageKey: 'groups.unknownGroup' } });
      return group;
    }

    async function leadsOf(groupSlug: string, except: string): Promise<MemberRecord[]> {
      const grants = await members.grantsFor('lead', groupSlug);
      return (await members.findByIds(grants.map((grant) => grant.memberId))).filter(
        (member) => member.id !== except,
      );
    }

    router.command({
      name: 'groups',
      wordsKey: 'groups.command',
      descriptionKey: 'groups.description',
      handler: async (turn) => {
        const actor = await loadActor(turn.user, clock.now());
        await turn.send({ card: await renderGroupsCard(turn, dependencies, actor) });
      },
    });

    router.cardAction({
      verb: 'groups.refresh',
      schema: z.object({}).passthrough(),
      handler: async (turn) => {
        const actor = await loadActor(turn.user, clock.now());
        await turn.updateCard(await renderGroupsCard(turn, dependencies, actor));
      },
    });

    router.cardAction({
      verb: 'group.join',
      schema: z.object({ groupSlug: groupSlugSchema }).strict(),
      handler: async (turn) => {
        const actor = await loadActor(turn.user, clock.now());
        const group = await requireGroup(turn.data.groupSlug);
        const joined = await groups.join(group.slug, actor.member.id, clock.now());
        if (joined) {
          log.info({ groupSlug: group.slug, memberId: actor.member.id }, 'member joined group');
          await tell(await leadsOf(group.slug, actor.member.id), 'groups.leadNotifiedJoin', {
            name: actor.member.displayName,
            group: group.title,
          });
        }
        const notice = turn.t(joined ? 'groups.joined' : 'groups.alreadyMember', { group: group.title });
        await turn.updateCard(await renderGroupsCard(turn, dependencies, actor, { notice }));
      },
    });

    router.cardAction({
      verb: 'group.leave',
      schema: z.object({ groupSlug: groupSlugSchema, confirmSoleLead: z.literal('yes').optional() }).strict(),
      handler: async (turn) => {
        const actor = await loadActor(turn.user, clock.now());
        const group = await requireGroup(turn.data.groupSlug);
        const isLead = actor.leadOf.has(group.slug);
        const otherLeads = isLead ? await leadsOf(group.slug, actor.member.id) : [];
        const soleLead = isLead && otherLeads.length === 0;
        if (soleLead && turn.data.confirmSoleLead !== 'yes') {
          await turn.updateCard(
            renderCard(
              'groups/sole-lead',
              { title: turn.t('groups.soleLeadTitle', { group: group.title }), groupSlug: group.slug },
              turn.t,
            ),
          );
          return;
        }
        const left = await groups.leave(group.slug, actor.member.id);
        if (isLead) await members.revokeRole(actor.member.id, 'lead', group.slug);
        if (left) {
          log.info(
            { groupSlug: group.slug, memberId: actor.member.id, wasLead: isLead },
            'member left group',
          );
          await tell(
            otherLeads.length > 0 ? otherLeads : await leadsOf(group.slug, actor.member.id),
            'groups.leadNotifiedLeave',
            {
              name: actor.member.displayName,
              group: group.title,
            },
          );
        }
        if (soleLead) {
          const coordinators = await findCoordinators(members, config.coordinators);
          await tell(coordinators, 'groups.coordinatorsNotifiedNoLead', {
            name: actor.member.displayName,
            group: group.title,
          });
        }
        const refreshed = await loadActor(turn.user, clock.now());
        const notice = turn.t(left ? 'groups.left' : 'groups.notMember', { group: group.title });
        await turn.updateCard(await renderGroupsCard(turn, dependencies, refreshed, { notice }));
      },
    });

    async function renderMembersList(turn: Turn<unknown>, actor: Actor, group: GroupRecord) {
      ensureAllowed(actor, groupPermissions.listGroupMembers, group.slug);
      const memberships = await groups.membersOf(group.slug);
      const people = new Map(
        (await members.findByIds(memberships.map((m) => m.memberId))).map((m) => [m.id, m]),
      );
      const rows = memberships
        .map((membership) => ({ membership, person: people.get(membership.memberId) }))
        .filter(
          (row): row is { membership: typeof row.membership; person: MemberRecord } =>
            row.person !== undefined,
        )
        .sort((a, b) => a.person.displayName.localeCompare(b.person.displayName, 'fr'));
      return renderCard(
        'groups/members',
        {
          title: turn.t('groups.membersTitle', { group: group.title }),
          countLine: turn.t('groups.membersCountLine', { count: rows.length }),
          members: rows.map(({ membership, person }) => ({
            name: person.displayName,
            where: [person.profile.organisation, person.profile.direction].filter(Boolean).join(' · ') || '—',
            since: turn.t('groups.membersSince', {
              date: formatCalendarDay(calendarDayIn(membership.joinedAt, config.timezone), turn.locale),
            }),
          })),
        },
        turn.t,
      );
    }

    router.command({
      name: 'group.members',
      wordsKey: 'groups.membersCommand',
      descriptionKey: 'groups.membersDescription',
      listed: false,
      handler: async (turn) => {
        const actor = await loadActor(turn.user, clock.now());
        const allGroups = await groups.listGroups();
        // Without a name, a lead or referent of a single group gets that group.
        const ownGroups = allGroups.filter(
          (group) => actor.leadOf.has(group.slug) || actor.hrReferentOf.has(group.slug),
        );
        const resolution = turn.text.trim()
          ? resolveGroup(turn.text, allGroups)
          : ownGroups.length === 1
            ? ({ kind: 'found', group: ownGroups[0] } as const)
            : ({ kind: 'ambiguous', candidates: ownGroups.length > 0 ? ownGroups : allGroups } as const);
        if (resolution.kind === 'found') {
          await turn.send({ card: await renderMembersList(turn, actor, resolution.group) });
          return;
        }
        const candidates = resolution.kind === 'ambiguous' ? resolution.candidates : allGroups;
        await turn.send({
          card: renderCard(
            'groups/choose',
            { verb: 'group.members', groups: candidates.map(({ slug, title }) => ({ slug, title })) },
            turn.t,
          ),
        });
      },
    });

    router.cardAction({
      verb: 'group.members',
      schema: z.object({ groupSlug: groupSlugSchema }).strict(),
      handler: async (turn) => {
        const actor = await loadActor(turn.user, clock.now());
        await turn.updateCard(await renderMembersList(turn, actor, await requireGroup(turn.data.groupSlug)));
      },
    });

    personalData.add({
      name: 'groups',
      titleKey: 'groups.privacySection',
      export: async (memberId) => groups.groupsOf(memberId),
      erase: async (memberId) => ({ erased: await groups.eraseMember(memberId) }),
    });
  },

  async seed({ database, clock }) {
    const groups = await createGroupsRepository(database.connection);
    const members = await createMembersRepository(database.connection);
    await seedOnce(database.connection, 'groups', async () => {
      const now = clock.now();
      for (const group of demoGroups) await groups.seedGroup({ ...group, createdAt: now });
      for (const person of demoPeople) {
        const member = await members.findByIdentity({ aadObjectId: person.aadObjectId });
        if (!member) continue;
        for (const slug of person.groups) await groups.join(slug, member.id, now);
      }
    });
  },
};

declare module '../../bot/router' {
  interface DomainEvents {
    /** Someone joined a working group. */
    'group:joined': { groupSlug: string; memberId: string; at: Date };
    /** Someone left a working group (their lead role there, if any, is gone too). */
    'group:left': { groupSlug: string; memberId: string; at: Date };
  }
}
