import { pollFigures } from '../../../src/features/polls/figures';

describe('pollFigures', () => {
  it('measures participation as ballots over the people the open polls asked', async () => {
    const polls = { participationInOpenPolls: async () => ({ open: 2, ballots: 9, targeted: 12 }) };
    expect(await pollFigures(polls)).toEqual({ open: 2, ballots: 9, participation: 75 });
  });

  it('shows no participation, rather than dividing by zero, when no poll is open', async () => {
    const polls = { participationInOpenPolls: async () => ({ open: 0, ballots: 0, targeted: 0 }) };
    expect(await pollFigures(polls)).toEqual({ open: 0, ballots: 0, participation: 0 });
  });
});
