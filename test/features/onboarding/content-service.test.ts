import {
  chooseSection,
  chooseStep,
  removeStep,
  saveSection,
  saveStep,
} from '../../../src/features/onboarding/content-service';
import { actorFrom, type Actor } from '../../../src/people';
import { useOnboardingDatabase, type OnboardingFakes } from './onboarding-support';

const now = new Date('2026-03-13T08:00:00Z');

describe('onboarding content editing', () => {
  const fakesOf = useOnboardingDatabase(now);
  let fakes: OnboardingFakes;
  let coordinator: Actor;
  let member: Actor;

  beforeEach(async () => {
    fakes = fakesOf();
    const karim = await fakes.person('Karim Coordination');
    coordinator = actorFrom(karim, [{ memberId: karim.id, role: 'coordinator', grantedAt: now }], []);
    member = actorFrom(await fakes.person('Ana Membre'), [], []);
  });

  it('opens the one step whose title holds what was typed, accents and case ignored', async () => {
    const choice = await chooseStep(fakes.deps, coordinator, 'RENCONTRER mon ou ma referent');
    expect(choice).toMatchObject({ kind: 'one', item: { slug: 'rencontrer-referent-rh' } });
  });

  it('offers every step when nothing was typed', async () => {
    const choice = await chooseStep(fakes.deps, coordinator, '  ');
    expect(choice.kind === 'choose' && choice.candidates).toEqual(await fakes.deps.onboarding.listSteps());
  });

  it('lets only coordinators edit the path and the booklet', async () => {
    await expect(chooseStep(fakes.deps, member, '')).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    await expect(chooseSection(fakes.deps, member, '')).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    await expect(removeStep(fakes.deps, member, 'lire-livret')).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
    });
    expect(await fakes.deps.onboarding.findStep('lire-livret')).toBeDefined();
  });

  it('keeps the slug of an edited step, so that nobody loses their ticks', async () => {
    const step = await saveStep(
      fakes.deps,
      coordinator,
      {
        slug: 'lire-livret',
        changes: { title: 'Lire le livret', description: 'Vite.', dueDay: 5, involves: [] },
      },
      now,
    );
    expect(step).toMatchObject({ slug: 'lire-livret', title: 'Lire le livret', dueDay: 5 });
  });

  it('removes a step and returns the path that is left', async () => {
    const { removed, steps } = await removeStep(fakes.deps, coordinator, 'lire-livret');
    expect(removed.slug).toBe('lire-livret');
    expect(steps.map((step) => step.slug)).not.toContain('lire-livret');
    await expect(removeStep(fakes.deps, coordinator, 'lire-livret')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('saves a booklet section and refuses a section that does not exist', async () => {
    const [first] = await fakes.deps.onboarding.listSections();
    const { section } = await saveSection(
      fakes.deps,
      coordinator,
      { slug: first.slug, title: 'Nouveau titre', body: 'Texte.' },
      now,
    );
    expect(section).toMatchObject({ slug: first.slug, title: 'Nouveau titre', body: 'Texte.' });
    await expect(
      saveSection(fakes.deps, coordinator, { slug: 'absente', title: 'Titre', body: 'Texte.' }, now),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
