import type { PersonalDataSource } from '../../privacy/personal-data';
import { type MembersRepository } from '../../people';
import type { MeetupsRepository } from './repository';

/**
 * A person's meetups: their settings, the meetups they were in (with whom) and
 * their answers. Erasing keeps the others' history, where the person becomes "a former member".
 */
export function meetupsPersonalData(
  meetups: MeetupsRepository,
  members: MembersRepository,
): PersonalDataSource {
  return {
    name: 'meetups',
    titleKey: 'meetups.privacySection',
    async export(memberId) {
      const data = await meetups.exportMember(memberId);
      const people = await members.findByIds([
        ...new Set(data.meetups.flatMap((meetup) => meetup.memberIds)),
      ]);
      const names = new Map(people.map((member) => [member.id, member.displayName]));
      return {
        settings: data.participant && {
          active: data.participant.active,
          rhythm: data.participant.rhythm,
          pausedUntil: data.participant.pausedUntil,
          joinedAt: data.participant.joinedAt.toISOString(),
        },
        meetups: data.meetups.map((meetup) => ({
          day: meetup.day,
          with: meetup.memberIds.filter((id) => id !== memberId).map((id) => names.get(id) ?? null),
          withFormerMembers: meetup.formerMembers,
        })),
        answers: data.answers.map((answer) => ({
          meetupId: answer.meetupId,
          answer: answer.answer,
          answeredAt: answer.answeredAt.toISOString(),
        })),
      };
    },
    async erase(memberId) {
      const erased = await meetups.eraseMember(memberId);
      return erased > 0 ? { erased, keptReasonKey: 'meetups.privacyKept' } : { erased };
    },
  };
}
