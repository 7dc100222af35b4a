import { isConfiguredCoordinator } from './actor';
import type { OutgoingMessage } from '../bot/turn';
import type { Outbox } from '../delivery/outbox';
import { personDelivery, type PersonDirectory } from '../delivery/person-delivery';
import { createTranslator, defaultLocale, type Translator } from '../i18n/translator';
import type { MemberRecord, MembersRepository } from './members-repository';

/** Teams refreshes a shared card automatically for at most 60 listed users; others click "refresh". */
export const maxRefreshUserIds = 60;

/** The language a person last used with the bot (French for people who never wrote to it). */
export function translatorFor(member: Pick<MemberRecord, 'locale'>): Translator {
  return createTranslator(member.locale ?? defaultLocale);
}

/**
 * Teams ids for a shared card's automatic per-user refresh: `first` (the clicker), then the most
 * recently active people, at most 60.
 */
export function refreshAudience(people: readonly MemberRecord[], first?: string): string[] {
  const recent = people
    .filter((member) => member.teamsUserId)
    .sort((a, b) => (b.lastSeenAt?.getTime() ?? 0) - (a.lastSeenAt?.getTime() ?? 0))
    .map((member) => member.teamsUserId as string);
  return [...new Set([...(first ? [first] : []), ...recent])].slice(0, maxRefreshUserIds);
}

/** How the bot can reach a person in private right now. */
export type ReachState =
  /** Their 1:1 chat with the bot is stored. */
  | 'chat'
  /** No chat yet, but the bot knows their Teams id and address: it opens one when it needs to. */
  | 'openable'
  /** Teams refused (app blocked or uninstalled: 403; left the tenant: 404). */
  | 'blocked'
  | 'notFound'
  /** Never met in Teams (e.g. only known from the seed): nothing to open a chat with. */
  | 'noAddress';

export function reachOf(
  member: Pick<MemberRecord, 'personalConversation' | 'teamsUserId' | 'serviceUrl' | 'unreachable'>,
): ReachState {
  if (member.unreachable) return member.unreachable.reason;
  if (member.personalConversation) return 'chat';
  return member.teamsUserId && member.serviceUrl ? 'openable' : 'noAddress';
}

export const isReachable = (member: MemberRecord) => ['chat', 'openable'].includes(reachOf(member));

/** Reach of an audience, for previews and the dashboard. */
export interface ReachSummary {
  people: number;
  /** Reachable in private: a stored chat, or one the bot can open. */
  reachable: number;
  withChat: number;
  toOpen: number;
  blocked: number;
  notFound: number;
  noAddress: number;
}

export function summarizeReach(people: readonly MemberRecord[]): ReachSummary {
  const count = (state: ReachState) => people.filter((member) => reachOf(member) === state).length;
  const withChat = count('chat');
  const toOpen = count('openable');
  return {
    people: people.length,
    reachable: withChat + toOpen,
    withChat,
    toOpen,
    blocked: count('blocked'),
    notFound: count('notFound'),
    noAddress: count('noAddress'),
  };
}

/** The reach of an audience in words, one line per non-empty figure (previews, dashboard). */
export function reachLines(t: Translator, reach: ReachSummary): string[] {
  const lines = [t('members.reach.reachable', { count: reach.reachable })];
  if (reach.toOpen > 0) lines.push(t('members.reach.toOpen', { count: reach.toOpen }));
  for (const reason of ['blocked', 'notFound', 'noAddress'] as const) {
    if (reach[reason] > 0) lines.push(t(`members.reach.${reason}`, { count: reach[reason] }));
  }
  return lines;
}

/** One message to one person, under its own key (e.g. `event:<id>:reminder:<memberId>`). */
export interface PersonalMessage {
  member: MemberRecord;
  /** Unique per person and message: enqueuing it twice sends once. */
  messageKey: string;
  message: (t: Translator, person: MemberRecord) => OutgoingMessage | OutgoingMessage[];
}

/**
 * THE way to send something to people in private, for every slice: one person-targeted delivery
 * each, in their own language, through the outbox (which opens the 1:1 chat at send time when
 * none is stored, and marks the person unreachable on 403/404). Enqueuing wakes the background
 * drainer: the caller never waits for the sends. Says how many people are reachable, how many
 * deliveries are new (a message already queued for a person is not queued again), and who cannot
 * be reached.
 */
export async function deliverEach(
  outbox: Pick<Outbox, 'enqueue'>,
  batchKey: string,
  messages: readonly PersonalMessage[],
): Promise<{ reachable: number; queued: number; unreachable: MemberRecord[] }> {
  const reachable = messages.filter(({ member }) => isReachable(member));
  let queued = 0;
  if (reachable.length > 0) {
    queued = await outbox.enqueue(
      reachable.map(({ member, messageKey, message }) =>
        personDelivery(member.id, message(translatorFor(member), member), { batchKey, messageKey }),
      ),
    );
  }
  const unreachable = messages.filter(({ member }) => !isReachable(member)).map(({ member }) => member);
  return { reachable: reachable.length, queued, unreachable };
}

/** The same message to several people: `messageKey` names it once (the outbox keys it per person). */
export async function deliverToPeople(
  outbox: Pick<Outbox, 'enqueue'>,
  people: readonly MemberRecord[],
  message: (t: Translator, person: MemberRecord) => OutgoingMessage | OutgoingMessage[],
  keys: { batchKey: string; messageKey: string },
): Promise<{ queued: number; skipped: number }> {
  const { reachable, unreachable } = await deliverEach(
    outbox,
    keys.batchKey,
    people.map((member) => ({ member, messageKey: keys.messageKey, message })),
  );
  return { queued: reachable, skipped: unreachable.length };
}

/** What the outbox needs to know about people, from the members repository. */
export function createPersonDirectory(members: MembersRepository): PersonDirectory {
  return {
    addressOf: async (memberId) => {
      const member = await members.findById(memberId);
      if (!member) return undefined;
      return {
        reference: member.personalConversation,
        target:
          member.teamsUserId && member.serviceUrl
            ? { serviceUrl: member.serviceUrl, tenantId: member.tenantId, userId: member.teamsUserId }
            : undefined,
      };
    },
    rememberConversation: (memberId, reference) => members.setPersonalConversation(memberId, reference),
    markUnreachable: (memberId, failure, now) =>
      members.markUnreachable(memberId, { reason: failure.reason, status: failure.status }, now),
  };
}

/** Coordinators by role grant or by IX_COORDINATORS, each once. */
export async function findCoordinators(
  members: MembersRepository,
  configured: readonly string[],
): Promise<MemberRecord[]> {
  const granted = await members.findByIds(
    (await members.grantsFor('coordinator')).map((grant) => grant.memberId),
  );
  const byConfiguration =
    configured.length === 0
      ? []
      : (await members.listAll()).filter((member) => isConfiguredCoordinator(member, configured));
  return [...new Map([...granted, ...byConfiguration].map((member) => [member.id, member])).values()];
}
