import type { PersonalDataSource } from '../../privacy/personal-data';
import type { PollsRepository } from './repository';

/**
 * A person's poll data: the polls they started and their answers to named polls. Answers to
 * anonymous polls are not linked to anyone, so they can be neither exported nor erased; they stay
 * in the totals, and the erasure report says so.
 */
export function pollsPersonalData(polls: PollsRepository): PersonalDataSource {
  return {
    name: 'polls',
    titleKey: 'polls.privacySection',
    async export(memberId) {
      const { created, ballots } = await polls.exportMember(memberId);
      return {
        started: created.map((poll) => ({
          question: poll.question,
          audience: poll.audienceTitle,
          status: poll.status,
          createdAt: poll.createdAt.toISOString(),
        })),
        namedAnswers: ballots.map(({ ballot, poll }) => ({
          question: poll?.question,
          answers: ballot.choices.map(
            (choice) => poll?.options.find((option) => option.id === choice)?.label ?? choice,
          ),
        })),
      };
    },
    async erase(memberId) {
      const { erased, wasAskedAnonymously } = await polls.eraseMember(memberId);
      return erased > 0 || wasAskedAnonymously ? { erased, keptReasonKey: 'polls.privacyKept' } : { erased };
    },
  };
}
