import type { Logger } from 'pino';
import type { Messenger } from '../../bot/messenger';
import type { OutgoingMessage } from '../../bot/turn';
import { createTranslator, type Translator } from '../../i18n/translator';
import type { MemberRecord, MembersRepository } from '../members/repository';

/** Teams refreshes a shared card automatically for at most 60 listed users. */
const maxRefreshUserIds = 60;

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
      : (await members.listAll()).filter((member) =>
          [member.aadObjectId, member.userPrincipalName, member.email]
            .filter((identity): identity is string => Boolean(identity))
            .some((identity) => configured.includes(identity.toLowerCase())),
        );
  return [...new Map([...granted, ...byConfiguration].map((member) => [member.id, member])).values()];
}

/**
 * Writes to people in their 1:1 chat with the bot, in French (the network's language; we do not
 * know the language of someone who is not talking to us). People the bot never talked to are
 * skipped; a failed send is logged and does not stop the others.
 */
export async function notifyPeople(
  messenger: Messenger,
  log: Logger,
  people: readonly MemberRecord[],
  message: (t: Translator) => OutgoingMessage,
): Promise<void> {
  const t = createTranslator('fr');
  const results = await Promise.allSettled(
    people
      .filter((person) => person.personalConversation)
      .map((person) => messenger.send(person.personalConversation!, message(t))),
  );
  for (const result of results) {
    if (result.status === 'rejected')
      log.warn({ err: result.reason }, 'Info Flash notification not delivered');
  }
}

/** Who sees their own view of a channel card without clicking: `first`, then the most recently active. */
export async function refreshAudience(members: MembersRepository, first?: string): Promise<string[]> {
  const recent = (await members.listAll())
    .filter((member) => member.teamsUserId && member.lastSeenAt)
    .sort((a, b) => (b.lastSeenAt?.getTime() ?? 0) - (a.lastSeenAt?.getTime() ?? 0))
    .map((member) => member.teamsUserId as string);
  return [...new Set([...(first ? [first] : []), ...recent])].slice(0, maxRefreshUserIds);
}
