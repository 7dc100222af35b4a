import { renderCard } from '../../cards/render-card';
import { calendarDayIn, formatCalendarDay } from '../../i18n/calendar';
import type { Locale, Translator } from '../../i18n/translator';
import type { GroupRecord } from '../../people';
import type { GroupMemberRow, GroupsBoard } from './service';

/** The groups card: every group, its members and leads, and this person's join/leave buttons. */
export function renderGroupsCard(
  board: GroupsBoard,
  view: { shared: boolean; notice?: string },
  t: Translator,
) {
  return renderCard(
    'groups/groups',
    {
      notice: view.notice ?? '',
      shared: view.shared,
      groups: board.groups.map((group) => {
        const leads =
          group.leadNames.length > 0
            ? t('groups.leads', { names: group.leadNames.join(', ') })
            : t('groups.noLead');
        return {
          slug: group.slug,
          title: group.title,
          theme: group.theme,
          details: `${t('groups.memberCount', { count: group.memberCount })} · ${leads}`,
          isMember: group.isMember,
        };
      }),
    },
    t,
    board.refreshUserIds,
  );
}

/** "You are the only lead": leaving needs a second click. */
export function renderSoleLeadCard(group: GroupRecord, t: Translator) {
  return renderCard(
    'groups/sole-lead',
    { title: t('groups.soleLeadTitle', { group: group.title }), groupSlug: group.slug },
    t,
  );
}

/** A group's members with where they work and since when they belong to it. */
export function renderMembersCard(
  group: GroupRecord,
  rows: readonly GroupMemberRow[],
  format: { t: Translator; locale: Locale; timeZone: string },
) {
  const { t, locale, timeZone } = format;
  return renderCard(
    'groups/members',
    {
      title: t('groups.membersTitle', { group: group.title }),
      countLine: t('groups.membersCountLine', { count: rows.length }),
      members: rows.map(({ membership, member }) => ({
        name: member.displayName,
        where: [member.profile.organisation, member.profile.direction].filter(Boolean).join(' · ') || '—',
        since: t('groups.membersSince', {
          date: formatCalendarDay(calendarDayIn(membership.joinedAt, timeZone), locale),
        }),
      })),
    },
    t,
  );
}

/** Which group? One button per candidate, each opening `verb` for its group. */
export function renderChooseGroupCard(verb: string, candidates: readonly GroupRecord[], t: Translator) {
  return renderCard(
    'groups/choose',
    { verb, groups: candidates.map(({ slug, title }) => ({ slug, title })) },
    t,
  );
}
