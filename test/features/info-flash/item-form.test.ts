import { contentOf, proposeSchema, saveSchema } from '../../../src/features/info-flash/item-form';

describe('Info Flash item form', () => {
  const valid = { title: ' Atelier ', text: 'Jeudi, salle 3.', link: '', groupSlug: '' };
  const problemsOf = (data: unknown) => {
    const parsed = proposeSchema.safeParse(data);
    return parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);
  };

  it('stores trimmed texts, and an empty link or group as absent', () => {
    expect(contentOf(proposeSchema.parse(valid))).toEqual({ title: 'Atelier', text: 'Jeudi, salle 3.' });
  });

  it('refuses operator objects and fields the form does not have', () => {
    expect(problemsOf({ ...valid, title: { $gt: '' } })).toEqual(['infoFlash.form.titleRequired']);
    expect(proposeSchema.safeParse({ ...valid, status: 'approved' }).success).toBe(false);
  });

  it('accepts web addresses only as links', () => {
    expect(problemsOf({ ...valid, link: 'https://www.orleans-metropole.fr/agenda' })).toEqual([]);
    for (const link of ['javascript:alert(1)', 'https://localhost', 'www.orleans.fr', 'https://a b.fr']) {
      expect(problemsOf({ ...valid, link })).toEqual(['infoFlash.form.linkInvalid']);
    }
  });

  it('names the limit a title or a text goes over', () => {
    expect(problemsOf({ ...valid, title: 'x'.repeat(121) })).toEqual(['infoFlash.form.titleTooLong']);
    expect(problemsOf({ ...valid, text: 'x'.repeat(1_501) })).toEqual(['infoFlash.form.textTooLong']);
  });

  it('refuses a save whose item id is not a record id', () => {
    const parsed = saveSchema.safeParse({ ...valid, itemId: '../../etc' });
    expect(parsed.success ? [] : parsed.error.issues.map((issue) => issue.message)).toEqual([
      'infoFlash.form.unknownItem',
    ]);
  });
});
