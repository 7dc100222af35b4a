import { AppError } from '../../../src/errors';
import { meetupStep } from '../../../src/features/onboarding/seed-content';
import {
  jnrStepSlug,
  pathOf,
  saveStartDate,
  setStepDone,
  tickJnrStep,
  tickMeetupStep,
  welcomeCompletedProfile,
} from '../../../src/features/onboarding/service';
import { completeProfile, useOnboardingDatabase, type OnboardingFakes } from './onboarding-support';

/** Friday 13 March 2026, 09:00 in Paris. */
const now = new Date('2026-03-13T08:00:00Z');

describe('onboarding service', () => {
  const fakesOf = useOnboardingDatabase(now);
  let fakes: OnboardingFakes;
  beforeEach(() => {
    fakes = fakesOf();
  });

  async function tickAll(memberId: string) {
    const member = (await fakes.deps.members.findById(memberId))!;
    const steps = await fakes.deps.onboarding.listSteps();
    for (const step of steps) await setStepDone(fakes.deps, member, { stepSlug: step.slug, done: true }, now);
    return { member, steps };
  }

  it('asks for the start date before showing a path', async () => {
    const zoe = await fakes.person('Zoé Nouvelle');
    expect(await pathOf(fakes.deps, zoe, now)).toEqual({ kind: 'startDateNeeded', today: '2026-03-13' });
  });

  it('tells the referents and publishes onboarding:pathCompleted once, on the tick that completes the path', async () => {
    const sophie = await fakes.referent('Sophie Référente');
    const ana = await fakes.person('Ana Complète', { startDate: '2026-03-02' });

    const { member, steps } = await tickAll(ana.id);
    await setStepDone(fakes.deps, member, { stepSlug: steps[0].slug, done: false }, now);
    await setStepDone(fakes.deps, member, { stepSlug: steps[0].slug, done: true }, now);

    expect(fakes.published.filter((event) => event.name === 'onboarding:pathCompleted')).toEqual([
      { name: 'onboarding:pathCompleted', data: { member, at: now } },
    ]);
    expect(fakes.textsTo(sophie.id)).toEqual([
      "🎉 Ana Complète a terminé son parcours d'intégration. Un petit mot de félicitations fera plaisir !",
    ]);
  });

  it('shows the path with the new tick, and says a click on an already ticked step changed nothing', async () => {
    const ana = await fakes.person('Ana Double', { startDate: '2026-03-02' });
    const change = { stepSlug: 'lire-livret', done: true };
    const first = await setStepDone(fakes.deps, ana, change, now);
    expect(first.toggle.changed).toBe(true);
    expect(first.path.kind === 'path' && first.path.view.status.doneCount).toBe(1);
    expect((await setStepDone(fakes.deps, ana, change, now)).toggle.changed).toBe(false);
  });

  it('refuses a step that is not on the path', async () => {
    const ana = await fakes.person('Ana Perdue', { startDate: '2026-03-02' });
    await expect(
      setStepDone(fakes.deps, ana, { stepSlug: 'inconnue', done: true }, now),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('publishes member:profileCompleted when the start date is what completes the profile, and only then', async () => {
    const { startDate, ...rest } = completeProfile('2026-03-02');
    const noe = await fakes.person('Noé Presque', rest);
    const updated = await saveStartDate(fakes.deps, noe, startDate as string, now);
    await saveStartDate(fakes.deps, updated, '2026-03-03', now);
    const lea = await fakes.person('Léa Incomplète');
    await saveStartDate(fakes.deps, lea, '2026-03-02', now);

    expect(fakes.published).toEqual([
      { name: 'member:profileCompleted', data: { member: updated, at: now } },
    ]);
  });

  it('refuses a start date that is not a day, or more than a year ahead', async () => {
    const zoe = await fakes.person('Zoé Futur');
    for (const wrong of ['2026-02-30', '13/03/2026', '2027-03-15']) {
      await expect(saveStartDate(fakes.deps, zoe, wrong, now)).rejects.toBeInstanceOf(AppError);
    }
    expect((await fakes.deps.members.findById(zoe.id))?.profile.startDate).toBeUndefined();
  });

  it('tells the referents once of a newcomer whose profile is complete, and never of a long-standing manager', async () => {
    const sophie = await fakes.referent('Sophie Référente');
    const ana = await fakes.person('Ana Complète', completeProfile('2026-03-02'));
    const paul = await fakes.person('Paul Ancien', completeProfile('2015-09-01'));

    expect(await welcomeCompletedProfile(fakes.deps, ana, now)).toBe(true);
    expect(await welcomeCompletedProfile(fakes.deps, ana, now)).toBe(false);
    expect(await welcomeCompletedProfile(fakes.deps, paul, now)).toBe(false);

    expect(fakes.textsTo(sophie.id)).toEqual([
      "Ana Complète a complété son profil iX (Ville d’Orléans · Direction de la Culture · Médiathèque · Responsable de service), arrivée le 2 mars 2026. C'est le bon moment pour lui proposer un premier rendez-vous.",
    ]);
  });

  it('ticks the meetup step for the newcomers of a meetup, not for long-standing managers', async () => {
    const ana = await fakes.person('Ana Rencontre', { startDate: '2026-03-02' });
    const paul = await fakes.person('Paul Ancien', { startDate: '2015-09-01' });

    expect(await tickMeetupStep(fakes.deps, [ana.id, paul.id], now)).toEqual([ana.id]);
    expect(await tickMeetupStep(fakes.deps, [ana.id, paul.id], now)).toEqual([]);
    expect((await fakes.deps.onboarding.progressOf(ana.id)).map((tick) => tick.stepSlug)).toEqual([
      meetupStep.slug,
    ]);
  });

  it('ticks the newcomers’ day for those who attended, unless coordinators removed the step', async () => {
    const ana = await fakes.person('Ana Présente', { startDate: '2026-03-02' });
    expect(await tickJnrStep(fakes.deps, [ana.id], now)).toEqual([ana.id]);

    await fakes.deps.onboarding.removeStep(jnrStepSlug);
    const eva = await fakes.person('Eva Présente', { startDate: '2026-03-02' });
    expect(await tickJnrStep(fakes.deps, [eva.id], now)).toEqual([]);
  });

  it('tells the referents when an attended newcomers’ day is the last step of the path', async () => {
    const sophie = await fakes.referent('Sophie Référente');
    const ana = await fakes.person('Ana Bientôt', { startDate: '2026-03-02' });
    const steps = await fakes.deps.onboarding.listSteps();
    for (const step of steps.filter((entry) => entry.slug !== jnrStepSlug))
      await fakes.deps.onboarding.markDone(ana.id, step.slug, now);

    await tickJnrStep(fakes.deps, [ana.id], now);

    expect(fakes.published.map((event) => event.name)).toEqual(['onboarding:pathCompleted']);
    expect(fakes.textsTo(sophie.id)).toHaveLength(1);
  });
});
