import type { Turn } from '../../bot/turn';
import { renderCard, type AdaptiveCardJson } from '../../cards/render-card';
import type { Clock } from '../../clock';
import type { Outbox } from '../../delivery/outbox';
import { personConversationId } from '../../delivery/person-delivery';
import {
  deliverToPeople,
  isReachable,
  translatorFor,
  type GroupsRepository,
  type MemberRecord,
  type MembersRepository,
} from '../../people';
import type { Translator } from '../../i18n/translator';
import type { Logger } from '../../logging';
import type { OnboardingRepository } from './repository';

export interface WelcomeDependencies {
  onboarding: OnboardingRepository;
  members: MembersRepository;
  groups: GroupsRepository;
  outbox: Pick<Outbox, 'enqueue' | 'stateOf'>;
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
  const { onboarding, groups } = dependencies;
  if (!(await claimWelcomeAgain(dependencies, member, 'personal'))) return false;
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
 * Welcomes in 1:1 someone the bot met in a team, through the outbox: when they never wrote to
 * the bot, the outbox opens their personal chat at send time and stores it on the member. Someone
 * the bot cannot reach gets no claim, so a later door (their first message) still welcomes them.
 */
export async function welcomeInPrivate(
  dependencies: WelcomeDependencies,
  member: MemberRecord,
): Promise<boolean> {
  const { onboarding, groups, outbox, clock } = dependencies;
  if (!isReachable(member)) return false;
  if (!(await onboarding.claimWelcome(member.id, 'team', clock.now()))) return false;
  const card = await renderWelcomeCard(translatorFor(member), groups, member.displayName);
  await deliverToPeople(outbox, [member], () => ({ card }), {
    batchKey: 'onboarding:welcome',
    messageKey: privateWelcomeKey(member.id),
  });
  return true;
}

const privateWelcomeKey = (memberId: string) => `onboarding:welcome:${memberId}`;

/**
 * Claims the person's welcome; a claim whose private welcome the outbox could not deliver (the
 * app blocked at the time) is given back first, so that this door welcomes them after all.
 */
async function claimWelcomeAgain(
  dependencies: WelcomeDependencies,
  member: MemberRecord,
  channel: 'personal' | 'team',
): Promise<boolean> {
  const { onboarding, outbox, clock } = dependencies;
  if (await onboarding.claimWelcome(member.id, channel, clock.now())) return true;
  const state = await outbox.stateOf(privateWelcomeKey(member.id), personConversationId(member.id));
  if (state !== 'failed') return false;
  await onboarding.releaseWelcome(member.id);
  return onboarding.claimWelcome(member.id, channel, clock.now());
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
