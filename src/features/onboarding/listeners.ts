import type { DomainEventListener, MembersEventData } from '../../bot/router';
import type { Turn } from '../../bot/turn';
import type { MemberRecord } from '../../people';
import { tickJnrStep, tickMeetupStep, welcomeCompletedProfile, type OnboardingDependencies } from './service';
import { greetInTeam, welcomeHere, welcomeInPrivate } from './welcome';

/** `meetup:held`: a newcomer who met the manager iX paired them with ticks the meetup step. */
export function tickMeetupStepWhenHeld(deps: OnboardingDependencies): DomainEventListener<'meetup:held'> {
  return async (held) => {
    await tickMeetupStep(deps, held.memberIds, deps.clock.now());
  };
}

/** `calendar:attended`: the newcomers' day ticks itself for the people seen at a JNR. */
export function tickJnrStepOnAttendance(
  deps: OnboardingDependencies,
): DomainEventListener<'calendar:attended'> {
  return async (attendance) => {
    if (attendance.kind !== 'jnr') return;
    for (const memberId of await tickJnrStep(deps, attendance.memberIds, attendance.at)) {
      deps.log.info({ memberId, eventId: attendance.eventId }, 'JNR step ticked by attendance');
    }
  };
}

/**
 * `member:profileCompleted`: the HR referents hear of a newcomer whose profile is now complete,
 * once. A failed notice must not fail the profile save that published the event.
 */
export function tellReferentsOfCompletedProfile(
  deps: OnboardingDependencies,
): DomainEventListener<'member:profileCompleted'> {
  return async ({ member, at }) => {
    try {
      await welcomeCompletedProfile(deps, member, at);
    } catch (error) {
      deps.log.error({ err: error, memberId: member.id }, 'referent notices failed');
    }
  };
}

/** Welcome: the first time the bot meets someone in their 1:1 chat, whichever door they came in by. */
export function welcomeTurnUser(deps: OnboardingDependencies) {
  return async (turn: Turn<unknown>): Promise<void> => {
    if (turn.conversation.kind !== 'personal' || !turn.user.id || turn.user.id === turn.botId) return;
    const member = await deps.members.findByIdentity({
      aadObjectId: turn.user.aadObjectId,
      teamsUserId: turn.user.id,
    });
    if (member && (await welcomeHere(deps, turn, member))) {
      deps.log.info({ memberId: member.id }, 'newcomer welcomed');
    }
  };
}

/**
 * `member:added`: in a 1:1 chat, the welcome; in a team, one public greeting and the welcome in
 * private. Registered after the members slice, whose own listener has recorded the people already.
 */
export function welcomeAddedMembers(deps: OnboardingDependencies) {
  return async (turn: Turn<MembersEventData>): Promise<void> => {
    const people: MemberRecord[] = [];
    for (const person of turn.data.members.filter((added) => added.id && added.id !== turn.botId)) {
      const member = await deps.members.findByIdentity({
        aadObjectId: person.aadObjectId,
        teamsUserId: person.id,
      });
      if (member) people.push(member);
    }
    if (turn.conversation.kind === 'personal') {
      for (const member of people) await welcomeHere(deps, turn, member);
      return;
    }
    const teamId = turn.conversation.teamId;
    if (!teamId) return;
    await greetInTeam(deps, turn, teamId, people);
    for (const member of people) {
      if (await welcomeInPrivate(deps, member)) {
        deps.log.info({ memberId: member.id, teamId }, 'newcomer welcomed in private');
      }
    }
  };
}
