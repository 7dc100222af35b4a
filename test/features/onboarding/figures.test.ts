import { onboardingFigures } from '../../../src/features/onboarding/figures';
import type { PathStep, StepProgress } from '../../../src/features/onboarding/path-progress';
import type { MemberRecord } from '../../../src/people';

const step = (slug: string, dueDay: number): PathStep => ({
  slug,
  order: dueDay,
  title: slug,
  description: '',
  dueDay,
  involves: [],
});

const member = (id: string, startDate?: string) =>
  ({ id, profile: { startDate } }) as unknown as MemberRecord;

describe('onboardingFigures', () => {
  const steps = [step('accueil', 0), step('entretien', 30)];
  // 10:00 in Paris on 1 April: Ines started 40 days ago, Hugo 2 days ago, Odile years ago.
  const now = new Date('2026-04-01T08:00:00Z');
  const members = [member('ines', '2026-02-20'), member('hugo', '2026-03-30'), member('odile', '2019-09-01')];

  it('follows the newcomers only: their average progress, who finished, who is late', async () => {
    const progress = new Map<string, StepProgress[]>([
      ['ines', [{ stepSlug: 'accueil', doneAt: new Date('2026-02-20T09:00:00Z') }]],
      [
        'hugo',
        [
          { stepSlug: 'accueil', doneAt: new Date('2026-03-30T09:00:00Z') },
          { stepSlug: 'entretien', doneAt: new Date('2026-03-31T09:00:00Z') },
        ],
      ],
    ]);
    const onboarding = { listSteps: async () => steps, progressByMember: async () => progress };

    expect(await onboardingFigures(onboarding, 'Europe/Paris', { now, members })).toEqual({
      newcomers: 2,
      complete: 1,
      averagePercentage: 75,
      withOverdueSteps: 1,
    });
  });

  it('counts no one and divides by no one when nobody is new', async () => {
    const onboarding = { listSteps: async () => steps, progressByMember: async () => new Map() };

    expect(await onboardingFigures(onboarding, 'Europe/Paris', { now, members: [members[2]] })).toEqual({
      newcomers: 0,
      complete: 0,
      averagePercentage: 0,
      withOverdueSteps: 0,
    });
  });
});
