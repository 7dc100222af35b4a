import type { Clock } from '../clock';
import { calendarDayIn } from '../i18n/calendar';
import type { DashboardFigures, Share } from './dashboard-figures';
import type { PollsRepository } from '../features/polls/repository';
import { eventFigures } from '../features/events/figures';
import type { EventsRepository } from '../features/events/repository';
import type { OutboxRepository } from '../delivery/repository';
import type { MeetupsRepository } from '../features/meetups/repository';
import { AppError } from '../errors';
import {
  type GroupsRepository,
  can,
  ensureAllowed,
  createActorLoader,
  summarizeReach,
  type ReachSummary,
  type MemberRecord,
  type MembersRepository,
  peoplePermissions,
} from '../people';
import { isNewcomer, pathStatus } from '../features/onboarding/path-progress';
import type { OnboardingRepository } from '../features/onboarding/repository';
import { createTranslator } from '../i18n/translator';
import type { TabIdentity } from './sso-token';

/** The seed presentation's headline: 146 active managers out of 350. Shown beside live figures. */
export const seedReference = { members: 350, active: 146, percentage: 42 } as const;

export interface TabDashboardDependencies {
  members: MembersRepository;
  groups: GroupsRepository;
  onboarding: OnboardingRepository;
  outbox: OutboxRepository;
  polls: PollsRepository;
  /** Channels subscribed to the Info Flash, for the reach figures. */
  countChannels: () => Promise<number>;
  events: EventsRepository;
  meetups: MeetupsRepository;
  coordinators: readonly string[];
  clock: Clock;
  timezone: string;
}

const withoutReachable = ({ reachable: _reachable, ...rest }: ReachSummary) => rest;

const percentOf = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 100));

function sharesBy(
  people: MemberRecord[],
  active: ReadonlySet<string>,
  labelOf: (member: MemberRecord) => string | undefined,
): Share[] {
  const rows = new Map<string, { members: number; active: number }>();
  for (const member of people) {
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

/**
 * Figures for coordinators and the steering committee (permission `readStatistics`): who takes
 * part, where, in which group, how newcomers progress, and how Info Flash deliveries fare.
 */
export function createTabDashboard(dependencies: TabDashboardDependencies) {
  const { members, groups, onboarding, outbox, polls, events, meetups, clock } = dependencies;
  const loadActor = createActorLoader(members, dependencies.coordinators);
  const t = createTranslator('fr');
  const actorOf = (identity: TabIdentity) =>
    loadActor(
      { id: identity.aadObjectId, aadObjectId: identity.aadObjectId, name: identity.name },
      clock.now(),
    );

  async function compute(): Promise<DashboardFigures> {
    const now = clock.now();
    const today = calendarDayIn(now, dependencies.timezone);
    const [people, allGroups, counts, steps, progress, deliveries, participation, channels, meetupFigures] =
      await Promise.all([
        members.listAll(),
        groups.listGroups(),
        groups.countMembers(),
        onboarding.listSteps(),
        onboarding.progressByMember(),
        outbox.countByState('digest:'),
        polls.participationInOpenPolls(),
        dependencies.countChannels(),
        meetups.figures(),
      ]);
    const calendar = await eventFigures(events, people, now);
    const memberships = await Promise.all(allGroups.map((group) => groups.membersOf(group.slug)));
    // Active, as the network counts it: member of at least one working group.
    const active = new Set(memberships.flat().map((membership) => membership.memberId));
    const activeCount = people.filter((member) => active.has(member.id)).length;
    const newcomers = people.flatMap((member) => {
      const ticks = progress.get(member.id) ?? [];
      return isNewcomer(member.profile.startDate, ticks.length > 0, today)
        ? [pathStatus(steps, ticks, member.profile.startDate, today)]
        : [];
    });
    return {
      generatedAt: now.toISOString(),
      headline: {
        members: people.length,
        active: activeCount,
        percentage: percentOf(activeCount, people.length),
      },
      reference: seedReference,
      byOrganisation: sharesBy(people, active, (member) => member.profile.organisation),
      byDirection: sharesBy(people, active, (member) => member.profile.direction),
      groups: allGroups
        .map((group) => ({ slug: group.slug, title: group.title, members: counts.get(group.slug) ?? 0 }))
        .sort((a, b) => b.members - a.members),
      onboarding: {
        newcomers: newcomers.length,
        complete: newcomers.filter((status) => status.complete).length,
        averagePercentage:
          newcomers.length === 0
            ? 0
            : Math.round(newcomers.reduce((sum, status) => sum + status.percentage, 0) / newcomers.length),
        withOverdueSteps: newcomers.filter((status) => status.overdueCount > 0).length,
      },
      polls: {
        open: participation.open,
        ballots: participation.ballots,
        participation: percentOf(participation.ballots, participation.targeted),
      },
      infoFlash: {
        sent: deliveries.sent,
        failed: deliveries.failed,
        waiting: deliveries.pending + deliveries.sending,
      },
      reach: { ...withoutReachable(summarizeReach(people)), channels },
      events: calendar,
      meetups: meetupFigures,
    };
  }

  return {
    async whoIs(identity: TabIdentity): Promise<{ name: string; dashboard: boolean }> {
      const actor = await actorOf(identity);
      return { name: actor.member.displayName, dashboard: can(actor, peoplePermissions.readStatistics) };
    },

    async figures(
      identity: TabIdentity,
    ): Promise<{ allowed: true; dashboard: DashboardFigures } | { allowed: false; message: string }> {
      try {
        ensureAllowed(await actorOf(identity), peoplePermissions.readStatistics);
      } catch (error) {
        if (error instanceof AppError) return { allowed: false, message: error.describe(t) };
        throw error;
      }
      return { allowed: true, dashboard: await compute() };
    },

    /** Development only (TAB_DEV_PERSONAS): the people one may act as in a plain browser. */
    async personas(): Promise<Array<{ aadObjectId: string; name: string; organisation?: string }>> {
      return (await members.listAll())
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
