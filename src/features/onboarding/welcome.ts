import type { Messenger } from '../../bot/messenger';
import type { Turn } from '../../bot/turn';
import { renderCard, type AdaptiveCardJson } from '../../cards/render-card';
import type { Clock } from '../../clock';
import type { Translator } from '../../i18n/translator';
import type { Logger } from '../../logging';
import type { GroupsRepository } from '../groups/repository';
import type { MemberRecord, MembersRepository } from '../members/repository';
import type { OnboardingRepository } from './repository';

export interface WelcomeDependencies {
  onboarding: OnboardingRepository;
  members: MembersRepository;
  groups: GroupsRepository;
  messenger: Messenger;
  clock: Clock;
  log: Logger;
}

/**
 * What iX is, its values, the groups in one line each, and four ways to start. The buttons post
 * the command words back as the person's own message (`imBack`): the welcome card stays in the
 * chat, and each button runs the command its slice owns (profil, parcours, livret, groupes).
 */
export async function renderWelcomeCard(
  t: Translator,
  groups: GroupsRepository,
  name: string,
): Promise<AdaptiveCardJson> {
  const firstName = name.trim().split(/\s+/)[0] ?? '';
  return renderCard(
    'onboarding/welcome',
    {
      title: firstName
        ? t('onboarding.welcome.title', { name: firstName })
        : t('onboarding.welcome.titleNoName'),
      groups: (await groups.listGroups()).map((group) => ({ title: group.title, theme: group.theme })),
    },
    t,
  );
}

/**
 * Welcomes the person of a personal-scope turn (app installed, bot added to their chat) right
 * here. Teams sends several events for one installation, sometimes at the same instant: the
 * `welcomes` unique index lets exactly one of them through.
 */
export async function welcomeHere(
  dependencies: WelcomeDependencies,
  turn: Turn<unknown>,
  member: MemberRecord,
): Promise<boolean> {
  const { onboarding, groups, clock } = dependencies;
  if (!(await onboarding.claimWelcome(member.id, 'personal', clock.now()))) return false;
  try {
    await turn.send({ card: await renderWelcomeCard(turn.t, groups, member.displayName) });
    return true;
  } catch (error) {
    // Not delivered: give the claim back so that the next event welcomes them.
    await onboarding.releaseWelcome(member.id);
    throw error;
  }
}

/**
 * Welcomes in 1:1 someone the bot met in a team. When they never wrote to the bot, the personal
 * chat is opened through the Bot Connector and its reference stored on the member. Failures are
 * logged and the claim is given back: one person's closed chat must not stop the others.
 */
export async function welcomeInPrivate(
  dependencies: WelcomeDependencies,
  turn: Turn<unknown>,
  member: MemberRecord,
): Promise<boolean> {
  const { onboarding, members, groups, messenger, clock, log } = dependencies;
  if (!(await onboarding.claimWelcome(member.id, 'team', clock.now()))) return false;
  try {
    let reference = member.personalConversation;
    if (!reference) {
      const serviceUrl = turn.conversationReference.serviceUrl;
      if (typeof serviceUrl !== 'string' || !member.teamsUserId) {
        throw new Error('No Bot Connector address or Teams id to open the personal chat');
      }
      reference = await messenger.openPersonalConversation({
        serviceUrl,
        tenantId: turn.conversation.tenantId ?? member.tenantId,
        userId: member.teamsUserId,
      });
      await members.setPersonalConversation(member.id, reference);
    }
    await messenger.send(reference, { card: await renderWelcomeCard(turn.t, groups, member.displayName) });
    return true;
  } catch (error) {
    log.warn({ err: error, memberId: member.id }, 'welcome not delivered');
    await onboarding.releaseWelcome(member.id);
    return false;
  }
}

/** One short public line in the team for the people greeted there for the first time. */
export async function greetInTeam(
  dependencies: WelcomeDependencies,
  turn: Turn<unknown>,
  teamId: string,
  people: readonly MemberRecord[],
): Promise<MemberRecord[]> {
  const greeted: MemberRecord[] = [];
  for (const person of people) {
    if (await dependencies.onboarding.claimTeamGreeting(teamId, person.id, dependencies.clock.now())) {
      greeted.push(person);
    }
  }
  if (greeted.length > 0) {
    const names = greeted.map((person) => person.displayName).filter(Boolean);
    await turn.sendText('onboarding.teamGreeting', { names: names.join(', ') });
  }
  return greeted;
}
