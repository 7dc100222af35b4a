import { describeFormProblems, readPollForm } from '../../../src/features/polls/poll-form';
import { createTranslator } from '../../../src/i18n/translator';

/** Friday 27 November 2026, 10:00 in Paris. */
const now = new Date('2026-11-27T09:00:00Z');
const context = { now, timeZone: 'Europe/Paris' };
const t = createTranslator('fr');

const valid = {
  group: 'bon-accueil',
  question: '  Quel créneau pour notre atelier ?  ',
  options: 'Mardi matin\n\n  Jeudi après-midi \r\nVendredi',
  mode: 'single',
  maxChoices: '',
  anonymous: 'false',
  visibility: 'afterVote',
  deadlineDate: '2026-12-04',
  deadlineTime: '18:00',
  sendPersonal: 'true',
  sendChannel: 'false',
};

function problemsOf(data: unknown): string {
  const read = readPollForm(data, context);
  if (read.ok) throw new Error('expected the form to be refused');
  return describeFormProblems(read.problems, t);
}

describe('poll form', () => {
  it('reads a valid form: trimmed question, one option per non-empty line, Paris deadline', () => {
    const read = readPollForm(valid, context);
    expect(read).toEqual({
      ok: true,
      form: {
        pollId: undefined,
        audience: 'bon-accueil',
        question: 'Quel créneau pour notre atelier ?',
        options: ['Mardi matin', 'Jeudi après-midi', 'Vendredi'],
        multiple: false,
        maxChoices: undefined,
        anonymous: false,
        resultsVisibility: 'afterVote',
        deadline: new Date('2026-12-04T17:00:00Z'),
        sendPersonal: true,
        sendChannel: false,
      },
    });
  });

  it('refuses a missing or too long question', () => {
    expect(problemsOf({ ...valid, question: '   ' })).toBe('la question est obligatoire');
    expect(problemsOf({ ...valid, question: 'x'.repeat(301) })).toBe('la question dépasse 300 caractères');
  });

  it('wants 2 to 10 options of at most 100 characters', () => {
    expect(problemsOf({ ...valid, options: 'Seule' })).toBe('il faut au moins 2 réponses possibles');
    const eleven = Array.from({ length: 11 }, (_, index) => `Option ${index + 1}`).join('\n');
    expect(problemsOf({ ...valid, options: eleven })).toBe("11 réponses possibles, c'est trop : 10 au plus");
    expect(problemsOf({ ...valid, options: `Court\n${'y'.repeat(101)}` })).toBe(
      'la réponse n° 2 dépasse 100 caractères',
    );
  });

  it('refuses duplicate options whatever their case and spacing', () => {
    expect(problemsOf({ ...valid, options: 'Oui\nNon\n  oui ' })).toBe(
      'la réponse « oui » apparaît deux fois',
    );
    expect(problemsOf({ ...valid, options: 'Jeudi  matin\njeudi matin' })).toMatch(/apparaît deux fois/);
  });

  it('keeps a maximum only for multiple choice, between 1 and the number of options', () => {
    const multiple = { ...valid, mode: 'multiple' };
    const read = readPollForm({ ...multiple, maxChoices: '2' }, context);
    expect(read.ok && read.form.maxChoices).toBe(2);
    const all = readPollForm({ ...multiple, maxChoices: '3' }, context);
    expect(all.ok && all.form.maxChoices).toBeUndefined();
    const single = readPollForm({ ...valid, maxChoices: '2' }, context);
    expect(single.ok && single.form.maxChoices).toBeUndefined();
    expect(problemsOf({ ...multiple, maxChoices: '4' })).toBe(
      'le nombre de réponses au plus doit être compris entre 1 et 3',
    );
    expect(problemsOf({ ...multiple, maxChoices: '0' })).toMatch(/entre 1 et 3/);
    expect(problemsOf({ ...multiple, maxChoices: 'deux' })).toMatch(/entre 1 et 3/);
  });

  it('wants a deadline in the future and at most 90 days away, in Paris time', () => {
    expect(problemsOf({ ...valid, deadlineDate: '2026-11-27', deadlineTime: '09:59' })).toBe(
      'la clôture doit être dans le futur',
    );
    const soon = readPollForm({ ...valid, deadlineDate: '2026-11-27', deadlineTime: '10:01' }, context);
    expect(soon.ok && soon.form.deadline.toISOString()).toBe('2026-11-27T09:01:00.000Z');
    expect(problemsOf({ ...valid, deadlineDate: '2027-02-26', deadlineTime: '10:01' })).toBe(
      'la clôture doit avoir lieu dans les 90 jours',
    );
    expect(problemsOf({ ...valid, deadlineDate: '', deadlineTime: '' })).toBe(
      "la date et l'heure de clôture sont obligatoires",
    );
    expect(problemsOf({ ...valid, deadlineDate: '2026-02-30' })).toBe(
      "la date ou l'heure de clôture est illisible",
    );
  });

  it('names the skipped hour of the spring-forward night', () => {
    const march = { now: new Date('2027-03-01T09:00:00Z'), timeZone: 'Europe/Paris' };
    const read = readPollForm({ ...valid, deadlineDate: '2027-03-28', deadlineTime: '02:30' }, march);
    expect(read.ok).toBe(false);
    expect(!read.ok && describeFormProblems(read.problems, t)).toMatch(/n'existe pas à l'heure de Paris/);
  });

  it('wants at least one way to send the poll', () => {
    expect(problemsOf({ ...valid, sendPersonal: 'false', sendChannel: 'false' })).toBe(
      "choisissez au moins une façon d'envoyer le sondage",
    );
  });

  it('lists every problem at once', () => {
    expect(problemsOf({ ...valid, question: '', options: 'A' })).toBe(
      'la question est obligatoire ; il faut au moins 2 réponses possibles',
    );
  });

  it('refuses operator objects, non-text values and unknown fields before reading anything', () => {
    expect(problemsOf({ ...valid, question: { $gt: '' } })).toBe("le champ « question » n'est pas un texte");
    expect(problemsOf({ ...valid, options: ['A', 'B'] })).toBe(
      "le champ « réponses possibles » n'est pas un texte",
    );
    expect(problemsOf({ ...valid, createdBy: 'someone' })).toBe('des champs inattendus (createdBy)');
    expect(problemsOf({ ...valid, group: { $ne: null } })).toMatch(/n'est pas un texte|plus à jour/);
    expect(problemsOf({ ...valid, group: 'Bon Accueil' })).toMatch(/plus à jour/);
    expect(problemsOf({ ...valid, pollId: 'not-an-id' })).toMatch(/plus à jour/);
    expect(problemsOf({ ...valid, mode: 'ranked' })).toMatch(/plus à jour/);
  });
});
