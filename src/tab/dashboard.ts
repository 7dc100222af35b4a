import type { Clock } from '../clock';
import { AppError } from '../errors';
import { createTranslator, type Locale } from '../i18n/translator';
import {
  can,
  ensureAllowed,
  peoplePermissions,
  summarizeReach,
  type MemberRecord,
  type People,
  type ReachSummary,
} from '../people';
import { percentOf, type TabContributions } from './contributions';
import type { DashboardFigures, PeopleFigures, Share } from './dashboard-figures';
import type { TabIdentity } from './sso-token';
import { tabLocale } from './tab-locale';

/** The seed presentation's headline: 146 active managers out of 350. Shown beside live figures. */
export const seedReference = { members: 350, active: 146, percentage: 42 } as const;

export interface TabDashboardDependencies {
  people: Pick<People, 'members' | 'groups' | 'loadActor'>;
  /** The features' sections of the dashboard. */
  contributions: TabContributions;
  clock: Clock;
}

const withoutReachable = ({ reachable: _reachable, ...rest }: ReachSummary) => rest;

function sharesBy(
  members: readonly MemberRecord[],
  active: ReadonlySet<string>,
  labelOf: (member: MemberRecord) => string | undefined,
): Share[] {
  const rows = new Map<string, { members: number; active: number }>();
  for (const member of members) {
    const label = labelOf(member)?.trim() || 'Non renseigné';
    const row = rows.get(label) ?? { members: 0, active: 0 };
    row.members += 1;
    if (active.has(member.id)) row.active += 1;
    rows.set(label, row);
  }
  return [...rows]
    .map(([label, row]) => ({ label, ...row, percentage: percentOf(row.active, row.members) }))
    .sort((a, b) => b.members - a.members || a.label.localeCompare(b.label, 'fr'));
}

/** The network's own figures: who takes part (member of a working group), where, in which group. */
export async function peopleFigures(
  groups: People['groups'],
  everyone: readonly MemberRecord[],
  now: Date,
): Promise<PeopleFigures> {
  const [allGroups, counts, active] = await Promise.all([
    groups.listGroups(),
    groups.countMembers(),
    groups.activeMemberIds(),
  ]);
  const activeCount = everyone.filter((member) => active.has(member.id)).length;
  return {
    generatedAt: now.toISOString(),
    headline: {
      members: everyone.length,
      active: activeCount,
      percentage: percentOf(activeCount, everyone.length),
    },
    reference: seedReference,
    byOrganisation: sharesBy(everyone, active, (member) => member.profile.organisation),
    byDirection: sharesBy(everyone, active, (member) => member.profile.direction),
    groups: allGroups
      .map((group) => ({ slug: group.slug, title: group.title, members: counts.get(group.slug) ?? 0 }))
      .sort((a, b) => b.members - a.members),
    reach: withoutReachable(summarizeReach(everyone)),
  };
}

/**
 * Figures for coordinators and the steering committee (permission `readStatistics`): the network's
 * own, and the sections the features contribute (newcomers' progress, polls, deliveries...).
 */
export function createTabDashboard({ people, contributions, clock }: TabDashboardDependencies) {
  const actorOf = (identity: TabIdentity) =>
    people.loadActor(
      { id: identity.aadObjectId, aadObjectId: identity.aadObjectId, name: identity.name },
      clock.now(),
    );

  async function compute(): Promise<DashboardFigures> {
    const now = clock.now();
    const members = await people.members.listAll();
    const [core, sections] = await Promise.all([
      peopleFigures(people.groups, members, now),
      contributions.computeFigures({ now, members }),
    ]);
    return { ...core, ...sections };
  }

  return {
    async whoIs(identity: TabIdentity): Promise<{ name: string; dashboard: boolean }> {
      const actor = await actorOf(identity);
      return { name: actor.member.displayName, dashboard: can(actor, peoplePermissions.readStatistics) };
    },

    async figures(
      identity: TabIdentity,
      requested?: Locale,
    ): Promise<{ allowed: true; dashboard: DashboardFigures } | { allowed: false; message: string }> {
      const actor = await actorOf(identity);
      try {
        ensureAllowed(actor, peoplePermissions.readStatistics);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        return {
          allowed: false,
          message: error.describe(createTranslator(tabLocale(requested, actor.member))),
        };
      }
      return { allowed: true, dashboard: await compute() };
    },

    /** Development only (TAB_DEV_PERSONAS): the people one may act as in a plain browser. */
    async personas(): Promise<Array<{ aadObjectId: string; name: string; organisation?: string }>> {
      return (await people.members.listAll())
        .filter((member): member is MemberRecord & { aadObjectId: string } => Boolean(member.aadObjectId))
        .map((member) => ({
          aadObjectId: member.aadObjectId,
          name: member.displayName,
          organisation: member.profile.organisation,
        }));
    },
  };
}

export type TabDashboard = ReturnType<typeof createTabDashboard>;
