import { describeFormProblems, readSheetForm } from '../../../src/features/mission-sheets/sheet-form';
import { createTranslator } from '../../../src/i18n/translator';

describe('sheet form', () => {
  const valid = {
    groupSlug: 'gps',
    version: '4',
    objective: '  Former des référents  ',
    context: '',
    deliverables: 'Kit GPS\n\n  Plan de formation  \n',
    milestones: '2026-05-29 Kit GPS, version test',
    status: 'active',
  };

  it('reads a valid form into trimmed content and the version it was built from', () => {
    expect(readSheetForm(valid)).toEqual({
      ok: true,
      form: {
        groupSlug: 'gps',
        version: 4,
        content: {
          status: 'active',
          objective: 'Former des référents',
          context: '',
          deliverables: ['Kit GPS', 'Plan de formation'],
          milestones: [{ date: '2026-05-29', title: 'Kit GPS, version test' }],
        },
      },
    });
  });

  it('takes missing optional inputs (Teams omits empty ones) as empty', () => {
    const { context: _context, deliverables: _deliverables, milestones: _milestones, ...minimal } = valid;
    const read = readSheetForm(minimal);

    expect(read.ok && read.form.content).toMatchObject({ context: '', deliverables: [], milestones: [] });
  });

  it.each<[string, Record<string, unknown>, string]>([
    [
      'operator objects',
      { objective: { $gt: '' }, context: { $ne: null } },
      'le champ « objectif » doit être du texte ; le champ « contexte » doit être du texte',
    ],
    ['arrays', { deliverables: ['a', 'b'] }, 'le champ « livrables » doit être du texte'],
    ['unknown fields', { $where: '1', isAdmin: true }, 'des champs inattendus ($where, isAdmin)'],
    ['a missing objective', { objective: undefined }, "l'objectif est vide"],
    [
      'a numeric version',
      { version: 4 },
      "ce formulaire n'est plus lisible : rouvrez la fiche puis cliquez sur « Modifier »",
    ],
  ])('refuses %s in French', (_case, change, message) => {
    const read = readSheetForm({ ...valid, ...change });

    expect(read.ok).toBe(false);
    if (!read.ok) expect(describeFormProblems(read.problems, createTranslator('fr'))).toBe(message);
  });

  it('refuses anything that is not an object', () => {
    for (const data of [null, 'objective', 42, []]) expect(readSheetForm(data).ok).toBe(false);
  });

  it('counts the limits in characters after trimming', () => {
    expect(readSheetForm({ ...valid, objective: ` ${'x'.repeat(1000)} ` }).ok).toBe(true);
    expect(readSheetForm({ ...valid, deliverables: Array(15).fill('x'.repeat(200)).join('\n') }).ok).toBe(
      true,
    );
  });

  it('explains the problems in English too', () => {
    const read = readSheetForm({ ...valid, milestones: '2026-02-30 Réunion' });

    expect(!read.ok && describeFormProblems(read.problems, createTranslator('en'))).toBe(
      'the date 2026-02-30 (line 1 of the calendar) does not exist',
    );
  });
});
