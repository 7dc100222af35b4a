import { isProfileComplete } from '../../../src/people';
import {
  isNewcomer,
  isNewcomerInProgress,
  pathStatus,
  type PathStep,
} from '../../../src/features/onboarding/path-progress';

const step = (slug: string, order: number, dueDay: number): PathStep => ({
  slug,
  order,
  title: slug,
  description: '',
  dueDay,
  involves: [],
});

const steps = [step('livret', 1, 3), step('referent', 2, 10), step('jnr', 3, 60), step('bilan', 4, 90)];
const doneOn = (slug: string) => ({ stepSlug: slug, doneAt: new Date('2026-03-05T10:00:00Z') });

describe('path progress', () => {
  it('marks steps done, overdue or upcoming from the start date and today', () => {
    const status = pathStatus(steps, [doneOn('livret')], '2026-03-02', '2026-03-13');

    expect(status.steps.map((entry) => [entry.step.slug, entry.state, entry.dueDate])).toEqual([
      ['livret', 'done', '2026-03-05'],
      ['referent', 'overdue', '2026-03-12'],
      ['jnr', 'upcoming', '2026-05-01'],
      ['bilan', 'upcoming', '2026-05-31'],
    ]);
    expect(status).toMatchObject({
      doneCount: 1,
      total: 4,
      percentage: 25,
      overdueCount: 1,
      complete: false,
    });
  });

  it('keeps a step on time through its due day', () => {
    // "referent" is due J+10 = 2026-03-12.
    expect(pathStatus(steps, [doneOn('livret')], '2026-03-02', '2026-03-12').overdueCount).toBe(0);
    expect(pathStatus(steps, [doneOn('livret')], '2026-03-02', '2026-03-13').overdueCount).toBe(1);
  });

  it('rounds the percentage down so that 100 % means complete', () => {
    const three = steps.slice(0, 3);
    expect(
      pathStatus(three, [doneOn('livret'), doneOn('referent')], '2026-03-02', '2026-03-03').percentage,
    ).toBe(66);
    const all = pathStatus(
      three,
      three.map((entry) => doneOn(entry.slug)),
      '2026-03-02',
      '2026-03-03',
    );
    expect(all).toMatchObject({ percentage: 100, complete: true, overdueCount: 0 });
  });

  it('no longer counts ticks on a step the coordinators removed', () => {
    const status = pathStatus(
      steps.slice(1),
      [doneOn('livret'), doneOn('referent')],
      '2026-03-02',
      '2026-03-03',
    );

    expect(status).toMatchObject({ doneCount: 1, total: 3, percentage: 33 });
  });

  it('leaves steps undated while the start date is unknown', () => {
    const status = pathStatus(steps, [], undefined, '2026-03-03');

    expect(status.steps.every((entry) => entry.state === 'undated')).toBe(true);
    expect(status.overdueCount).toBe(0);
  });

  it('counts as newcomers recent starters and people who ticked a step, until the path is complete', () => {
    const today = '2026-09-01';
    const empty = pathStatus(steps, [], '2026-03-05', today);
    expect(isNewcomer('2026-03-05', false, today)).toBe(true); // 180 days ago
    expect(isNewcomer('2026-03-04', false, today)).toBe(false); // 181 days ago
    expect(isNewcomer('2026-10-01', false, today)).toBe(true); // starts next month
    expect(isNewcomer('2015-09-01', true, today)).toBe(true);
    expect(isNewcomer(undefined, false, today)).toBe(false);

    const complete = pathStatus(
      steps,
      steps.map((entry) => doneOn(entry.slug)),
      '2026-08-01',
      today,
    );
    expect(isNewcomerInProgress('2026-08-01', complete, true, today)).toBe(false);
    expect(isNewcomerInProgress('2026-03-05', empty, false, today)).toBe(true);
  });

  it('calls a profile complete when organisation, direction, site, trade and start date are filled', () => {
    const profile = {
      organisation: 'Ville d’Orléans',
      direction: 'Direction de la Culture',
      site: 'Médiathèque',
      trade: 'Responsable de service',
      startDate: '2026-03-02',
    };
    expect(isProfileComplete(profile)).toBe(true);
    expect(isProfileComplete({ ...profile, site: ' ' })).toBe(false);
    expect(isProfileComplete({ ...profile, startDate: undefined })).toBe(false);
  });
});
