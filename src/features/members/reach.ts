import { isConfiguredCoordinator } from './actor';
import type { Logger } from 'pino';
import type { Messenger } from '../../bot/messenger';
import type { OutgoingMessage } from '../../bot/turn';
import { createTranslator, defaultLocale, type Translator } from '../../i18n/translator';
import type { MemberRecord, MembersRepository } from './repository';

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

/**
 * Writes to people in their 1:1 chat with the bot, each in their own language. People the bot
 * never talked to are skipped; a failed send is logged and does not stop the others.
 */
export async function notifyPeople(
  messenger: Messenger,
  log: Logger,
  people: readonly MemberRecord[],
  message: (t: Translator) => OutgoingMessage,
): Promise<void> {
  const reachable = people.filter((person) => person.personalConversation);
  const results = await Promise.allSettled(
    reachable.map((person) => messenger.send(person.personalConversation!, message(translatorFor(person)))),
  );
  results.forEach((result, index) => {
    if (result.status === 'rejected') {
      log.warn({ err: result.reason, memberId: reachable[index].id }, 'notification not delivered');
    }
  });
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
